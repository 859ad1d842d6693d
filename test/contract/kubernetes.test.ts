import { describe, expect, it } from 'vitest';
import { ApiException, AppsV1Api, CoreV1Api, KubeConfig, type V1Pod } from '@kubernetes/client-node';
import { Agent, fetch } from 'undici';
import { loadScenario, parseScenario } from '../../src/sim/scenario/load.ts';
import type { Simulator } from '../../src/sim/simulator.ts';
import { useSimulators } from '../support/simulator.ts';

const SCENARIO = `
name: k8s-contract
start: '2026-11-23T05:00:00+01:00'
kubernetes:
  clusters:
    - name: tt02
      tokens: [tt02-token]
      nodes: 4
      daemonSets:
        - { name: altinn-authentication, image: 'altinncr.azurecr.io/altinn-authentication:1.0.1', podsSince: '2026-11-18T10:00:00Z' }
        - { name: altinn-resource-registry, image: 'altinncr.azurecr.io/altinn-resource-registry:2.0.1' }
        - { name: node-exporter, image: 'quay.io/prometheus/node-exporter:v1.8.0', labels: { app: node-exporter, tier: monitoring } }
      deployments:
        - { name: altinn-web, image: 'altinncr.azurecr.io/altinn-web:3.0.0', replicas: 2, progressDeadline: 2m }
    - name: prod
      tokens: [prod-token]
      daemonSets:
        - { name: altinn-authentication, image: 'altinncr.azurecr.io/altinn-authentication:1.0.0' }
`;

const startSimulator = useSimulators();

async function start(yaml = SCENARIO): Promise<Simulator> {
  const sim = await startSimulator({ scenario: parseScenario(yaml), warn: () => {} });
  return sim;
}

function clients(s: Simulator, cluster: string, token: string) {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [
      {
        name: cluster,
        server: s.urls.kubernetes[cluster]!,
        caData: Buffer.from(s.caPem).toString('base64'),
        skipTLSVerify: false,
      },
    ],
    users: [{ name: 'pnd', token }],
    contexts: [{ name: 'sim', cluster, user: 'pnd' }],
    currentContext: 'sim',
  });
  return { apps: kc.makeApiClient(AppsV1Api), core: kc.makeApiClient(CoreV1Api) };
}

const ns = 'default';
const waiting = (pod: V1Pod) => pod.status?.containerStatuses?.[0]?.state?.waiting?.reason;

describe('Kubernetes workloads', () => {
  it('reads DaemonSets and Deployments complete enough for kubectl rollout status', async () => {
    const s = await start();
    const { apps } = clients(s, 'tt02', 'tt02-token');
    const ds = await apps.readNamespacedDaemonSet({ name: 'altinn-authentication', namespace: ns });
    expect(ds.kind).toBe('DaemonSet');
    expect(ds.metadata?.generation).toBe(1);
    expect(ds.spec?.updateStrategy?.type).toBe('RollingUpdate');
    expect(ds.spec?.template.spec?.containers[0]?.image).toBe(
      'altinncr.azurecr.io/altinn-authentication:1.0.1',
    );
    expect(ds.status).toEqual({
      currentNumberScheduled: 4,
      numberMisscheduled: 0,
      desiredNumberScheduled: 4,
      numberReady: 4,
      observedGeneration: 1,
      updatedNumberScheduled: 4,
      numberAvailable: 4,
    });
    const dep = await apps.readNamespacedDeployment({ name: 'altinn-web', namespace: ns });
    expect(dep.status).toMatchObject({
      observedGeneration: 1,
      replicas: 2,
      updatedReplicas: 2,
      readyReplicas: 2,
      availableReplicas: 2,
    });
    expect(dep.status?.unavailableReplicas).toBeUndefined();
    expect(dep.status?.conditions?.find((c) => c.type === 'Progressing')?.reason).toBe(
      'NewReplicaSetAvailable',
    );

    const other = clients(s, 'prod', 'prod-token');
    const prod = await other.apps.readNamespacedDaemonSet({ name: 'altinn-authentication', namespace: ns });
    expect(prod.status?.desiredNumberScheduled).toBe(3);
    expect(s.problems()).toEqual([]);
  });

  it('lists with labelSelector and pages with limit and continue', async () => {
    const s = await start();
    const { apps, core } = clients(s, 'tt02', 'tt02-token');
    const first = await apps.listNamespacedDaemonSet({ namespace: ns, limit: 2 });
    expect(first.items.map((d) => d.metadata?.name)).toEqual([
      'altinn-authentication',
      'altinn-resource-registry',
    ]);
    expect(first.metadata?.remainingItemCount).toBe(1);
    const second = await apps.listNamespacedDaemonSet({
      namespace: ns,
      limit: 2,
      _continue: first.metadata?._continue,
    });
    expect(second.items.map((d) => d.metadata?.name)).toEqual(['node-exporter']);
    expect(second.metadata?._continue).toBeUndefined();
    const monitoring = await apps.listNamespacedDaemonSet({
      namespace: ns,
      labelSelector: 'tier=monitoring',
    });
    expect(monitoring.items.map((d) => d.metadata?.name)).toEqual(['node-exporter']);
    expect((await apps.listNamespacedDeployment({ namespace: ns })).items).toHaveLength(1);

    const pods = await core.listNamespacedPod({ namespace: ns, labelSelector: 'app=altinn-authentication' });
    expect(pods.items).toHaveLength(4);
    const pod = pods.items[0]!;
    expect(pod.metadata?.ownerReferences?.[0]).toMatchObject({
      kind: 'DaemonSet',
      name: 'altinn-authentication',
      controller: true,
    });
    expect(pod.metadata?.labels?.['controller-revision-hash']).toMatch(/^[a-z0-9]{10}$/);
    expect(pod.status?.phase).toBe('Running');
    expect(pod.status?.containerStatuses?.[0]).toMatchObject({
      image: 'altinncr.azurecr.io/altinn-authentication:1.0.1',
      ready: true,
      started: true,
      restartCount: 0,
    });
    expect(pod.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
    const setBased = await core.listNamespacedPod({
      namespace: ns,
      labelSelector: 'app in (altinn-authentication, altinn-web)',
    });
    expect(setBased.items).toHaveLength(6);
    const webPods = setBased.items.filter((p) => p.metadata?.labels?.['pod-template-hash']);
    expect(webPods[0]?.metadata?.ownerReferences?.[0]?.kind).toBe('ReplicaSet');
    const names: string[] = [];
    let token: string | undefined;
    do {
      const page = await core.listNamespacedPod({
        namespace: ns,
        labelSelector: 'app in (altinn-authentication)',
        limit: 3,
        _continue: token,
      });
      names.push(...page.items.map((p) => p.metadata!.name!));
      token = page.metadata?._continue;
    } while (token);
    expect(names).toEqual(pods.items.map((p) => p.metadata!.name!).sort());
    expect(s.problems()).toEqual([]);
  });

  it('rolls a DaemonSet pod by pod after a deploy', async () => {
    const s = await start();
    const { apps, core } = clients(s, 'tt02', 'tt02-token');
    const read = () => apps.readNamespacedDaemonSet({ name: 'altinn-authentication', namespace: ns });
    s.world.deploy(
      {
        kind: 'kubernetes-workload',
        cluster: 'tt02',
        namespace: ns,
        workloadKind: 'DaemonSet',
        name: 'altinn-authentication',
      },
      { tag: '1.0.2' },
    );
    let ds = await read();
    expect(ds.metadata?.generation).toBe(2);
    expect(ds.status?.observedGeneration).toBe(1);
    expect(ds.spec?.template.spec?.containers[0]?.image).toBe(
      'altinncr.azurecr.io/altinn-authentication:1.0.2',
    );

    s.clock.advance(1000);
    ds = await read();
    expect(ds.status).toMatchObject({
      observedGeneration: 2,
      updatedNumberScheduled: 1,
      numberAvailable: 3,
      numberUnavailable: 1,
    });
    const pods = await core.listNamespacedPod({ namespace: ns, labelSelector: 'app=altinn-authentication' });
    const fresh = pods.items.filter((p) => p.spec?.containers[0]?.image?.endsWith(':1.0.2'));
    expect(fresh).toHaveLength(1);
    expect(waiting(fresh[0]!)).toBe('ContainerCreating');
    expect(fresh[0]!.status?.phase).toBe('Pending');

    s.clock.advance(20_000);
    ds = await read();
    expect(ds.status).toMatchObject({ updatedNumberScheduled: 2, numberAvailable: 3 });
    s.clock.advance(60_000);
    ds = await read();
    expect(ds.status).toEqual({
      currentNumberScheduled: 4,
      numberMisscheduled: 0,
      desiredNumberScheduled: 4,
      numberReady: 4,
      observedGeneration: 2,
      updatedNumberScheduled: 4,
      numberAvailable: 4,
    });
    const after = await core.listNamespacedPod({ namespace: ns, labelSelector: 'app=altinn-authentication' });
    expect(
      after.items.every(
        (p) => p.status?.containerStatuses?.[0]?.image === 'altinncr.azurecr.io/altinn-authentication:1.0.2',
      ),
    ).toBe(true);
    expect(s.problems()).toEqual([]);
  });

  it('rolls a Deployment with surge, and reports ProgressDeadlineExceeded when new pods crash-loop', async () => {
    const s = await start();
    const { apps, core } = clients(s, 'tt02', 'tt02-token');
    const target = {
      kind: 'kubernetes-workload',
      cluster: 'tt02',
      namespace: ns,
      workloadKind: 'Deployment',
      name: 'altinn-web',
    } as const;
    s.world.deploy(target, { tag: '3.0.1' });
    s.clock.advance(1000);
    let dep = await apps.readNamespacedDeployment({ name: 'altinn-web', namespace: ns });
    expect(dep.status).toMatchObject({ replicas: 3, updatedReplicas: 1, availableReplicas: 2 });
    expect(dep.status?.conditions?.find((c) => c.type === 'Progressing')?.reason).toBe('ReplicaSetUpdated');
    s.clock.advance(60_000);
    dep = await apps.readNamespacedDeployment({ name: 'altinn-web', namespace: ns });
    expect(dep.status).toMatchObject({
      replicas: 2,
      updatedReplicas: 2,
      availableReplicas: 2,
      readyReplicas: 2,
    });
    expect(dep.status?.conditions?.find((c) => c.type === 'Progressing')?.reason).toBe(
      'NewReplicaSetAvailable',
    );

    s.world.fire('kubernetes.crash-loop', { cluster: 'tt02', kind: 'Deployment', name: 'altinn-web' });
    s.world.deploy(target, { tag: '3.0.2' });
    s.clock.advance(60_000);
    const pods = await core.listNamespacedPod({ namespace: ns, labelSelector: 'app=altinn-web' });
    const crashing = pods.items.find((p) => p.spec?.containers[0]?.image?.endsWith(':3.0.2'))!;
    const status = crashing.status!.containerStatuses![0]!;
    expect(status.state?.waiting?.reason).toBe('CrashLoopBackOff');
    expect(status.lastState?.terminated?.reason).toBe('Error');
    expect(status.restartCount).toBeGreaterThanOrEqual(1);
    s.clock.advance(3 * 60_000);
    dep = await apps.readNamespacedDeployment({ name: 'altinn-web', namespace: ns });
    expect(dep.status?.conditions?.find((c) => c.type === 'Progressing')).toMatchObject({
      status: 'False',
      reason: 'ProgressDeadlineExceeded',
    });
    const later = (
      await core.listNamespacedPod({ namespace: ns, labelSelector: 'app=altinn-web' })
    ).items.find((p) => p.metadata?.name === crashing.metadata?.name)!;
    expect(later.status!.containerStatuses![0]!.restartCount).toBeGreaterThan(status.restartCount);
    expect(s.problems()).toEqual([]);
  });

  it('stops a rollout part-way, pulls images that do not exist, and OOM-kills running pods on request', async () => {
    const s = await start();
    const { apps, core } = clients(s, 'tt02', 'tt02-token');
    s.world.fire('kubernetes.stuck-rollout', { cluster: 'tt02', name: 'altinn-authentication', updated: 2 });
    s.world.deploy(
      {
        kind: 'kubernetes-workload',
        cluster: 'tt02',
        namespace: ns,
        workloadKind: 'DaemonSet',
        name: 'altinn-authentication',
      },
      { tag: '1.0.3' },
    );
    s.clock.advance(10 * 60_000);
    const ds = await apps.readNamespacedDaemonSet({ name: 'altinn-authentication', namespace: ns });
    expect(ds.status).toMatchObject({
      updatedNumberScheduled: 2,
      desiredNumberScheduled: 4,
      numberAvailable: 4,
    });

    s.world.fire('kubernetes.image-pull-backoff', { cluster: 'tt02', name: 'altinn-resource-registry' });
    s.world.deploy(
      {
        kind: 'kubernetes-workload',
        cluster: 'tt02',
        namespace: ns,
        workloadKind: 'DaemonSet',
        name: 'altinn-resource-registry',
      },
      { tag: '2.0.2', image: 'altinncr.azurecr.io/altinn-resource-registry:missing' },
    );
    s.clock.advance(30_000);
    const rr = await core.listNamespacedPod({ namespace: ns, labelSelector: 'app=altinn-resource-registry' });
    const pulling = rr.items.filter((p) => p.spec?.containers[0]?.image?.endsWith(':missing'));
    expect(pulling).toHaveLength(1);
    expect(waiting(pulling[0]!)).toBe('ImagePullBackOff');
    expect(pulling[0]!.status?.phase).toBe('Pending');

    s.world.fire('kubernetes.oom-killed', { cluster: 'tt02', name: 'node-exporter', scope: 'current' });
    s.clock.advance(15_000);
    const ne = await core.listNamespacedPod({ namespace: ns, labelSelector: 'app=node-exporter' });
    expect(
      ne.items.every((p) => p.status?.containerStatuses?.[0]?.lastState?.terminated?.reason === 'OOMKilled'),
    ).toBe(true);
    const neDs = await apps.readNamespacedDaemonSet({ name: 'node-exporter', namespace: ns });
    expect(neDs.status?.numberReady).toBe(0);
    expect(neDs.status?.numberAvailable).toBeUndefined();
    s.world.fire('kubernetes.pods-recover', { cluster: 'tt02', name: 'node-exporter' });
    expect(
      (await apps.readNamespacedDaemonSet({ name: 'node-exporter', namespace: ns })).status?.numberReady,
    ).toBe(4);
    expect(s.problems()).toEqual([]);
  });
});

describe('Kubernetes errors and faults', () => {
  it('answers with Status objects the client turns into ApiException', async () => {
    const s = await start();
    const bad = clients(s, 'tt02', 'prod-token');
    const unauthorized = await bad.apps
      .readNamespacedDaemonSet({ name: 'altinn-authentication', namespace: ns })
      .catch((e: unknown) => e);
    expect(unauthorized).toBeInstanceOf(ApiException);
    expect((unauthorized as ApiException<unknown>).code).toBe(401);
    // The client drops the body of a 401 (the spec declares it without content); read it raw.
    const raw = await fetch(
      `${s.urls.kubernetes.tt02}/apis/apps/v1/namespaces/default/daemonsets/altinn-authentication`,
      {
        headers: { authorization: 'Bearer wrong' },
        dispatcher: new Agent({ connect: { ca: s.caPem } }),
      },
    );
    expect(raw.status).toBe(401);
    expect(await raw.json()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Unauthorized',
      reason: 'Unauthorized',
      code: 401,
    });
    const { apps, core } = clients(s, 'tt02', 'tt02-token');
    const missing = (await apps
      .readNamespacedDaemonSet({ name: 'nope', namespace: ns })
      .catch((e: unknown) => e)) as ApiException<string>;
    expect(missing.code).toBe(404);
    expect(JSON.parse(missing.body)).toMatchObject({
      reason: 'NotFound',
      message: 'daemonsets.apps "nope" not found',
      details: { name: 'nope', group: 'apps', kind: 'daemonsets' },
    });
    const badSelector = (await core
      .listNamespacedPod({ namespace: ns, labelSelector: 'app in (x' })
      .catch((e: unknown) => e)) as ApiException<string>;
    expect(badSelector.code).toBe(400);
    expect(s.problems()).toEqual([]);
  });

  it('serves every fault kind as the API server would', async () => {
    const s = await start();
    const { apps } = clients(s, 'tt02', 'tt02-token');
    const read = () => apps.readNamespacedDaemonSet({ name: 'altinn-authentication', namespace: ns });

    s.faults.add({ vendor: 'kubernetes', kind: 'rate-limit', retryAfterSeconds: 3, times: 1 });
    const limited = (await read().catch((e: unknown) => e)) as ApiException<string>;
    expect(limited.code).toBe(429);
    expect(limited.headers['retry-after']).toBe('3');
    expect(JSON.parse(limited.body)).toMatchObject({
      reason: 'TooManyRequests',
      code: 429,
      details: { retryAfterSeconds: 3 },
    });
    s.faults.add({ vendor: 'kubernetes', kind: 'rate-limit', status: 403, times: 1 });
    const forbidden = (await read().catch((e: unknown) => e)) as ApiException<string>;
    expect(forbidden.code).toBe(403);
    expect(JSON.parse(forbidden.body)).toMatchObject({
      kind: 'Status',
      reason: 'TooManyRequests',
      code: 403,
    });

    s.faults.add({ vendor: 'kubernetes', kind: 'server-error', times: 1 });
    const failed = (await read().catch((e: unknown) => e)) as ApiException<string>;
    expect(failed.code).toBe(500);
    expect(JSON.parse(failed.body)).toMatchObject({ kind: 'Status', reason: 'InternalError', code: 500 });

    s.faults.add({ vendor: 'kubernetes', kind: 'delay', delayMs: 150, times: 1 });
    const t0 = Date.now();
    await read();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);

    s.faults.add({ vendor: 'kubernetes', kind: 'reset', times: 1 });
    await expect(read()).rejects.toThrow();

    s.faults.add({ vendor: 'kubernetes', kind: 'hang', times: 1 });
    const hung = Promise.race([
      read().then(() => 'answered'),
      new Promise((resolve) => setTimeout(() => resolve('timed out'), 300)),
    ]);
    expect(await hung).toBe('timed out');
    expect((await read()).metadata?.name).toBe('altinn-authentication');
    expect(s.problems()).toEqual([]);
  });
});

describe('Kubernetes in the example scenario', () => {
  it('runs both DaemonSets healthy on 4 nodes in both clusters, TT02 one version ahead', async () => {
    const sim = await startSimulator({
      scenario: await loadScenario('examples/tilgangsinfo/scenario.yaml'),
      warn: () => {},
    });
    const s = sim;
    const images: Record<string, string> = {};
    for (const [cluster, token] of [
      ['platform-tt02-02-aks', 'k8s-token-platform-tt02-02-aks'],
      ['platform-prod-01-aks', 'k8s-token-platform-prod-01-aks'],
    ] as const) {
      const { apps } = clients(s, cluster, token);
      for (const name of ['altinn-authentication', 'altinn-resource-registry']) {
        const ds = await apps.readNamespacedDaemonSet({ name, namespace: ns });
        expect(ds.status).toMatchObject({
          desiredNumberScheduled: 4,
          numberReady: 4,
          numberAvailable: 4,
          updatedNumberScheduled: 4,
        });
        images[`${cluster}/${name}`] = ds.spec!.template.spec!.containers[0]!.image!;
      }
    }
    expect(images).toEqual({
      'platform-tt02-02-aks/altinn-authentication': 'altinncr.azurecr.io/altinn-authentication:20261117.2',
      'platform-tt02-02-aks/altinn-resource-registry':
        'altinncr.azurecr.io/altinn-resource-registry:20261117.1',
      'platform-prod-01-aks/altinn-authentication': 'altinncr.azurecr.io/altinn-authentication:20261110.1',
      'platform-prod-01-aks/altinn-resource-registry':
        'altinncr.azurecr.io/altinn-resource-registry:20261110.3',
    });
    expect(s.problems()).toEqual([]);
  });
});
