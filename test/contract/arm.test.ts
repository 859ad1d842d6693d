import { describe, expect, it } from 'vitest';
import { ContainerAppsAPIClient } from '@azure/arm-appcontainers';
import { WebSiteManagementClient } from '@azure/arm-appservice';
import type { TokenCredential } from '@azure/core-auth';
import { RestError } from '@azure/core-rest-pipeline';
import { loadScenario, parseScenario } from '../../src/sim/scenario/load.ts';
import type { Simulator } from '../../src/sim/simulator.ts';
import { useSimulators } from '../support/simulator.ts';

const SUB = 'dd6d3e08-a70f-4f71-8847-781ddc5d8468';
const RG = 'auditlog-tt02-rg';
const CA = 'PLACEHOLDER-auditlog-ca-tt02';
const FUNC = 'PLACEHOLDER-auditlog-func-tt02';
const IMAGE = 'altinncr.azurecr.io/altinn-auth-audit-log';

const SCENARIO = `
name: arm-contract
start: '2026-11-23T05:00:00+01:00'
azure:
  tokens: [arm-token]
  pageSize: 2
  subscriptions:
    - id: ${SUB}
      resourceGroups:
        - name: ${RG}
          containerApps:
            - name: ${CA}
              image: ${IMAGE}:c0ffee3
              latestRevisionAt: '2026-11-18T12:40:00Z'
              history:
                - { image: '${IMAGE}:aaaa111', createdAt: '2026-11-04T12:00:00Z' }
                - { image: '${IMAGE}:bbbb222', createdAt: '2026-11-11T12:00:00Z' }
          functionApps:
            - name: ${FUNC}
              deployments:
                - { startTime: '2026-11-11T12:05:00Z', message: 'bbbb222' }
                - { startTime: '2026-11-18T12:45:00Z', message: 'c0ffee3', author: 'kari' }
`;

const startSimulator = useSimulators();

async function start(yaml = SCENARIO): Promise<Simulator> {
  const sim = await startSimulator({ scenario: parseScenario(yaml), warn: () => {} });
  return sim;
}

// A static credential: the simulator accepts the scenario's tokens; the bearer policy stays on.
const credential = (token = 'arm-token'): TokenCredential => ({
  getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3_600_000 }),
});

function options(s: Simulator) {
  return {
    endpoint: s.urls.arm,
    tlsOptions: { ca: s.caPem },
    retryOptions: { maxRetries: 2, retryDelayInMs: 20, maxRetryDelayInMs: 100 },
  };
}

const apps = (s: Simulator, token?: string) => new ContainerAppsAPIClient(credential(token), SUB, options(s));
const web = (s: Simulator, token?: string) => new WebSiteManagementClient(credential(token), SUB, options(s));

async function all<T>(iterator: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterator) out.push(item);
  return out;
}

describe('ARM container apps', () => {
  it('gets the app and lists revisions across nextLink pages, with $filter; gets one revision', async () => {
    const s = await start();
    const client = apps(s);
    const app = await client.containerApps.get(RG, CA);
    expect(app).toMatchObject({
      name: CA,
      provisioningState: 'Succeeded',
      runningStatus: 'Running',
      configuration: { activeRevisionsMode: 'Single' },
    });
    expect(app.latestRevisionName).toBe(app.latestReadyRevisionName);
    expect(app.latestRevisionFqdn).toContain(app.latestRevisionName);
    expect(app.template?.containers?.[0]?.image).toBe(`${IMAGE}:c0ffee3`);

    const pages: number[] = [];
    for await (const page of client.containerAppsRevisions.listRevisions(RG, CA).byPage())
      pages.push(page.length);
    expect(pages).toEqual([2, 1]);
    const revisions = await all(client.containerAppsRevisions.listRevisions(RG, CA));
    expect(revisions.map((r) => r.template?.containers?.[0]?.image?.split(':')[1])).toEqual([
      'aaaa111',
      'bbbb222',
      'c0ffee3',
    ]);
    expect(revisions.map((r) => r.active)).toEqual([false, false, true]);
    expect(revisions[2]).toMatchObject({
      provisioningState: 'Provisioned',
      runningState: 'Running',
      healthState: 'Healthy',
      trafficWeight: 100,
      replicas: 1,
    });
    expect(revisions[2]!.createdTime).toEqual(new Date('2026-11-18T12:40:00Z'));

    const active = await all(
      client.containerAppsRevisions.listRevisions(RG, CA, { filter: 'properties/active eq true' }),
    );
    expect(active.map((r) => r.name)).toEqual([app.latestRevisionName]);
    const one = await client.containerAppsRevisions.getRevision(RG, CA, app.latestRevisionName!);
    expect(one.name).toBe(app.latestRevisionName);

    const sent = s.log.entries().map((e) => new URLSearchParams(e.query).get('api-version'));
    expect(new Set(sent)).toEqual(new Set(['2025-07-01']));
    expect(s.problems()).toEqual([]);
  });

  it('deploys a new revision: Provisioning, then Provisioned and ready; the old one is deactivated', async () => {
    const s = await start();
    const client = apps(s);
    const before = await client.containerApps.get(RG, CA);
    s.world.deploy(
      { kind: 'container-app', subscriptionId: SUB, resourceGroup: RG, name: CA },
      { tag: 'd00d444' },
    );
    const during = await client.containerApps.get(RG, CA);
    expect(during.latestRevisionName).not.toBe(before.latestRevisionName);
    expect(during.latestRevisionName).toMatch(new RegExp(`^${CA}--[a-z0-9]{7}$`));
    expect(during.latestReadyRevisionName).toBe(before.latestReadyRevisionName);
    expect(during.provisioningState).toBe('InProgress');
    const fresh = await client.containerAppsRevisions.getRevision(RG, CA, during.latestRevisionName!);
    expect(fresh).toMatchObject({ provisioningState: 'Provisioning', runningState: 'Processing' });
    expect(fresh.template?.containers?.[0]?.image).toBe(`${IMAGE}:d00d444`);

    s.clock.advance(45_000);
    const after = await client.containerApps.get(RG, CA);
    expect(after).toMatchObject({
      provisioningState: 'Succeeded',
      latestReadyRevisionName: during.latestRevisionName,
    });
    const old = await client.containerAppsRevisions.getRevision(RG, CA, before.latestRevisionName!);
    expect(old).toMatchObject({ active: false, trafficWeight: 0, replicas: 0 });
    const ready = await client.containerAppsRevisions.getRevision(RG, CA, during.latestRevisionName!);
    expect(ready).toMatchObject({
      provisioningState: 'Provisioned',
      runningState: 'Running',
      healthState: 'Healthy',
      active: true,
    });
    expect(s.problems()).toEqual([]);
  });

  it('fails provisioning, stays on the old image, or runs unhealthy on request', async () => {
    const s = await start();
    const client = apps(s);
    const target = { kind: 'container-app', subscriptionId: SUB, resourceGroup: RG, name: CA } as const;
    const before = await client.containerApps.get(RG, CA);

    s.world.fire('container-app.provisioning-failed', { resourceGroup: RG, name: CA });
    s.world.deploy(target, { tag: 'bad0001' });
    s.clock.advance(60_000);
    const failed = await client.containerApps.get(RG, CA);
    expect(failed.provisioningState).toBe('Failed');
    expect(failed.latestReadyRevisionName).toBe(before.latestReadyRevisionName);
    const revision = await client.containerAppsRevisions.getRevision(RG, CA, failed.latestRevisionName!);
    expect(revision).toMatchObject({ provisioningState: 'Failed', healthState: 'Unhealthy', active: false });
    expect(revision.provisioningError).toMatch(/failed to start/);

    s.world.fire('container-app.stays-on-old-image', { resourceGroup: RG, name: CA });
    s.world.deploy(target, { tag: 'new0002' });
    s.clock.advance(60_000);
    expect((await client.containerApps.get(RG, CA)).latestRevisionName).toBe(failed.latestRevisionName);

    s.world.fire('container-app.unhealthy', { resourceGroup: RG, name: CA });
    s.world.deploy(target, { tag: 'sick003' });
    s.clock.advance(60_000);
    const sick = await client.containerApps.get(RG, CA);
    const latest = await client.containerAppsRevisions.getRevision(RG, CA, sick.latestRevisionName!);
    expect(latest).toMatchObject({
      provisioningState: 'Provisioned',
      healthState: 'Unhealthy',
      runningState: 'Degraded',
    });
    expect(s.problems()).toEqual([]);
  });
});

describe('ARM function app deployments', () => {
  it('lists and gets deployments; a deploy goes 0 -> 1 -> 2 -> 4 and becomes active; a failure ends 3', async () => {
    const s = await start();
    const client = web(s);
    const list = await all(client.webApps.listDeployments(RG, FUNC));
    expect(list.map((d) => [d.message, d.status, d.active])).toEqual([
      ['c0ffee3', 4, true],
      ['bbbb222', 4, false],
    ]);
    expect(list[0]!.startTime).toEqual(new Date('2026-11-18T12:45:00Z'));
    expect(list[0]!.endTime).toEqual(new Date('2026-11-18T12:46:30Z'));
    expect(list[0]!.author).toBe('kari');

    s.world.deploy(
      { kind: 'function-app', subscriptionId: SUB, resourceGroup: RG, name: FUNC },
      { tag: 'd00d444', deployer: 'github-actions', message: 'd00d444' },
    );
    const statuses: number[] = [];
    const newest = async () => (await all(client.webApps.listDeployments(RG, FUNC)))[0]!;
    statuses.push((await newest()).status!);
    for (const step of [6_000, 10_000, 80_000]) {
      s.clock.advance(step);
      statuses.push((await newest()).status!);
    }
    expect(statuses).toEqual([0, 1, 2, 4]);
    const done = await newest();
    expect(done).toMatchObject({ active: true, author: 'github-actions', message: 'd00d444' });
    expect(done.endTime).toBeInstanceOf(Date);
    const id = done.id!.split('/').at(-1)!;
    const got = await client.webApps.getDeployment(RG, FUNC, id);
    expect(got.status).toBe(4);

    s.world.fire('function-app.deployment-failed', {
      resourceGroup: RG,
      name: FUNC,
      message: 'Sync triggers failed',
    });
    s.world.deploy(
      { kind: 'function-app', subscriptionId: SUB, resourceGroup: RG, name: FUNC },
      { tag: 'bad0001' },
    );
    s.clock.advance(120_000);
    const failed = await newest();
    expect(failed).toMatchObject({ status: 3, message: 'Sync triggers failed', active: false });
    expect(
      (await all(client.webApps.listDeployments(RG, FUNC))).filter((d) => d.active).map((d) => d.message),
    ).toEqual(['d00d444']);

    const sent = new Set(s.log.entries().map((e) => new URLSearchParams(e.query).get('api-version')));
    expect(sent).toEqual(new Set(['2025-05-01']));
    // Four deployments at two a page: the SDK followed ARM's $skiptoken nextLink.
    expect(
      s.log.entries().filter((e) => new URLSearchParams(e.query).has('$skiptoken')).length,
    ).toBeGreaterThan(0);
    expect(s.problems()).toEqual([]);
  });
});

describe('ARM errors and faults', () => {
  it('answers auth, not-found and api-version problems in the ARM envelope', async () => {
    const s = await start();
    const bad = await apps(s, 'wrong')
      .containerApps.get(RG, CA)
      .catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(RestError);
    expect(bad).toMatchObject({ statusCode: 401, code: 'InvalidAuthenticationToken' });
    expect((bad as RestError).response?.headers.get('www-authenticate')).toMatch(/^Bearer/);

    const missing = await apps(s)
      .containerApps.get(RG, 'nope')
      .catch((e: unknown) => e);
    expect(missing).toMatchObject({ statusCode: 404, code: 'ResourceNotFound' });
    expect((missing as RestError).response?.headers.get('x-ms-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const group = await apps(s)
      .containerApps.get('nope-rg', CA)
      .catch((e: unknown) => e);
    expect(group).toMatchObject({ statusCode: 404, code: 'ResourceGroupNotFound' });
    const revision = await apps(s)
      .containerAppsRevisions.getRevision(RG, CA, `${CA}--zzzzzzz`)
      .catch((e: unknown) => e);
    expect(revision).toMatchObject({ statusCode: 404 });
    const deployment = await web(s)
      .webApps.getDeployment(RG, FUNC, 'nope')
      .catch((e: unknown) => e);
    expect(deployment).toMatchObject({ statusCode: 404 });

    const old = new ContainerAppsAPIClient(credential(), SUB, { ...options(s), apiVersion: '2022-03-01' });
    const version = await old.containerApps.get(RG, CA).catch((e: unknown) => e);
    expect(version).toMatchObject({ statusCode: 400, code: 'NoRegisteredProviderFound' });
    expect(s.problems()).toEqual([]);
  });

  it('honours Retry-After on 429, retries 5xx and resets, and aborts a hung call', async () => {
    const s = await start();
    const client = apps(s);

    s.faults.add({ vendor: 'arm-container-apps', kind: 'rate-limit', retryAfterSeconds: 1, times: 1 });
    let t0 = Date.now();
    expect((await client.containerApps.get(RG, CA)).name).toBe(CA);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
    const throttled = s.log.entries().find((e) => e.fault === 'rate-limit');
    expect(throttled?.status).toBe(429);

    s.faults.add({ vendor: 'arm-container-apps', kind: 'rate-limit', retryAfterSeconds: 0, times: 5 });
    const limited = await client.containerApps.get(RG, CA).catch((e: unknown) => e);
    expect(limited).toMatchObject({ statusCode: 429, code: 'TooManyRequests' });
    expect((limited as RestError).response?.headers.get('x-ms-ratelimit-remaining-subscription-reads')).toBe(
      '0',
    );
    s.faults.clear();

    s.faults.add({ vendor: 'arm-container-apps', kind: 'server-error', times: 1 });
    expect((await client.containerApps.get(RG, CA)).name).toBe(CA);
    s.faults.add({ vendor: 'arm-container-apps', kind: 'server-error', times: 5 });
    const failed = await client.containerApps.get(RG, CA).catch((e: unknown) => e);
    expect(failed).toMatchObject({ statusCode: 500, code: 'InternalServerError' });
    s.faults.clear();

    s.faults.add({ vendor: 'arm-container-apps', kind: 'reset', times: 1 });
    expect((await client.containerApps.get(RG, CA)).name).toBe(CA);

    s.faults.add({ vendor: 'arm-container-apps', kind: 'delay', delayMs: 150, times: 1 });
    t0 = Date.now();
    await client.containerApps.get(RG, CA);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);

    s.faults.add({ vendor: 'arm-container-apps', kind: 'hang', times: 1 });
    const hung = await client.containerApps
      .get(RG, CA, { abortSignal: AbortSignal.timeout(300) })
      .catch((e: unknown) => e);
    expect((hung as Error).name).toBe('AbortError');
    expect(s.problems()).toEqual([]);
  });
});

describe('ARM in the example scenario', () => {
  it('has the audit log on the TT02 container app and function app since last Wednesday, production a week behind', async () => {
    const sim = await startSimulator({
      scenario: await loadScenario('examples/tilgangsinfo/scenario.yaml'),
      warn: () => {},
    });
    const s = sim;
    const token = 'arm-token-pnd';
    const client = apps(s, token);
    const tt02 = await client.containerApps.get('auditlog-tt02-rg', 'PLACEHOLDER-auditlog-ca-tt02');
    const prod = await client.containerApps.get('auditlog-prod-rg', 'PLACEHOLDER-auditlog-ca-prod');
    expect(tt02.template?.containers?.[0]?.image).not.toBe(prod.template?.containers?.[0]?.image);
    const tt02Latest = await client.containerAppsRevisions.getRevision(
      'auditlog-tt02-rg',
      'PLACEHOLDER-auditlog-ca-tt02',
      tt02.latestRevisionName!,
    );
    expect(tt02Latest.createdTime?.toISOString().slice(0, 10)).toBe('2026-11-18');
    expect(tt02Latest).toMatchObject({ provisioningState: 'Provisioned', healthState: 'Healthy' });
    const deployments = await all(
      web(s, token).webApps.listDeployments('auditlog-tt02-rg', 'PLACEHOLDER-auditlog-func-tt02'),
    );
    expect(deployments[0]).toMatchObject({ status: 4, active: true });
    expect(deployments[0]!.startTime?.toISOString().slice(0, 10)).toBe('2026-11-18');
    expect(s.problems()).toEqual([]);
  });
});
