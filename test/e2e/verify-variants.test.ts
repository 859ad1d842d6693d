import { describe, expect, it } from 'vitest';
import type { DeployEvent } from '../../src/train/deploy/model.ts';
import { verifyNow } from '../../src/train/deploy/verify-now.ts';
import { deployDayRequest } from '../../src/train/deploy/request.ts';
import { deployResultJson } from '../../src/cli/deploy-output.ts';
import { useSimulators } from '../support/simulator.ts';
import { startTrain, type Train } from '../support/train.ts';

const start = useSimulators();
const TT02 = 'platform-tt02-02-aks';
const RG = 'auditlog-tt02-rg';

interface Variant {
  name: string;
  component: 'authentication' | 'resource-registry' | 'auditlog';
  /** Before Wednesday's deploy: what will go wrong. */
  arrange?: (train: Train) => void;
  /** During the day, on the engine's events. */
  during?: (train: Train, event: DeployEvent) => void;
  reason: RegExp;
}

let crashed = false;
const VARIANTS: Variant[] = [
  {
    name: 'a DaemonSet stuck at 3 of 4 updated',
    component: 'authentication',
    arrange: (t) =>
      t.sim.world.fire('kubernetes.stuck-rollout', {
        cluster: TT02,
        name: 'altinn-authentication',
        updated: 3,
      }),
    reason: /3 out of 4 new pods have been updated/,
  },
  {
    name: 'one pod in CrashLoopBackOff',
    component: 'resource-registry',
    arrange: (t) =>
      t.sim.world.fire('kubernetes.crash-loop', { cluster: TT02, name: 'altinn-resource-registry', pods: 1 }),
    reason:
      /Pod altinn-resource-registry-\w+ \(container altinn-resource-registry\): (CrashLoopBackOff|restarted)/,
  },
  {
    name: 'ImagePullBackOff',
    component: 'authentication',
    arrange: (t) =>
      t.sim.world.fire('kubernetes.image-pull-backoff', { cluster: TT02, name: 'altinn-authentication' }),
    reason: /Pod altinn-authentication-\w+ .*(ImagePullBackOff|ErrImagePull)/,
  },
  {
    name: 'the container app still on the old image',
    component: 'auditlog',
    arrange: (t) =>
      t.sim.world.fire('container-app.stays-on-old-image', {
        resourceGroup: RG,
        name: 'PLACEHOLDER-auditlog-ca-tt02',
      }),
    reason:
      /runs .*5d0c8a41f2b7e9c3d6a1f0e4b8c2d7a9e3f1b5c6, not the expected tag c4f7a2e91b3d5f6a8c0e2b4d6f8a1c3e5b7d9f02/,
  },
  {
    name: 'container app provisioning Failed',
    component: 'auditlog',
    arrange: (t) =>
      t.sim.world.fire('container-app.provisioning-failed', {
        resourceGroup: RG,
        name: 'PLACEHOLDER-auditlog-ca-tt02',
        scope: 'next',
      }),
    reason: /failed to provision: Container 'PLACEHOLDER-auditlog-ca-tt02' was terminated/,
  },
  {
    name: 'the function deployment Failed',
    component: 'auditlog',
    arrange: (t) =>
      t.sim.world.fire('function-app.deployment-failed', {
        resourceGroup: RG,
        name: 'PLACEHOLDER-auditlog-func-tt02',
        message: 'Deployment Failed. Error: Failed to sync triggers for function app.',
      }),
    reason: /Failed to sync triggers for function app/,
  },
  {
    name: 'a pod that starts crashing during the dwell',
    component: 'resource-registry',
    during: (t, event) => {
      if (
        crashed ||
        event.type !== 'component' ||
        event.component !== 'resource-registry' ||
        event.state !== 'check pass'
      )
        return;
      crashed = true;
      t.sim.world.scheduler.at(t.clock.now() + 3 * 60_000, 'test: one pod starts crashing', () =>
        t.sim.world.fire('kubernetes.crash-loop', {
          cluster: TT02,
          name: 'altinn-resource-registry',
          scope: 'current',
          pods: 1,
        }),
      );
    },
    reason: /failed during the dwell, .* after every check first passed: Pod altinn-resource-registry-\w+/,
  },
];

describe('pnd deploy tt02: verification failures withhold only the failing component’s post-deploy approval', () => {
  for (const variant of VARIANTS) {
    it(
      variant.name,
      async () => {
        crashed = false;
        const train = await startTrain(start);
        await train.createWeeklyIssue();
        variant.arrange?.(train);
        train.at('2026-11-25T09:00');
        const result = await train.deploy(
          { env: 'tt02' },
          { onEvent: (event) => variant.during?.(train, event) },
        );

        const byId = Object.fromEntries(result.components.map((c) => [c.component.id, c]));
        for (const [id, c] of Object.entries(byId)) {
          if (id === variant.component) {
            expect(c.outcome, id).toBe('unhealthy');
            expect(c.verification?.reason).toMatch(variant.reason);
            expect(c.verification?.gate).toBe('withheld');
          } else {
            expect(c.outcome, id).toBe('verified');
          }
        }
        // Post-deployment approvals: one per healthy Azure DevOps component, none for the failing one.
        const post = train.sim.log
          .mutations(0)
          .filter((m) => m.method === 'PATCH' && m.path.includes('/approvals/'))
          .map((m) => (m.body as { comments: string }).comments)
          .filter((c) => c.startsWith('pnd verification'));
        const adoHealthy = ['authentication', 'resource-registry'].filter((id) => id !== variant.component);
        expect(post).toHaveLength(adoHealthy.length);
        // The verdict is on record and on the issue.
        const github = train.providers().github;
        const comments = await github.paginate(github.rest.issues.listComments, {
          owner: 'Altinn',
          repo: 'altinn-authorization',
          issue_number: result.issue!.number,
        });
        expect(
          comments.some((c) =>
            /verification failed — post-deployment gate left for a person/.test(c.body ?? ''),
          ),
        ).toBe(true);
        expect(train.sim.problems()).toEqual([]);
      },
      60_000,
    );
  }

  it('pnd verify reads the checks once, now, and records the verdict for the next soak', async () => {
    const train = await startTrain(start);
    train.at('2026-11-25T09:00');
    await train.deploy({ env: 'tt02', until: 'deployed' });
    train.sim.world.fire('kubernetes.crash-loop', {
      cluster: TT02,
      name: 'altinn-authentication',
      scope: 'current',
      pods: 1,
    });
    train.clock.advance(10 * 60_000); // the function app's deployment finishes a while after the run
    const before = train.sim.log.lastSeq;
    const request = deployDayRequest(train.estate, {
      env: 'tt02',
      dryRun: true,
      clock: train.clock,
      journal: train.journal,
      providers: train.providers(),
      issue: false,
    });
    const results = await verifyNow({
      targets: request.targets,
      clock: train.clock,
      journal: train.journal,
      record: true,
    });
    expect(Object.fromEntries(results.map((r) => [r.component.id, r.status]))).toEqual({
      authentication: 'fail',
      'resource-registry': 'pass',
      auditlog: 'pass',
    });
    expect(train.sim.log.mutations(before)).toEqual([]);
    const recorded = (await train.journal.entries({ kind: 'evidence' })).filter(
      (e) => e.action === 'verification',
    );
    expect(recorded.map((e) => [e.key, (e.data as { status: string }).status])).toEqual(
      expect.arrayContaining([
        ['verification:authentication:tt02:release:418', 'fail'],
        ['verification:resource-registry:tt02:release:316', 'pass'],
      ]),
    );
  }, 60_000);

  it('pnd post-deploy: after --until deployed, the dwell and the post-deployment approvals alone', async () => {
    const train = await startTrain(start);
    await train.createWeeklyIssue();
    train.at('2026-11-25T09:00');
    const deployed = await train.deploy({ env: 'tt02', until: 'deployed' });
    expect(deployed.components.map((c) => c.outcome)).toEqual(['deployed', 'deployed', 'deployed']);
    const before = train.sim.log.lastSeq;
    const post = await train.deploy({ env: 'tt02', postDeployOnly: true });
    expect(post.components.map((c) => [c.outcome, c.verification?.gate])).toEqual([
      ['verified', 'approved'],
      ['verified', 'approved'],
      ['verified', 'recorded'],
    ]);
    // Only post-deployment approvals, issue comments and ticks: no gate was opened again.
    const kinds = train.sim.log.mutations(before).map((m) => `${m.method} ${m.template}`);
    expect(
      kinds.filter((k) => k.includes('pending_deployments') || k.includes('releases/{release_id}')),
    ).toEqual([]);
    expect(kinds.filter((k) => k.includes('approvals'))).toHaveLength(2);
  }, 60_000);

  it('a resumed run lists the post-deployment approvals it gave in actions[] (--json), marked resumed', async () => {
    const train = await startTrain(start);
    train.at('2026-11-25T09:00');
    await train.deploy({ env: 'tt02', until: 'deployed' });
    const resumed = await train.deploy({ env: 'tt02' });
    const json = deployResultJson(resumed, false) as {
      components: {
        component: string;
        actions: { action: string; target: string; outcome: string; resumed: boolean }[];
      }[];
    };
    expect(
      json.components.map((c) => [c.component, c.actions.map((a) => [a.action, a.outcome, a.resumed])]),
    ).toEqual([
      ['authentication', [['approve', 'done', true]]],
      ['resource-registry', [['approve', 'done', true]]],
      ['auditlog', []],
    ]);
    expect(json.components[0]!.actions[0]!.target).toMatch(/post-deploy/);
  }, 60_000);

  it('--reject-on-fail rejects the failing component’s post-deployment approval; --dry-run of post-deploy changes nothing', async () => {
    const train = await startTrain(start);
    train.sim.world.fire('kubernetes.crash-loop', { cluster: TT02, name: 'altinn-authentication', pods: 1 });
    train.at('2026-11-25T09:00');
    await train.deploy({ env: 'tt02', until: 'deployed' });
    const before = train.sim.log.lastSeq;
    const dry = await train.deploy({ env: 'tt02', postDeployOnly: true, dryRun: true });
    expect(dry.components.map((c) => c.outcome)).toEqual([
      'nothing-waiting',
      'nothing-waiting',
      'nothing-waiting',
    ]);
    expect(dry.plan.components.map((c) => c.actions.length)).toEqual([2, 2, 2]);
    expect(train.sim.log.mutations(before)).toEqual([]);

    const result = await train.deploy({ env: 'tt02', postDeployOnly: true, rejectOnFail: true });
    expect(result.components.map((c) => [c.component.id, c.outcome, c.verification?.gate])).toEqual([
      ['authentication', 'unhealthy', 'rejected'],
      ['resource-registry', 'verified', 'approved'],
      ['auditlog', 'verified', 'recorded'],
    ]);
    const decisions = train.sim.log
      .mutations(before)
      .filter((m) => m.path.includes('/approvals/'))
      .map((m) => (m.body as { status: string }).status)
      .sort();
    expect(decisions).toEqual(['approved', 'rejected']);
  }, 60_000);
});
