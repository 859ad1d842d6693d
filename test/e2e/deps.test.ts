import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { depsJson } from '../../src/cli/deps-output.ts';
import { loadEstate } from '../../src/config/load.ts';
import { actOnPatchDay, gatherPatchDay, type PatchDayJob } from '../../src/deps/patch-day.ts';
import type { PlannedPull } from '../../src/deps/plan.ts';
import { openJournal } from '../../src/journal/index.ts';
import { createGitHubClient } from '../../src/providers/github/client.ts';
import { GitHubDependencyPRs } from '../../src/providers/github/dependency-prs.ts';
import { GitHubIssueTracker } from '../../src/providers/github/issue-tracker.ts';
import { loadScenario } from '../../src/sim/scenario/load.ts';
import { TITLE_FIXTURES } from '../fixtures/deps/titles.ts';
import { useSimulators } from '../support/simulator.ts';

// Patch day in process against the simulator: test/fixtures/scenario/deps-patch-day.yaml puts one
// bot PR per real-world title in the four seed repositories, in every state the policy looks at.
const startSimulator = useSimulators();

/** What the policy of examples/tilgangsinfo/pnd.yaml makes of each title in its scenario state. */
const MERGE_SAFE = [
  'Update actions/checkout digest to b4ffde6',
  'Pin dependencies',
  'chore(deps): :arrow_up: update all non-major dependencies',
  'chore(deps): update all non-major dependencies',
  'fix(deps): :arrow_up: update dependency renovate to v37.382.3',
  'chore(deps): lock file maintenance',
  'build: lock file maintenance',
  'Bump cross-spawn from 7.0.3 to 7.0.6',
  'Bump cross-spawn in /samples/smartonfhir/src/auth-context-frontend-app',
  'Bump lodash from 4.17.15 to 4.17.19 in /packages/webpack-example-lite',
  'Update rubocop requirement from = 1.64.1 to = 1.65.0',
];
const NEEDS_HUMAN: Record<string, string[]> = {
  'Bump actions/checkout from 3 to 4': ['major'],
  'Update dependency eslint to v9': ['ci-red', 'major'],
  'chore(deps): update devdependency eslint to v9': ['major'],
  'build(deps): update dependency eslint to v9': ['major'],
  'Update dependency eslint to v9 - autoclosed': ['major'],
  'Update all non-major dependencies': ['conflict'],
  'Bump the npm_and_yarn group across 1 directory with 14 updates': ['major-in-group'],
  '📣 Update dotnet monorepo to v8 (major)': ['major'],
  'Update dependency urllib3 to v2.2.2 [SECURITY]': ['security'],
  '[Security] Bump lodash from 4.17.15 to 4.17.20': ['security'],
  'chore(deps): [security] bump lodash from 4.17.15 to 4.17.20': ['ci-red', 'security'],
};
const WAITING: Record<string, string[]> = {
  'Update actions/checkout digest to f43a0e5': ['ci-pending'],
  'chore(deps): update actions/checkout digest to 3d3c42e': ['blocking-label'],
  'build(deps-dev): bump the npm_and_yarn group with 1 update': ['group-contents-unknown'],
  'chore(deps): update docker.n8n.io/n8nio/n8n docker tag to v2.20.6': ['too-new'],
  'Update dotnet monorepo': ['group-contents-unknown'],
  'Update Rust crate serde to 1.0.184': ['ci-none'],
  'fix(deps): unlock and update rust crate serde to 1.0.188': ['mergeability-unknown'],
  'chore: lock file maintenance': ['ci-pending'],
  'Bump rubocop from 0.63.1 to 0.81.0': ['blocking-label'],
};

/** `fast`: writes 20 ms apart instead of GitHub's 1 s / 3 s (the simulator has no secondary limits). */
async function start(options: { fast?: boolean } = {}) {
  const sim = await startSimulator({
    scenario: await loadScenario('test/fixtures/scenario/deps-patch-day.yaml'),
    warn: () => {},
  });
  const github = createGitHubClient({
    baseUrl: sim.urls.github,
    token: 'ghp_sim_oncall_kari',
    ca: sim.caPem,
    ...(options.fast ? { writeSpacingMs: { write: 20, notifying: 20 } } : {}),
  });
  const { estate } = loadEstate('examples/tilgangsinfo/pnd.yaml', {});
  const patchDay = estate.patchDay!;
  const job = (merge: boolean): PatchDayJob => ({
    prs: new GitHubDependencyPRs(github),
    repositories: patchDay.repositories,
    bots: patchDay.bots,
    policy: patchDay.mergePolicy,
    timeZone: estate.calendar.timeZone,
    now: sim.clock.now(),
    merge,
  });
  const journal = await openJournal({
    path: join(await mkdtemp(join(tmpdir(), 'pnd-deps-')), 'journal.sqlite'),
    env: {},
  });
  const act = {
    journal,
    tracker: new GitHubIssueTracker(github),
    team: 'tilgangsinfo',
    issueRepo: { owner: 'Altinn', repo: 'altinn-authorization' },
  };
  return { sim, github, job, journal, act };
}

const byTitle = (pulls: PlannedPull[]) => new Map(pulls.map((p) => [p.pull.title, p]));
const mutations = (
  sim: { log: { mutations(since?: number): { method: string; path: string; status: number }[] } },
  since = 0,
) => sim.log.mutations(since).map((e) => `${e.method} ${e.path} ${e.status}`);

describe('pnd deps against the simulator', () => {
  it('gathers every bot PR of the four repositories in one request and triages each fixture title right', async () => {
    const { sim, job } = await start();
    const seq = sim.log.lastSeq;
    const { week, plan } = await gatherPatchDay(job(false));
    expect(sim.log.entries(seq).map((e) => `${e.method} ${e.vendor}`)).toEqual(['POST github-graphql']);
    expect(week).toBe('2026-W48');
    expect(plan.viewer).toBe('oncall-kari');
    expect(plan.repositories.map((r) => [r.repo, r.pulls.length])).toEqual([
      ['Altinn/altinn-authentication', 7],
      ['Altinn/altinn-authentication-frontend', 10],
      ['Altinn/altinn-resource-registry', 9],
      ['Altinn/altinn-auth-audit-log', 5],
    ]);
    // The repositories' merge settings: squash where allowed, else a merge commit, else rebase.
    expect(plan.repositories.map((r) => r.mergeMethods)).toEqual([
      ['squash', 'merge', 'rebase'],
      ['squash', 'merge', 'rebase'],
      ['merge', 'rebase'],
      ['rebase'],
    ]);

    const pulls = byTitle(plan.repositories.flatMap((r) => r.pulls));
    expect([...pulls.keys()].sort()).toEqual(TITLE_FIXTURES.map((f) => f.title).sort());
    for (const f of TITLE_FIXTURES) {
      const p = pulls.get(f.title)!;
      expect({ title: f.title, ...pick(p) }).toEqual({
        title: f.title,
        updateType: f.expected.updateType,
        from: f.expected.from,
        to: f.expected.to,
        security: f.expected.security,
        bot: f.bot,
      });
      expect({ title: f.title, reasons: p.reasons }).toEqual({
        title: f.title,
        reasons: NEEDS_HUMAN[f.title] ?? [],
      });
      expect({ title: f.title, safe: p.merge.safe }).toEqual({
        title: f.title,
        safe: MERGE_SAFE.includes(f.title),
      });
      if (WAITING[f.title]) expect(p.merge.blockers).toEqual(WAITING[f.title]);
    }
    // Needs-a-human first in each repository's table.
    for (const repo of plan.repositories) {
      const flags = repo.pulls.map((p) => p.needsHuman);
      expect(flags).toEqual([...flags].sort((a, b) => Number(b) - Number(a)));
    }
    const json = depsJson({
      week,
      mergeSafe: false,
      dryRun: false,
      plan,
      results: [],
      summary: {
        pulls: 31,
        needsHuman: 11,
        mergeSafe: 11,
        merged: 0,
        alreadyMerged: 0,
        refused: 0,
        failed: 0,
        skipped: 0,
      },
      weeklyIssue: null,
      now: job(false).now,
    });
    const eslint = (json.pulls as Record<string, unknown>[]).find(
      (p) => p.title === 'Update dependency eslint to v9',
    );
    expect(eslint).toMatchObject({
      repo: 'Altinn/altinn-authentication-frontend',
      bot: 'renovate[bot]',
      updateType: 'major',
      from: '8.12.0',
      to: '9.0.0',
      ci: 'red',
      mergeable: 'mergeable',
      needsHuman: true,
      reasons: ['ci-red', 'major'],
      mergeSafe: false,
    });
    expect(eslint?.url).toMatch(/^https:\/\/github\.com\/Altinn\/altinn-authentication-frontend\/pull\/\d+$/);
    expect(Object.values(NEEDS_HUMAN)).toHaveLength(11);
    expect(mutations(sim)).toEqual([]);
    expect(sim.problems()).toEqual([]);
  });

  it('--merge-safe merges exactly what the policy allows in all four repositories; a 405 on one is reported and the others merge', async () => {
    const { sim, github, job, act } = await start({ fast: true });
    const gathered = await gatherPatchDay(job(true));
    const { plan } = gathered;
    expect(plan.actions.map((a) => a.title).sort()).toEqual([...MERGE_SAFE].sort());
    const methods = Object.fromEntries(plan.repositories.map((r) => [r.repo, r.mergeMethods[0]]));
    for (const a of plan.actions) expect(a.method).toBe(methods[a.repo]);
    // The token's user did not open these, and nobody approved them yet.
    expect(plan.actions.every((a) => a.approve)).toBe(true);
    expect(mutations(sim)).toEqual([]);

    const refused = plan.actions.find((a) => a.title === 'chore(deps): update all non-major dependencies')!;
    sim.faults.add({
      vendor: 'github',
      method: 'PUT',
      path: `/repos/${refused.repo}/pulls/${refused.number}/merge`,
      kind: 'server-error',
      status: 405,
      times: 1,
    });
    const result = await actOnPatchDay(job(true), gathered, { ...act, dryRun: false });
    expect(
      result.results.filter((r) => r.outcome !== 'merged').map((r) => [r.title, r.outcome, r.status]),
    ).toEqual([[refused.title, 'refused', 405]]);
    expect(result.summary).toMatchObject({
      pulls: 31,
      needsHuman: 11,
      mergeSafe: 11,
      merged: 10,
      refused: 1,
    });

    // GitHub's side: every bot PR but the ten merged is still open, the needs-a-human ones included.
    const open: string[] = [];
    for (const repo of plan.repositories) {
      const [owner, name] = repo.repo.split('/') as [string, string];
      const pulls = await github.paginate(github.rest.pulls.list, { owner, repo: name, state: 'open' });
      open.push(...pulls.map((p) => p.title));
    }
    const merged = MERGE_SAFE.filter((t) => t !== refused.title);
    expect(open.sort()).toEqual(
      [
        ...TITLE_FIXTURES.map((f) => f.title).filter((t) => !merged.includes(t)),
        'Exchange tokens for system users',
        'Update the deploy workflow to Node 24',
      ].sort(),
    );
    const merges = mutations(sim).filter((m) => m.startsWith('PUT'));
    expect(merges).toHaveLength(11);
    expect(result.weeklyIssue?.ticked.map((t) => t.repo)).toEqual(['Altinn/altinn-auth-audit-log']);
    expect(sim.problems()).toEqual([]);
  });

  // GitHub asks for content-creating writes (reviews, merges, comments) to be spaced out, and the
  // client does so (3 s apart): this test acts on one repository to keep the writes few.
  it('--merge-safe merges one at a time; a 405 on one is reported and the others merge; the issue is ticked and commented', async () => {
    const { sim, github, job, journal, act } = await start();
    const auditLog = { ...job(true), repositories: ['Altinn/altinn-auth-audit-log'] };
    const gathered = await gatherPatchDay(auditLog);
    const safe = [
      'fix(deps): :arrow_up: update dependency renovate to v37.382.3',
      'build: lock file maintenance',
      'Bump cross-spawn in /samples/smartonfhir/src/auth-context-frontend-app',
    ];
    expect(gathered.plan.actions.map((a) => a.title).sort()).toEqual([...safe].sort());
    const refused = gathered.plan.actions.find((a) => a.title === 'build: lock file maintenance')!;
    sim.faults.add({
      vendor: 'github',
      method: 'PUT',
      path: `/repos/${refused.repo}/pulls/${refused.number}/merge`,
      kind: 'server-error',
      status: 405,
      times: 1,
    });
    const seq = sim.log.lastSeq;
    const finished: number[] = [];
    const result = await actOnPatchDay(auditLog, gathered, {
      ...act,
      dryRun: false,
      onResult: () => finished.push(performance.now()),
    });

    expect(result.results.map((r) => [r.title, r.outcome])).toEqual(
      gathered.plan.actions.map((a) => [a.title, a === refused ? 'refused' : 'merged']),
    );
    expect(result.results.find((r) => r.number === refused.number)).toMatchObject({
      status: 405,
      approval: 'approved',
    });
    expect(result.summary).toMatchObject({
      pulls: 5,
      needsHuman: 0,
      mergeSafe: 3,
      merged: 2,
      refused: 1,
      failed: 0,
    });
    // Writes one at a time, at least 1 s apart (each pull request makes two).
    for (let i = 1; i < finished.length; i++)
      expect(finished[i]! - finished[i - 1]!).toBeGreaterThanOrEqual(1000);

    // GitHub's side: approved, then merged at the planned commit with the one method the
    // repository allows (rebase); the refused one and the rest stay open.
    const writes = sim.log.mutations(seq).map((e) => ({ what: `${e.method} ${e.template}`, body: e.body }));
    expect(writes.map((w) => w.what)).toEqual([
      ...gathered.plan.actions.flatMap(() => [
        'POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews',
        'PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge',
      ]),
      'PATCH /repos/{owner}/{repo}/issues/{issue_number}',
      'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
    ]);
    const mergeBodies = writes.filter((w) => w.what.startsWith('PUT')).map((w) => w.body);
    expect(mergeBodies).toEqual(gathered.plan.actions.map((a) => ({ merge_method: 'rebase', sha: a.sha })));
    const open = await github.rest.pulls.list({ owner: 'Altinn', repo: 'altinn-auth-audit-log' });
    expect(open.data.map((p) => p.title).sort()).toEqual(
      [
        'build: lock file maintenance',
        'chore(deps): update docker.n8n.io/n8nio/n8n docker tag to v2.20.6',
        'Bump rubocop from 0.63.1 to 0.81.0',
        'Update the deploy workflow to Node 24',
      ].sort(),
    );

    // None of the audit log's bot PRs needs a human: its line is ticked, and one summary comment.
    expect(result.weeklyIssue?.ticked).toEqual([
      { repo: 'Altinn/altinn-auth-audit-log', step: 'patch.altinn/altinn-auth-audit-log', status: 'applied' },
    ]);
    const issue = (await github.rest.issues.listForRepo({ owner: 'Altinn', repo: 'altinn-authorization' }))
      .data[0]!;
    expect(issue.body).toContain('- [x] [Altinn/altinn-auth-audit-log]');
    expect(issue.body).toContain('- [ ] [Altinn/altinn-authentication]');
    const comments = (
      await github.rest.issues.listComments({
        owner: 'Altinn',
        repo: 'altinn-authorization',
        issue_number: issue.number,
      })
    ).data;
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain('### Patch day 2026-W48');
    expect(comments[0]!.body).toContain(`[Altinn/altinn-auth-audit-log#${refused.number}]`);
    expect(comments[0]!.body).toContain('405');
    expect(comments[0]!.body).toContain('<!-- pnd:comment key=patch-day:2026-W48 -->');

    // Journaled: an intent and a result per write; the run failed for the refused merge.
    const entries = await journal.entries({ runId: result.runId! });
    expect(entries.filter((e) => e.kind === 'intent').map((e) => e.action)).toEqual([
      'approve',
      'merge',
      'approve',
      'merge',
      'approve',
      'merge',
      'tick',
      'comment',
    ]);
    expect(entries.filter((e) => e.kind === 'result').map((e) => e.outcome)).toEqual(
      gathered.plan.actions
        .flatMap((a) => ['done', a === refused ? 'failed' : 'done'])
        .concat(['done', 'done']),
    );
    expect((await journal.runs()).find((r) => r.id === result.runId)?.outcome).toBe('failed');
    expect(sim.problems()).toEqual([]);
  }, 60_000);

  it('--merge-safe --dry-run reads everything, plans the merges and the issue, and makes no mutating request', async () => {
    const { sim, job, journal, act } = await start();
    const gathered = await gatherPatchDay(job(true));
    const result = await actOnPatchDay(job(true), gathered, { ...act, dryRun: true });
    expect(result.results.map((r) => r.outcome)).toEqual(new Array(11).fill('planned'));
    expect(result.weeklyIssue).toMatchObject({
      ticked: [{ repo: 'Altinn/altinn-auth-audit-log', status: 'planned' }],
      comment: 'planned',
    });
    expect(mutations(sim)).toEqual([]);
    expect(await journal.runs()).toEqual([]);
    expect(sim.problems()).toEqual([]);
  });
});

function pick(p: PlannedPull) {
  return {
    updateType: p.classification.updateType,
    from: p.classification.from,
    to: p.classification.to,
    security: p.classification.security,
    bot: p.pull.author,
  };
}
