import { describe, expect, it } from 'vitest';
import { PndError } from '../core/errors.ts';
import { SqliteJournal } from '../journal/index.ts';
import type { DependencyPRs, PullState } from '../capabilities/dependency-prs.ts';
import type { MergeAction, PatchDayPlan } from './plan.ts';
import { runMerges } from './run.ts';

/** An in-memory GitHub for the act phase: what is merged and approved, and what each call says. */
function world(pulls: Record<number, Partial<PullState>>) {
  const state = new Map<number, PullState>(
    Object.entries(pulls).map(([n, s]) => [
      Number(n),
      { state: 'open', headSha: `sha${n}`, draft: false, mergeable: true, labels: [], mergedBy: null, ...s },
    ]),
  );
  const approvals = new Set<string>();
  const calls: string[] = [];
  const refuse = new Map<number, PndError>();
  const failApprove = new Set<number>();
  const prs: DependencyPRs = {
    list: () => Promise.reject(new Error('not used')),
    read: (_repo, n) => Promise.resolve({ ...state.get(n)! }),
    approvedBy: (_repo, n, _login, sha) => Promise.resolve(approvals.has(`${n}@${sha}`)),
    approve: (_repo, n, sha) => {
      calls.push(`approve ${n}`);
      if (failApprove.has(n))
        return Promise.reject(new PndError('input-invalid', 'GitHub rejected the request as invalid.'));
      approvals.add(`${n}@${sha}`);
      return Promise.resolve();
    },
    merge: (_repo, n, { sha }) => {
      calls.push(`merge ${n}`);
      const error = refuse.get(n);
      if (error) return Promise.reject(error);
      const pull = state.get(n)!;
      if (pull.headSha !== sha) return Promise.reject(conflict(409, 'Head branch was modified.'));
      pull.state = 'merged';
      pull.mergedBy = 'oncall-kari';
      return Promise.resolve({ sha: `merge-of-${n}` });
    },
  };
  return { prs, state, calls, refuse, failApprove, approvals };
}

function conflict(status: number, message: string): PndError {
  return new PndError('conflict', 'GitHub refused the change in the resource’s current state.', {
    details: { status, vendorMessage: message },
  });
}

function plan(numbers: number[]): PatchDayPlan {
  const actions: MergeAction[] = numbers.map((n) => ({
    repo: 'Team/api',
    number: n,
    title: `PR ${n}`,
    url: `https://github.com/Team/api/pull/${n}`,
    sha: `sha${n}`,
    method: 'squash',
    approve: true,
  }));
  return { viewer: 'oncall-kari', repositories: [], missing: [], actions };
}

async function context(dryRun = false) {
  const journal = new SqliteJournal({ path: ':memory:' });
  return { journal, runId: dryRun ? 0 : await journal.startRun({ command: 'deps' }), dryRun };
}

describe('runMerges', () => {
  it('approves then merges each, one after the other', async () => {
    const w = world({ 1: {}, 2: {} });
    const results = await runMerges(await context(), w.prs, plan([1, 2]), { blockingLabels: ['wip'] });
    expect(results.map((r) => [r.number, r.outcome, r.approval, r.mergeSha])).toEqual([
      [1, 'merged', 'approved', 'merge-of-1'],
      [2, 'merged', 'approved', 'merge-of-2'],
    ]);
    expect(w.calls).toEqual(['approve 1', 'merge 1', 'approve 2', 'merge 2']);
  });

  it('reports a 405 or 409 and goes on with the next', async () => {
    const w = world({ 1: {}, 2: {}, 3: {} });
    w.refuse.set(1, conflict(405, 'Pull Request is not mergeable'));
    w.refuse.set(2, conflict(409, 'Head branch was modified. Review and try the merge again.'));
    const results = await runMerges(await context(), w.prs, plan([1, 2, 3]), { blockingLabels: [] });
    expect(results.map((r) => [r.number, r.outcome, r.status, r.detail])).toEqual([
      [1, 'refused', 405, 'Pull Request is not mergeable'],
      [2, 'refused', 409, 'Head branch was modified. Review and try the merge again.'],
      [3, 'merged', undefined, undefined],
    ]);
  });

  it('re-reads each first: skips what changed since the plan, and what someone else merged', async () => {
    const w = world({
      1: { headSha: 'pushed-since' },
      2: { state: 'merged', mergedBy: 'ola-nordmann' },
      3: { labels: ['WIP'] },
      4: { mergeable: false },
      5: { state: 'closed' },
      6: { draft: true },
    });
    const results = await runMerges(await context(), w.prs, plan([1, 2, 3, 4, 5, 6]), {
      blockingLabels: ['wip'],
    });
    expect(results.map((r) => [r.number, r.outcome, r.detail])).toEqual([
      [1, 'skipped', 'new commits since the plan'],
      [2, 'already-merged', 'by ola-nordmann'],
      [3, 'skipped', 'got a blocking label'],
      [4, 'skipped', 'conflicts with the base branch now'],
      [5, 'skipped', 'closed since the plan'],
      [6, 'skipped', 'turned into a draft'],
    ]);
    expect(w.calls).toEqual([]);
  });

  it('does not approve twice, and still merges when GitHub would not take the approval', async () => {
    const w = world({ 1: {}, 2: {} });
    w.approvals.add('1@sha1');
    w.failApprove.add(2);
    const results = await runMerges(await context(), w.prs, plan([1, 2]), { blockingLabels: [] });
    expect(results.map((r) => [r.number, r.approval, r.outcome])).toEqual([
      [1, 'already', 'merged'],
      [2, 'failed', 'merged'],
    ]);
    expect(w.calls).toEqual(['merge 1', 'approve 2', 'merge 2']);
  });

  it('stops at a refused token: every further write would be refused too', async () => {
    const w = world({ 1: {}, 2: {} });
    w.refuse.set(1, new PndError('auth-failed', 'GitHub did not accept the token.'));
    await expect(
      runMerges(await context(), w.prs, plan([1, 2]), { blockingLabels: [] }),
    ).rejects.toMatchObject({
      code: 'auth-failed',
    });
    expect(w.calls).toEqual(['approve 1', 'merge 1']);
  });

  it('plans without writing in a dry run', async () => {
    const w = world({ 1: {}, 2: { state: 'merged' } });
    const ctx = await context(true);
    const results = await runMerges(ctx, w.prs, plan([1, 2]), { blockingLabels: [] });
    expect(results.map((r) => [r.outcome, r.approval])).toEqual([
      ['planned', 'planned'],
      ['already-merged', 'not-needed'],
    ]);
    expect(w.calls).toEqual([]);
    expect(await ctx.journal.entries()).toEqual([]);
  });
});
