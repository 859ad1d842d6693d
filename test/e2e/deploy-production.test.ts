import { describe, expect, it } from 'vitest';
import { useSimulators } from '../support/simulator.ts';
import { startTrain, type Train } from '../support/train.ts';

const start = useSimulators();
const AUDITLOG_NEW = 'c4f7a2e91b3d5f6a8c0e2b4d6f8a1c3e5b7d9f02';

/** Wednesday's TT02 day (deploy, verify, post-deploy), then Tuesday morning. */
async function wednesdayThenTuesday(
  options: { crashing?: string; monday?: (t: Train) => Promise<void> } = {},
): Promise<Train> {
  const train = await startTrain(start);
  await train.createWeeklyIssue();
  // A DaemonSet whose next rollout crash-loops: its TT02 verification fails on Wednesday.
  if (options.crashing)
    train.sim.world.fire('kubernetes.crash-loop', {
      cluster: 'platform-tt02-02-aks',
      name: options.crashing,
    });
  train.at('2026-11-25T09:00');
  const wednesday = await train.deploy({ env: 'tt02' });
  expect(wednesday.components.map((c) => c.outcome)).toEqual(
    wednesday.components.map((c) =>
      options.crashing && c.component.id === 'resource-registry' ? 'unhealthy' : 'verified',
    ),
  );
  if (options.monday) {
    train.at('2026-11-30T10:00');
    await options.monday(train);
  }
  train.at('2026-12-01T09:00');
  await train.createWeeklyIssue();
  return train;
}

const outcomes = (result: Awaited<ReturnType<Train['deploy']>>) =>
  Object.fromEntries(result.components.map((c) => [c.component.id, c.outcome]));

describe('pnd deploy production: the soak policy', () => {
  it('promotes exactly what soaked in TT02 since Wednesday', async () => {
    const train = await wednesdayThenTuesday();
    const result = await train.deploy({ env: 'production' });
    expect(outcomes(result)).toEqual({
      authentication: 'verified',
      'resource-registry': 'verified',
      auditlog: 'verified',
    });
    expect(result.components.map((c) => c.version?.id)).toEqual(['release:418', 'release:316', AUDITLOG_NEW]);
    // Last week's releases still waiting on production are superseded, never approved.
    const auth = result.plan.components[0]!;
    expect(auth.decision.superseded.map((c) => c.version.id)).toEqual(['release:412']);
    const audit = result.plan.components[2]!;
    expect(audit.decision.superseded.map((c) => c.version.commitSha)).toEqual([
      '5d0c8a41f2b7e9c3d6a1f0e4b8c2d7a9e3f1b5c6',
    ]);
    expect(train.sim.problems()).toEqual([]);
  }, 60_000);

  it('blocks a component whose TT02 got a newer release on Monday, and --override lets it through with the reason on record', async () => {
    const train = await wednesdayThenTuesday({
      monday: async (t) => {
        t.sim.world.fire('azure-devops.release-created', { definitionId: 20, version: '20261130.1' });
        // A person deploys it to TT02 by hand on Monday.
        const ado = t.providers().ado('brreg', 'altinn-studio');
        for await (const a of ado.approvals({ statusFilter: 'pending', typeFilter: 'preDeploy' })) {
          if (
            a.releaseDefinition.id === 20 &&
            a.releaseEnvironment.name === 'TT02' &&
            a.release.name === 'Release-419'
          )
            await ado.updateApproval(a.id, { status: 'approved', comments: 'hotfix' });
        }
        t.clock.advance(30 * 60_000);
      },
    });
    const blocked = await train.deploy({ env: 'production' });
    expect(outcomes(blocked)).toMatchObject({
      authentication: 'blocked',
      'resource-registry': 'verified',
      auditlog: 'verified',
    });
    expect(blocked.components[0]!.detail).toMatch(/TT02 runs Release-419 now, not Release-418/);
    const approvalsBefore = train.sim.log.mutations(0).filter((r) => r.path.includes('/approvals/')).length;

    const overridden = await train.deploy({
      env: 'production',
      components: ['authentication'],
      override: 'CVE fix must reach production today',
    });
    expect(outcomes(overridden)).toEqual({ authentication: 'verified' });
    expect(overridden.components[0]!.version?.id).toBe('release:418');
    expect(train.sim.log.mutations(0).filter((r) => r.path.includes('/approvals/')).length).toBe(
      approvalsBefore + 2, // its pre- and post-deployment approvals
    );
    const overrides = await train.journal.entries({ kind: 'override' });
    expect(overrides.map((e) => [e.step, (e.data as { reason: string }).reason])).toEqual([
      ['deploy.authentication.production', 'CVE fix must reach production today'],
    ]);
    const github = train.providers().github;
    const comments = await github.paginate(github.rest.issues.listComments, {
      owner: 'Altinn',
      repo: 'altinn-authorization',
      issue_number: overridden.issue!.number,
    });
    expect(
      comments.some((c) => c.body?.includes('Soak policy overridden:** CVE fix must reach production today')),
    ).toBe(true);
  }, 60_000);

  it('blocks a component whose TT02 verification failed', async () => {
    const train = await wednesdayThenTuesday({ crashing: 'altinn-resource-registry' });
    const before = train.sim.log.lastSeq;
    const result = await train.deploy({ env: 'production' });
    expect(outcomes(result)).toEqual({
      authentication: 'verified',
      'resource-registry': 'blocked',
      auditlog: 'verified',
    });
    expect(result.components[1]!.detail).toMatch(
      /verification in TT02 failed: .*altinn-resource-registry.*(CrashLoopBackOff|restart)/,
    );
    // Two approvals: Authentication's and nothing else in Azure DevOps (Resource Registry is blocked).
    const approvals = train.sim.log.mutations(before).filter((r) => r.path.includes('/approvals/'));
    expect(approvals).toHaveLength(2); // pre- and post-deployment
    expect(train.sim.log.entries(before).some((r) => r.path.includes('/releases/316'))).toBe(false);
  }, 60_000);
});
