import { describe, expect, it } from 'vitest';
import { parseChecklist } from '../../src/checklist/index.ts';
import { useSimulators } from '../support/simulator.ts';
import { startTrain } from '../support/train.ts';

const start = useSimulators();

const summary = (result: Awaited<ReturnType<Awaited<ReturnType<typeof startTrain>>['deploy']>>) =>
  Object.fromEntries(result.components.map((c) => [c.component.id, [c.outcome, c.version?.label]]));

describe('pnd deploy: Wednesday TT02', () => {
  it('opens every gate, watches to success, ticks the lines and comments the evidence', async () => {
    const train = await startTrain(start);
    const issueNumber = await train.createWeeklyIssue();
    train.at('2026-11-25T09:00');
    const result = await train.deploy({ env: 'tt02' });

    expect(summary(result)).toEqual({
      authentication: ['verified', 'Release-418 (20261122.1)'],
      'resource-registry': ['verified', 'Release-316 (20261122.4)'],
      auditlog: ['verified', expect.stringMatching(/^2026\.11\.23 /)],
    });
    // The older waiting releases are superseded, never approved.
    const auth = result.plan.components.find((c) => c.component.id === 'authentication')!;
    expect(auth.decision.superseded.map((c) => c.version.label)).toEqual(['Release-415']);
    // The verified state is on record for the production soak policy.
    expect(
      (await train.journal.entries({ kind: 'evidence' }))
        .filter((e) => e.action === 'verification')
        .map((e) => e.key),
    ).toEqual(expect.arrayContaining(['verification:authentication:tt02:release:418']));

    const mutations = train.sim.log.mutations(0).map((r) => `${r.method} ${r.path.replace(/\?.*/, '')}`);
    const approvals = train.sim.log
      .mutations(0)
      .filter((m) => m.method === 'PATCH' && m.path.includes('/approvals/'))
      .map((m) => (m.body as { status: string }).status);
    // Two pre-deployment approvals, then the two post-deployment ones after the dwell.
    expect(approvals).toEqual(['approved', 'approved', 'approved', 'approved']);
    expect(mutations.filter((m) => m.includes('/releases/') && m.startsWith('PATCH /gh'))).toHaveLength(1);
    expect(mutations.filter((m) => m.includes('pending_deployments'))).toHaveLength(1);

    const github = train.providers().github;
    const issue = await github.rest.issues.get({
      owner: 'Altinn',
      repo: 'altinn-authorization',
      issue_number: issueNumber,
    });
    const ticked = parseChecklist(issue.data.body ?? '')
      .all.filter((t) => t.checked)
      .map((t) => t.id);
    expect(ticked).toEqual(
      expect.arrayContaining([
        'deploy.authentication.tt02',
        'deploy.resource-registry.tt02',
        'deploy.auditlog.tt02',
        'post-deploy.authentication.tt02',
        'post-deploy.resource-registry.tt02',
        'post-deploy.auditlog.tt02',
      ]),
    );
    const comments = await github.rest.issues.listComments({
      owner: 'Altinn',
      repo: 'altinn-authorization',
      issue_number: issueNumber,
    });
    const bodies = comments.data.map((c) => c.body ?? '');
    expect(bodies.filter((b) => b.includes('→ TT02: ✅ deployed'))).toHaveLength(3);
    expect(bodies.filter((b) => /in TT02: ✅ verified/.test(b))).toHaveLength(3);
    expect(bodies.find((b) => b.startsWith('### Authentication in TT02'))).toMatch(
      /post-deployment approval given[\s\S]*DaemonSet default\/altinn-authentication/,
    );
    expect(bodies.some((b) => b.includes('APIM (apim-tt02)'))).toBe(true);
    expect(train.sim.problems()).toEqual([]);
  }, 60_000);

  it('--dry-run reads the same plan and makes no mutating request; a rerun after the day changes nothing', async () => {
    const train = await startTrain(start);
    await train.createWeeklyIssue();
    train.at('2026-11-25T09:00');
    const seq = train.sim.log.lastSeq;
    const dry = await train.deploy({ env: 'tt02', dryRun: true });
    expect(train.sim.log.mutations(seq)).toEqual([]);
    expect(await train.journal.runs()).toEqual([]);
    expect(dry.components.map((c) => c.outcome)).toEqual(['planned', 'planned', 'planned']);

    const real = await train.deploy({ env: 'tt02' });
    const planOf = (r: typeof dry) =>
      r.plan.components.map((c) => [
        c.component.id,
        c.decision.status,
        c.decision.chosen?.version.id,
        c.decision.superseded.map((x) => x.version.id),
        c.actions,
      ]);
    expect(planOf(real)).toEqual(planOf(dry));

    const afterDay = train.sim.log.lastSeq;
    const again = await train.deploy({ env: 'tt02' });
    expect(train.sim.log.mutations(afterDay).map((m) => m.method + ' ' + m.path)).toEqual([]);
    expect(again.components.map((c) => c.outcome)).toEqual(['verified', 'verified', 'verified']);
    expect(again.components[0]!.detail).toMatch(/^deployed by this week's earlier run at /);
    expect(train.sim.problems()).toEqual([]);
  }, 60_000);
});
