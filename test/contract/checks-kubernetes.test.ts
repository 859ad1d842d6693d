import { describe, expect, it } from 'vitest';
import { verifyWithDwell } from '../../src/checks/dwell.ts';
import { createCheckRunner, type CheckAccess } from '../../src/providers/registry.ts';
import type { KubernetesWorkloadCheck } from '../../src/config/schema.ts';
import { VirtualClock } from '../../src/core/clock.ts';
import { PndError } from '../../src/core/errors.ts';
import { parseScenario } from '../../src/sim/scenario/load.ts';
import type { Simulator } from '../../src/sim/simulator.ts';
import { useSimulators } from '../support/simulator.ts';

const START = '2026-11-25T10:00:00Z';
const MIN = 60_000;
const SCENARIO = `
name: checks-kubernetes
start: '${START}'
kubernetes:
  clusters:
    - name: tt02
      tokens: [tt02-token]
      nodes: 4
      daemonSets:
        - name: altinn-authentication
          labels: { app: altinn-authentication, release: altinn-authentication }
          image: 'altinncr.azurecr.io/altinn-authentication:20261117.2'
          podsSince: '2026-11-18T12:10:00Z'
      deployments:
        - { name: altinn-web, image: 'altinncr.azurecr.io/altinn-web:3.0.0', replicas: 2, progressDeadline: 2m }
`;

const startSimulator = useSimulators();

async function start(extra = ''): Promise<{ sim: Simulator; clock: VirtualClock; access: CheckAccess }> {
  // autoAdvance: every sleep of the dwell moves the shared clock, and with it the simulated
  // controllers, so a 10-minute dwell takes milliseconds.
  const clock = new VirtualClock(START, { autoAdvance: true });
  const sim = await startSimulator({ scenario: parseScenario(SCENARIO + extra), clock, warn: () => {} });
  const access: CheckAccess = {
    arm: {},
    kubernetes: (cluster) => ({
      server: sim.urls.kubernetes[cluster]!,
      ca: sim.caPem,
      token: 'tt02-token',
      name: cluster,
    }),
  };
  return { sim, clock, access };
}

const daemonSet = (overrides: Partial<KubernetesWorkloadCheck> = {}): KubernetesWorkloadCheck => ({
  kind: 'kubernetes-workload',
  cluster: 'tt02',
  namespace: 'default',
  workloadKind: 'DaemonSet',
  name: 'altinn-authentication',
  labelSelector: { app: 'altinn-authentication', release: 'altinn-authentication' },
  imageTag: 'build-number',
  ...overrides,
});

function deploy(sim: Simulator, tag: string, workloadKind: 'DaemonSet' | 'Deployment' = 'DaemonSet') {
  sim.world.deploy(
    {
      kind: 'kubernetes-workload',
      cluster: 'tt02',
      namespace: 'default',
      workloadKind,
      name: workloadKind === 'DaemonSet' ? 'altinn-authentication' : 'altinn-web',
    },
    { tag },
  );
}

async function dwell(t: Awaited<ReturnType<typeof start>>, check: KubernetesWorkloadCheck, version: string) {
  const deployStartedAt = t.clock.now();
  const runner = createCheckRunner(check, t.access, t.clock);
  return verifyWithDwell([runner], {
    clock: t.clock,
    dwellMs: 10 * MIN,
    expected: { version, deployStartedAt },
  });
}

describe('kubernetes-workload check against the simulator', () => {
  it('passes a healthy DaemonSet rollout after the dwell, with evidence of what it read', async () => {
    const t = await start();
    deploy(t.sim, '20261125.1');
    const out = await dwell(t, daemonSet(), '20261125.1');
    expect(out.status).toBe('pass');
    expect(out.reason).toBe('Every check passed and stayed healthy for 10m (30 re-checks).');
    const [result] = out.results;
    expect(result).toMatchObject({
      check: 'DaemonSet default/altinn-authentication in tt02',
      kind: 'kubernetes-workload',
      status: 'pass',
      reason:
        'Daemon set "altinn-authentication" successfully rolled out: 4 pods ready, none crashing or restarting, all on version 20261125.1.',
    });
    expect(result!.evidence[0]).toMatchObject({
      read: 'GET /apis/apps/v1/namespaces/default/daemonsets/altinn-authentication (cluster tt02)',
      values: { desiredNumberScheduled: 4, updatedNumberScheduled: 4, numberAvailable: 4 },
      at: out.dwellEndedAt,
    });
    expect(result!.evidence[1]!.values).toMatchObject({
      pods: 4,
      ready: 4,
      images: ['altinncr.azurecr.io/altinn-authentication:20261125.1'],
    });
    // The settle phase saw the rollout move pod by pod.
    expect(out.history[0]!.results[0]!.reason).toMatch(/^Waiting for daemon set "altinn-authentication"/);
    expect(t.sim.problems()).toEqual([]);
  });

  it('fails a DaemonSet stuck at 3 of 4 updated when the timeout passes', async () => {
    const t = await start();
    t.sim.world.fire('kubernetes.stuck-rollout', {
      cluster: 'tt02',
      name: 'altinn-authentication',
      updated: 3,
    });
    deploy(t.sim, '20261125.1');
    const out = await dwell(t, daemonSet(), '20261125.1');
    expect(out).toMatchObject({ status: 'fail', timedOut: true });
    expect(out.reason).toBe(
      'DaemonSet default/altinn-authentication in tt02 did not become healthy within 15m: Waiting for daemon set "altinn-authentication" rollout to finish: 3 out of 4 new pods have been updated.',
    );
    expect(out.results[0]!.status).toBe('fail');
    expect(t.sim.problems()).toEqual([]);
  });

  it('fails on the pod in CrashLoopBackOff, naming it', async () => {
    const t = await start();
    t.sim.world.fire('kubernetes.crash-loop', { cluster: 'tt02', name: 'altinn-authentication' });
    deploy(t.sim, '20261125.1');
    const out = await dwell(t, daemonSet(), '20261125.1');
    expect(out.status).toBe('fail');
    expect(out.timedOut).toBe(false);
    // Between back-offs the container runs again (RESTARTS 1 in kubectl); either way the pod is named.
    expect(out.reason).toMatch(
      /^DaemonSet default\/altinn-authentication in tt02 failed: Pod altinn-authentication-[a-z0-9]{5} \(container altinn-authentication\): (CrashLoopBackOff \(back-off \d+s restarting failed container=altinn-authentication pod=altinn-authentication-[a-z0-9]{5}_default\([0-9a-f-]+\)\)|restarted 1 time since the deploy began; last exit Error \(exit code 1\))\.$/,
    );
    expect(t.sim.problems()).toEqual([]);
  });

  it('fails on ImagePullBackOff', async () => {
    const t = await start();
    t.sim.world.fire('kubernetes.image-pull-backoff', { cluster: 'tt02', name: 'altinn-authentication' });
    deploy(t.sim, '20261125.1');
    const out = await dwell(t, daemonSet(), '20261125.1');
    expect(out.status).toBe('fail');
    expect(out.reason).toMatch(
      /Pod altinn-authentication-\w+ \(container altinn-authentication\): (ImagePullBackOff \(Back-off pulling image|ErrImagePull \(rpc error)/,
    );
    expect(t.sim.problems()).toEqual([]);
  });

  it('fails on CreateContainerConfigError with the missing secret', async () => {
    const t = await start();
    t.sim.world.fire('kubernetes.create-container-config-error', {
      cluster: 'tt02',
      name: 'altinn-authentication',
    });
    deploy(t.sim, '20261125.1');
    const out = await dwell(t, daemonSet(), '20261125.1');
    expect(out.status).toBe('fail');
    expect(out.reason).toMatch(
      /Pod altinn-authentication-\w+ \(container altinn-authentication\): CreateContainerConfigError \(secret "altinn-authentication-secrets" not found\)\.$/,
    );
    expect(t.sim.problems()).toEqual([]);
  });

  it('fails when a pod starts crashing during the dwell', async () => {
    const t = await start();
    deploy(t.sim, '20261125.1');
    const crashAt = t.clock.now() + 5 * MIN;
    t.sim.world.scheduler.at(crashAt, 'test: one pod starts crashing', () =>
      t.sim.world.fire('kubernetes.crash-loop', {
        cluster: 'tt02',
        name: 'altinn-authentication',
        scope: 'current',
        pods: 1,
      }),
    );
    const out = await dwell(t, daemonSet(), '20261125.1');
    expect(out.status).toBe('fail');
    expect(out.firstPassAt).toBeDefined();
    expect(Date.parse(out.firstPassAt!)).toBeLessThan(crashAt);
    expect(out.reason).toMatch(
      /^DaemonSet default\/altinn-authentication in tt02 failed during the dwell, [\dms]+ after every check first passed: Pod altinn-authentication-\w+ \(container altinn-authentication\): (CrashLoopBackOff|restarted 1 time)/,
    );
    expect(t.sim.problems()).toEqual([]);
  });

  it('fails when the scenario timeline makes one pod OOMKilled during the dwell', async () => {
    const t = await start(`
timeline:
  - after: 6m
    event: kubernetes.oom-killed
    args: { cluster: tt02, name: altinn-authentication, scope: current, pods: 1 }
`);
    deploy(t.sim, '20261125.1');
    const out = await dwell(t, daemonSet(), '20261125.1');
    expect(out.status).toBe('fail');
    expect(Date.parse(out.firstPassAt!)).toBeLessThan(Date.parse(START) + 6 * MIN);
    expect(out.reason).toMatch(
      /^DaemonSet default\/altinn-authentication in tt02 failed during the dwell, [\dms]+ after every check first passed: Pod altinn-authentication-\w+ \(container altinn-authentication\): (CrashLoopBackOff|OOMKilled)/,
    );
    expect(out.reason).toContain('OOMKilled');
    expect(t.sim.problems()).toEqual([]);
  });

  it('fails an OOMKilled Deployment pod, and a Deployment past its progress deadline', async () => {
    const t = await start();
    const web = daemonSet({ workloadKind: 'Deployment', name: 'altinn-web', labelSelector: undefined });
    t.sim.world.fire('kubernetes.oom-killed', { cluster: 'tt02', kind: 'Deployment', name: 'altinn-web' });
    deploy(t.sim, '3.0.1', 'Deployment');
    const oom = await dwell(t, web, '3.0.1');
    expect(oom.status).toBe('fail');
    expect(oom.reason).toMatch(
      /Pod altinn-web-\w+-\w+ \(container altinn-web\): (CrashLoopBackOff|OOMKilled)/,
    );
    expect(oom.reason).toMatch(/OOMKilled/);

    t.sim.world.fire('kubernetes.pods-recover', { cluster: 'tt02', kind: 'Deployment', name: 'altinn-web' });
    t.clock.advance(5 * MIN);
    t.sim.world.fire('kubernetes.stuck-rollout', {
      cluster: 'tt02',
      kind: 'Deployment',
      name: 'altinn-web',
      updated: 0,
    });
    deploy(t.sim, '3.0.2', 'Deployment');
    const stuck = await dwell(t, web, '3.0.2');
    expect(stuck.status).toBe('fail');
    expect(stuck.timedOut).toBe(false);
    expect(stuck.reason).toBe(
      `Deployment default/altinn-web in tt02 failed: Deployment "altinn-web" exceeded its progress deadline (ReplicaSet "altinn-web-${
        /altinn-web-(\w+)/.exec(stuck.reason)![1]
      }" has timed out progressing.).`,
    );
    expect(t.sim.problems()).toEqual([]);
  });

  it('fails a rollout of another version than the expected one', async () => {
    const t = await start();
    deploy(t.sim, '20261125.1');
    const out = await dwell(t, daemonSet(), '20261125.2');
    expect(out.status).toBe('fail');
    expect(out.reason).toBe(
      "DaemonSet default/altinn-authentication in tt02 failed: The DaemonSet's pod template runs altinncr.azurecr.io/altinn-authentication:20261125.1, not version 20261125.2.",
    );
  });

  it('fails on a missing workload and on a selector that matches no pod; throws on bad credentials', async () => {
    const t = await start();
    const missing = await createCheckRunner(daemonSet({ name: 'nope' }), t.access, t.clock).run({});
    expect(missing).toMatchObject({
      status: 'fail',
      reason: 'DaemonSet default/nope in cluster tt02 was not found.',
    });
    const wrongSelector = await createCheckRunner(
      daemonSet({ labelSelector: { app: 'altinn-authentication', release: 'other' } }),
      t.access,
      t.clock,
    ).run({});
    expect(wrongSelector).toMatchObject({
      status: 'fail',
      reason:
        'No pod of DaemonSet altinn-authentication matches the label selector app=altinn-authentication,release=other (4 expected).',
    });
    const denied = createCheckRunner(
      daemonSet(),
      {
        ...t.access,
        kubernetes: (cluster) => ({
          server: t.sim.urls.kubernetes[cluster]!,
          ca: t.sim.caPem,
          token: 'wrong',
        }),
      },
      t.clock,
    );
    const error = await denied.run({}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PndError);
    expect(error).toMatchObject({
      code: 'auth-failed',
      details: {
        where: 'Kubernetes GET /apis/apps/v1/namespaces/default/daemonsets/altinn-authentication in tt02',
      },
    });
    // A refusal names the vendor and the fix (issue 14.5).
    expect((error as PndError).message).toBe('Kubernetes did not accept the credentials.');
    expect(String((error as PndError).details.hint)).toMatch(/az aks get-credentials/);
    expect(t.sim.problems()).toEqual([]);
  });
});
