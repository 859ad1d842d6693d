import { describe, expect, it } from 'vitest';
import { PndError } from '../../src/core/errors.ts';
import { AzureDevOpsClient } from '../../src/providers/azure-devops/client.ts';
import { parseScenario } from '../../src/sim/scenario/load.ts';
import type { Simulator } from '../../src/sim/simulator.ts';
import { useSimulators } from '../support/simulator.ts';

// pnd's own Azure DevOps client (plain fetch; see docs/providers/azure-devops.md) against the
// simulator: every route it uses, continuation paging, the error map and each fault kind.

const SCENARIO = `
name: ado-client
start: '2026-11-23T05:00:00+01:00'
azureDevOps:
  tokens:
    - token: pat-kari
      user: { displayName: Kari Nordmann, uniqueName: kari.nordmann@example.no }
  projects:
    - organization: brreg
      name: altinn-studio
      releaseDefinitions:
        - id: 20
          name: Authentication
          environments:
            - { name: TT02, preDeployApprovers: [kari.nordmann@example.no], postDeployApprovers: [kari.nordmann@example.no] }
            - { name: Production, preDeployApprovers: [kari.nordmann@example.no] }
        - id: 36
          name: Resource Registry
          environments:
            - { name: TT02, preDeployApprovers: [kari.nordmann@example.no] }
      releases:
        - { id: 101, definitionId: 20, createdOn: '2026-11-16T08:00:00Z', version: '1.0.101', environments: [{ name: TT02, state: succeeded, at: '2026-11-18T10:00:00Z' }, { name: Production, state: awaitingPreDeploy, at: '2026-11-18T10:00:00Z' }] }
        - { id: 102, definitionId: 20, createdOn: '2026-11-22T08:00:00Z', version: '1.0.102', environments: [{ name: TT02, state: awaitingPreDeploy, at: '2026-11-22T08:00:00Z' }] }
        - { id: 201, definitionId: 36, createdOn: '2026-11-22T09:00:00Z', version: '2.0.201', environments: [{ name: TT02, state: awaitingPreDeploy, at: '2026-11-22T09:00:00Z' }] }
      buildDefinitions:
        - { id: 125, name: apim deploys to tt }
      builds:
        - { id: 1, definitionId: 125, queueTime: '2026-11-10T09:00:00Z', message: 'old #authentication' }
        - { id: 2, definitionId: 125, queueTime: '2026-11-19T09:00:00Z', message: 'Update policy #authentication' }
        - { id: 3, definitionId: 125, queueTime: '2026-11-20T09:00:00Z', message: 'Tidy' }
        - { id: 4, definitionId: 125, queueTime: '2026-11-21T09:00:00Z', message: 'More #resourceregistry' }
`;

const startSimulator = useSimulators();

/**
 * `timeoutMs`: the client's per-request timeout in real time. Short only where a hang fault is
 * the subject; elsewhere long enough that a loaded machine does not turn a slow answer into a
 * retry (which the page and request counts would show).
 */
async function start(timeoutMs = 10_000): Promise<{ s: Simulator; client: AzureDevOpsClient }> {
  const sim = await startSimulator({ scenario: parseScenario(SCENARIO), warn: () => {} });
  // The client waits on the simulator's clock, which jumps instead of sleeping: retries after a
  // Retry-After cost no real time.
  sim.clock.autoAdvance = true;
  const client = new AzureDevOpsClient({
    organization: 'brreg',
    project: 'altinn-studio',
    credential: { pat: 'pat-kari' },
    releaseUrl: sim.urls.azureDevOpsRelease,
    buildUrl: sim.urls.azureDevOpsBuild,
    ca: sim.caPem,
    clock: sim.clock,
    timeoutMs,
    retries: 4,
  });
  return { s: sim, client };
}

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe("pnd's Azure DevOps client", () => {
  it('pages approvals with x-ms-continuationtoken and filters by definition client-side', async () => {
    const { s, client } = await start();
    const approvals = await all(client.approvals({ typeFilter: 'preDeploy', top: 1 }));
    expect(approvals.map((a) => a.release.id).sort()).toEqual([101, 102, 201]);
    const pages = s.log.entries().filter((e) => e.path.endsWith('/_apis/release/approvals'));
    expect(pages).toHaveLength(3);
    expect(new URLSearchParams(pages[1]!.query).get('continuationToken')).not.toBeNull();
    expect(approvals.filter((a) => a.releaseDefinition.id === 20)).toHaveLength(2);
    expect(s.problems()).toEqual([]);
  });

  it('approves a pre-deploy approval and reads the release it moved', async () => {
    const { s, client } = await start();
    const [approval] = (await all(client.approvals({ releaseIdsFilter: [102] }))).filter(
      (a) => a.approvalType === 'preDeploy',
    );
    const decided = await client.updateApproval(approval!.id, {
      status: 'approved',
      comments: 'pnd contract test',
    });
    expect(decided).toMatchObject({ id: approval!.id, status: 'approved', comments: 'pnd contract test' });
    const release = await client.release(102);
    expect(release.environments?.find((e) => e.name === 'TT02')?.status).toMatch(/queued|inProgress/);
    const listed = await all(client.releases({ definitionId: 20, expandEnvironments: true, top: 1 }));
    expect(listed.map((r) => r.id).sort()).toEqual([101, 102]);
    expect(listed.every((r) => Array.isArray(r.environments))).toBe(true);
    expect(s.log.entries().filter((e) => e.path.endsWith('/_apis/release/releases')).length).toBe(2);
    expect(s.problems()).toEqual([]);
  });

  it('pages builds since a time with a string continuation token, and gets one', async () => {
    const { s, client } = await start();
    const builds = await all(
      client.builds({
        definitions: [125],
        minTime: '2026-11-16T05:00:00Z',
        queryOrder: 'queueTimeDescending',
        top: 1,
      }),
    );
    expect(builds.map((b) => b.id)).toEqual([4, 3, 2]);
    expect((await client.build(2)).triggerInfo?.['ci.message']).toContain('#authentication');
    expect(s.problems()).toEqual([]);
  });

  it('maps a bad PAT (203 sign-in page) to an auth failure that never shows the token', async () => {
    const { s } = await start();
    const bad = new AzureDevOpsClient({
      organization: 'brreg',
      project: 'altinn-studio',
      credential: { pat: 'super-secret-pat' },
      releaseUrl: s.urls.azureDevOpsRelease,
      ca: s.caPem,
    });
    const error = await bad.release(101).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PndError);
    expect((error as PndError).code).toBe('auth-failed');
    expect(JSON.stringify({ ...(error as PndError), message: (error as PndError).message })).not.toContain(
      'super-secret-pat',
    );
    expect(
      (await bad
        .updateApproval(1, { status: 'approved', comments: 'x' })
        .catch((e: unknown) => e)) as PndError,
    ).toMatchObject({
      code: 'auth-failed',
    });
  });

  it('maps a missing release to not-found', async () => {
    const { client } = await start();
    expect(await client.release(999).catch((e: PndError) => e.code)).toBe('not-found');
  });

  it('retries reads through 429 (honouring Retry-After), 5xx, a reset and a hang, then gives up', async () => {
    const { s, client } = await start(500);
    const before = s.clock.now();
    s.faults.add({ vendor: 'azure-devops-release', kind: 'rate-limit', retryAfterSeconds: 42, times: 1 });
    s.faults.add({ vendor: 'azure-devops-release', kind: 'server-error', status: 503, times: 1 });
    s.faults.add({ vendor: 'azure-devops-release', kind: 'reset', times: 1 });
    s.faults.add({ vendor: 'azure-devops-release', kind: 'hang', times: 1 });
    s.faults.add({ vendor: 'azure-devops-release', kind: 'delay', delayMs: 50, times: 1 });
    expect((await client.release(101)).id).toBe(101);
    expect(s.clock.now() - before).toBeGreaterThanOrEqual(42_000);
    expect(s.log.entries().map((e) => e.fault ?? 'ok')).toEqual([
      'rate-limit',
      'server-error',
      'reset',
      'hang',
      'delay',
    ]);

    s.faults.add({ vendor: 'azure-devops-release', kind: 'server-error', status: 500 });
    expect(await client.release(101).catch((e: PndError) => e.code)).toBe('remote-failed');
  });

  it('does not retry a write that failed', async () => {
    const { s, client } = await start();
    const [approval] = await all(client.approvals({ releaseIdsFilter: [201] }));
    s.faults.add({ vendor: 'azure-devops-release', kind: 'server-error', status: 500, method: 'PATCH' });
    expect(
      await client
        .updateApproval(approval!.id, { status: 'approved', comments: 'x' })
        .catch((e: PndError) => e.code),
    ).toBe('remote-failed');
    expect(s.log.entries().filter((e) => e.method === 'PATCH')).toHaveLength(1);
  });
});
