import { describe, expect, it } from 'vitest';
import { AppsV1Api, KubeConfig } from '@kubernetes/client-node';
import { Agent, fetch } from 'undici';
import { loadScenario, parseScenario } from '../../src/sim/scenario/load.ts';
import type { Simulator } from '../../src/sim/simulator.ts';
import { useSimulators } from '../support/simulator.ts';

// Azure DevOps has no official client pnd uses (its SDK hides continuation tokens), so these
// tests speak REST with plain fetch, trusting the simulator's CA through an undici Agent.

const SCENARIO = `
name: ado-contract
start: '2026-11-23T05:00:00+01:00'
azureDevOps:
  tokens:
    - token: pat-kari
      user: { displayName: Kari Nordmann, uniqueName: kari.nordmann@example.no }
    - token: pat-ola
      user: { displayName: Ola Nordmann, uniqueName: ola.nordmann@example.no }
    - token: entra-kari-token
      user: { displayName: Kari Nordmann, uniqueName: kari.nordmann@example.no }
  groups:
    - displayName: '[altinn-studio]\\Release Approvers'
      uniqueName: 'vstfs:///Classification/TeamProject/altinn-studio\\Release Approvers'
      members: [ola.nordmann@example.no]
  projects:
    - organization: brreg
      name: altinn-studio
      releaseDefinitions:
        - id: 20
          name: Authentication
          environments:
            - name: TT02
              preDeployApprovers: [kari.nordmann@example.no]
              postDeployApprovers: [kari.nordmann@example.no]
              approvalTimeout: 2d
            - name: Production
              preDeployApprovers: ['vstfs:///Classification/TeamProject/altinn-studio\\Release Approvers']
              postDeployApprovers: [kari.nordmann@example.no]
              releaseCreatorCanBeApprover: false
      releases:
        - id: 101
          definitionId: 20
          createdOn: '2026-11-16T08:00:00Z'
          createdBy: ola.nordmann@example.no
          version: '1.0.101'
          environments:
            - { name: TT02, state: succeeded, at: '2026-11-18T10:00:00Z' }
            - { name: Production, state: awaitingPreDeploy, at: '2026-11-18T10:00:00Z' }
        - id: 102
          definitionId: 20
          createdOn: '2026-11-22T08:00:00Z'
          createdBy: ola.nordmann@example.no
          version: '1.0.102'
          environments:
            - { name: TT02, state: awaitingPreDeploy, at: '2026-11-22T08:00:00Z' }
        - id: 103
          definitionId: 20
          createdOn: '2026-11-22T09:00:00Z'
          createdBy: kari.nordmann@example.no
          version: '1.0.103'
          environments:
            - { name: TT02, state: awaitingPreDeploy, at: '2026-11-22T09:00:00Z' }
      buildDefinitions:
        - { id: 124, name: apim deploys to at }
        - { id: 125, name: apim deploys to tt }
      builds:
        - { id: 1, definitionId: 125, queueTime: '2026-11-10T09:00:00Z', message: 'old #authentication' }
        - { id: 2, definitionId: 125, queueTime: '2026-11-19T09:00:00Z', message: 'Update policy #authentication', tags: [authentication] }
        - { id: 3, definitionId: 125, queueTime: '2026-11-20T09:00:00Z', message: 'Tidy', result: failed }
        - { id: 4, definitionId: 124, queueTime: '2026-11-21T09:00:00Z', message: 'AT change #resourceregistry', sourceBranch: refs/heads/feature }
        - { id: 5, definitionId: 125, queueTime: '2026-11-23T03:58:00Z', message: 'Running now' }
`;

const startSimulator = useSimulators();

async function start(yaml = SCENARIO): Promise<Simulator> {
  const sim = await startSimulator({ scenario: parseScenario(yaml), warn: () => {} });
  return sim;
}

interface Call {
  method?: string;
  token?: string | null;
  authorization?: string;
  body?: unknown;
  signal?: AbortSignal;
}

async function ado(s: Simulator, host: 'release' | 'build', path: string, call: Call = {}) {
  const base = host === 'release' ? s.urls.azureDevOpsRelease : s.urls.azureDevOpsBuild;
  const token = call.token === undefined ? 'pat-kari' : call.token;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (call.authorization) headers.authorization = call.authorization;
  else if (token) headers.authorization = `Basic ${Buffer.from(`:${token}`).toString('base64')}`;
  if (call.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${base}/brreg/altinn-studio${path}`, {
    method: call.method ?? 'GET',
    headers,
    body: call.body === undefined ? undefined : JSON.stringify(call.body),
    dispatcher: new Agent({ connect: { ca: s.caPem } }),
    signal: call.signal,
  });
  const text = await response.text();
  const json = /json/.test(response.headers.get('content-type') ?? '')
    ? (JSON.parse(text) as Record<string, unknown>)
    : undefined;
  return { status: response.status, headers: response.headers, text, json };
}

type Json = Record<string, unknown>;

// spec/azure-devops-*.json declare Azure DevOps' error body (a `default` response, see
// spec/PROVENANCE.md), so error answers are validated like any other: no problem is tolerated.
function problems(s: Simulator) {
  return s.problems();
}
const values = (json: Json | undefined) => (json?.value ?? []) as Json[];
const ids = (json: Json | undefined) => values(json).map((v) => v.id);

describe('Azure DevOps release approvals', () => {
  it('lists pending approvals newest first, filters, and pages with x-ms-continuationtoken', async () => {
    const s = await start();
    const all = await ado(s, 'release', '/_apis/release/approvals?api-version=7.1');
    expect(all.status).toBe(200);
    expect(all.json?.count).toBe(3);
    const approvals = values(all.json);
    expect(approvals.map((a) => (a.release as Json).id)).toEqual([103, 102, 101]);
    const first = approvals[0]!;
    expect(first).toMatchObject({
      approvalType: 'preDeploy',
      status: 'pending',
      approver: { uniqueName: 'kari.nordmann@example.no', displayName: 'Kari Nordmann' },
      releaseDefinition: { id: 20, name: 'Authentication' },
      releaseEnvironment: { name: 'TT02' },
      isAutomated: false,
      attempt: 1,
      rank: 1,
    });
    expect(all.headers.get('x-ms-continuationtoken')).toBeNull();

    const paged: unknown[] = [];
    let token: string | null = null;
    let pages = 0;
    do {
      const r = await ado(
        s,
        'release',
        `/_apis/release/approvals?api-version=7.1&top=2${token ? `&continuationToken=${token}` : ''}`,
      );
      paged.push(...ids(r.json));
      token = r.headers.get('x-ms-continuationtoken');
      pages++;
    } while (token);
    expect(pages).toBe(2);
    expect(paged).toEqual(ids(all.json));

    const asc = await ado(s, 'release', '/_apis/release/approvals?api-version=7.1&queryOrder=ascending');
    expect(ids(asc.json)).toEqual([...ids(all.json)].reverse());
    const byRelease = await ado(
      s,
      'release',
      '/_apis/release/approvals?api-version=7.1&releaseIdsFilter=101,102',
    );
    expect(values(byRelease.json).map((a) => (a.release as Json).id)).toEqual([102, 101]);
    const post = await ado(s, 'release', '/_apis/release/approvals?api-version=7.1&typeFilter=postDeploy');
    expect(post.json?.count).toBe(0);
    const approved = await ado(
      s,
      'release',
      '/_apis/release/approvals?api-version=7.1&statusFilter=approved',
    );
    expect(values(approved.json).map((a) => a.approvalType)).toEqual(['postDeploy', 'preDeploy']);
    const assigned = await ado(
      s,
      'release',
      '/_apis/release/approvals?api-version=7.1&assignedToFilter=ola.nordmann@example.no',
    );
    expect(assigned.json?.count).toBe(0);
    const group = await ado(
      s,
      'release',
      '/_apis/release/approvals?api-version=7.1&assignedToFilter=ola.nordmann@example.no&includeMyGroupApprovals=true',
    );
    expect(values(group.json).map((a) => (a.release as Json).id)).toEqual([101]);
    expect(problems(s)).toEqual([]);
  });

  it('approving pre-deploy deploys (queued, then inProgress), then opens post-deploy, then the next stage', async () => {
    const s = await start();
    const pending = values(
      (await ado(s, 'release', '/_apis/release/approvals?api-version=7.1&releaseIdsFilter=103')).json,
    );
    const approval = pending[0]!;
    const patched = await ado(s, 'release', `/_apis/release/approvals/${approval.id}?api-version=7.1`, {
      method: 'PATCH',
      body: { status: 'approved', comments: 'Wednesday train' },
    });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({
      id: approval.id,
      status: 'approved',
      comments: 'Wednesday train',
      approvedBy: { uniqueName: 'kari.nordmann@example.no' },
      revision: 2,
    });
    const stage = async () =>
      (
        (await ado(s, 'release', '/_apis/release/releases/103?api-version=7.1')).json?.environments as Json[]
      )[0]!;
    expect((await stage()).status).toBe('queued');
    expect(((await stage()).deploySteps as Json[])[0]).toMatchObject({ operationStatus: 'queuedForAgent' });

    s.clock.advance(10_000);
    expect((await stage()).status).toBe('inProgress');

    s.clock.advance(3 * 60_000);
    const afterDeploy = await stage();
    expect(afterDeploy.status).toBe('inProgress');
    expect((afterDeploy.deploySteps as Json[])[0]).toMatchObject({
      status: 'succeeded',
      operationStatus: 'phaseSucceeded',
    });
    const post = (afterDeploy.postDeployApprovals as Json[])[0]!;
    expect(post).toMatchObject({ approvalType: 'postDeploy', status: 'pending' });

    const postDecision = await ado(s, 'release', `/_apis/release/approvals/${post.id}?api-version=7.1`, {
      method: 'PATCH',
      body: { status: 'approved', comments: 'verified' },
    });
    expect(postDecision.status).toBe(200);
    const release = (await ado(s, 'release', '/_apis/release/releases/103?api-version=7.1')).json!;
    const [tt02, prod] = release.environments as Json[];
    expect(tt02!.status).toBe('succeeded');
    expect(prod!.status).toBe('queued');
    expect((prod!.preDeployApprovals as Json[])[0]).toMatchObject({
      status: 'pending',
      approver: { isContainer: true },
    });
    expect(problems(s)).toEqual([]);
  });

  it('enforces the approval rules: pending only, approver only, requester policy, timeout', async () => {
    const s = await start();
    const list = async (query: string) =>
      values((await ado(s, 'release', `/_apis/release/approvals?api-version=7.1&${query}`)).json);
    const prod = (await list('releaseIdsFilter=101'))[0]!;
    // Kari is not in the approver group.
    const notApprover = await ado(s, 'release', `/_apis/release/approvals/${prod.id}?api-version=7.1`, {
      method: 'PATCH',
      body: { status: 'approved', comments: '' },
    });
    expect(notApprover.status).toBe(403);
    expect(notApprover.json).toMatchObject({
      $id: '1',
      typeKey: 'AccessDeniedException',
      errorCode: 0,
      eventId: 3000,
    });
    // Ola is in the group but requested the release, which this stage's policy forbids.
    const requester = await ado(s, 'release', `/_apis/release/approvals/${prod.id}?api-version=7.1`, {
      method: 'PATCH',
      token: 'pat-ola',
      body: { status: 'approved', comments: '' },
    });
    expect(requester.status).toBe(400);
    expect(String(requester.json?.message)).toMatch(/requested the release/);
    // Rejecting is allowed for the requester.
    const rejected = await ado(s, 'release', `/_apis/release/approvals/${prod.id}?api-version=7.1`, {
      method: 'PATCH',
      token: 'pat-ola',
      body: { status: 'rejected', comments: 'not this one' },
    });
    expect(rejected.json).toMatchObject({
      status: 'rejected',
      approvedBy: { uniqueName: 'ola.nordmann@example.no' },
    });
    const again = await ado(s, 'release', `/_apis/release/approvals/${prod.id}?api-version=7.1`, {
      method: 'PATCH',
      token: 'pat-ola',
      body: { status: 'approved', comments: '' },
    });
    expect(again.status).toBe(400);
    expect(again.json?.typeKey).toBe('InvalidRequestException');
    const release101 = (await ado(s, 'release', '/_apis/release/releases/101?api-version=7.1')).json!;
    expect((release101.environments as Json[])[1]!.status).toBe('rejected');

    // TT02 approvals time out after 2 days (created 2026-11-22).
    s.clock.advance(2 * 86_400_000);
    const timedOut = await ado(
      s,
      'release',
      '/_apis/release/approvals?api-version=7.1&statusFilter=rejected&releaseIdsFilter=102,103',
    );
    expect(values(timedOut.json).map((a) => a.comments)).toEqual([
      'The approval timed out.',
      'The approval timed out.',
    ]);
    const missing = await ado(s, 'release', '/_apis/release/approvals/999999?api-version=7.1', {
      method: 'PATCH',
      body: { status: 'approved', comments: '' },
    });
    expect(missing.status).toBe(404);
    expect(problems(s)).toEqual([]);
  });
});

describe('Azure DevOps releases', () => {
  it('lists releases with $expand, filters and $top paging; gets one with environments', async () => {
    const s = await start();
    const plain = await ado(s, 'release', '/_apis/release/releases?api-version=7.1&definitionId=20');
    expect(ids(plain.json)).toEqual([103, 102, 101]);
    expect(values(plain.json)[0]!.environments).toBeUndefined();
    expect(values(plain.json)[0]!.artifacts).toBeUndefined();

    const expanded = await ado(s, 'release', '/_apis/release/releases?api-version=7.1&$expand=environments');
    const r101 = values(expanded.json).find((r) => r.id === 101)!;
    expect(r101).toMatchObject({
      name: 'Release-101',
      status: 'active',
      createdBy: { uniqueName: 'ola.nordmann@example.no' },
    });
    const [tt02, prod] = r101.environments as Json[];
    expect(tt02).toMatchObject({ name: 'TT02', rank: 1, status: 'succeeded', definitionEnvironmentId: 2001 });
    expect((tt02!.preDeployApprovals as Json[])[0]).toMatchObject({
      status: 'approved',
      approvalType: 'preDeploy',
    });
    expect((tt02!.postDeployApprovals as Json[])[0]).toMatchObject({
      status: 'approved',
      approvalType: 'postDeploy',
    });
    expect(tt02!.modifiedOn).toBe('2026-11-18T10:00:00.000Z');
    expect(prod).toMatchObject({ name: 'Production', rank: 2, status: 'queued' });

    const withArtifacts = await ado(
      s,
      'release',
      '/_apis/release/releases?api-version=7.1&$expand=artifacts',
    );
    const artifact = (values(withArtifacts.json)[0]!.artifacts as Json[])[0]!;
    expect(artifact).toMatchObject({
      isPrimary: true,
      definitionReference: { version: { name: '1.0.103' } },
    });

    const page1 = await ado(s, 'release', '/_apis/release/releases?api-version=7.1&$top=2');
    expect(ids(page1.json)).toEqual([103, 102]);
    const token = page1.headers.get('x-ms-continuationtoken');
    expect(token).toBe('101');
    const page2 = await ado(
      s,
      'release',
      `/_apis/release/releases?api-version=7.1&$top=2&continuationToken=${token}`,
    );
    expect(ids(page2.json)).toEqual([101]);
    expect(page2.headers.get('x-ms-continuationtoken')).toBeNull();

    const succeededInTt02 = await ado(
      s,
      'release',
      '/_apis/release/releases?api-version=7.1&definitionEnvironmentId=2001&environmentStatusFilter=4',
    );
    expect(ids(succeededInTt02.json)).toEqual([101]);
    const queuedAnywhere = await ado(
      s,
      'release',
      '/_apis/release/releases?api-version=7.1&environmentStatusFilter=32',
    );
    expect(ids(queuedAnywhere.json)).toEqual([103, 102, 101]);
    const window = await ado(
      s,
      'release',
      '/_apis/release/releases?api-version=7.1&minCreatedTime=2026-11-20T00:00:00Z&maxCreatedTime=2026-11-22T08:30:00Z&queryOrder=ascending',
    );
    expect(ids(window.json)).toEqual([102]);

    const one = await ado(s, 'release', '/_apis/release/releases/102?api-version=7.1');
    expect(one.json).toMatchObject({ id: 102, releaseDefinition: { id: 20 } });
    expect((one.json?.environments as Json[]).length).toBe(2);
    expect((one.json?.artifacts as Json[])[0]).toMatchObject({
      definitionReference: { version: { id: '1.0.102' } },
    });
    const missing = await ado(s, 'release', '/_apis/release/releases/9999?api-version=7.1');
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({
      $id: '1',
      innerException: null,
      typeKey: 'ReleaseNotFoundException',
    });
    expect(problems(s)).toEqual([]);
  });

  it('creates a release from the timeline event and fails a deployment on request', async () => {
    const s = await start();
    s.world.fire('azure-devops.release-created', {
      definitionId: 20,
      version: '1.0.104',
      createdBy: 'ola.nordmann@example.no',
    });
    s.world.fire('azure-devops.deployment-fails', { definitionId: 20, environment: 'TT02' });
    const latest = values(
      (await ado(s, 'release', '/_apis/release/releases?api-version=7.1&$top=1&$expand=environments')).json,
    )[0]!;
    expect(latest).toMatchObject({ id: 104, name: 'Release-104' });
    expect((latest.environments as Json[])[0]!.status).toBe('queued');
    const approval = values(
      (await ado(s, 'release', '/_apis/release/approvals?api-version=7.1&releaseIdsFilter=104')).json,
    )[0]!;
    await ado(s, 'release', `/_apis/release/approvals/${approval.id}?api-version=7.1`, {
      method: 'PATCH',
      body: { status: 'approved', comments: '' },
    });
    s.clock.advance(4 * 60_000);
    const env = (
      (await ado(s, 'release', '/_apis/release/releases/104?api-version=7.1')).json?.environments as Json[]
    )[0]!;
    expect(env.status).toBe('rejected');
    expect((env.deploySteps as Json[])[0]).toMatchObject({
      status: 'failed',
      operationStatus: 'phaseFailed',
    });
    expect(problems(s)).toEqual([]);
  });
});

describe('Azure DevOps builds', () => {
  it('lists builds by definition and time window, filters, and pages with string continuation tokens', async () => {
    const s = await start();
    const week = await ado(
      s,
      'build',
      '/_apis/build/builds?api-version=7.1&definitions=125&minTime=2026-11-16T04:00:00Z',
    );
    expect(ids(week.json)).toEqual([5, 3, 2]);
    const b2 = values(week.json).find((b) => b.id === 2)!;
    expect(b2).toMatchObject({
      buildNumber: '20261119.2',
      status: 'completed',
      result: 'succeeded',
      definition: { id: 125, name: 'apim deploys to tt' },
      sourceBranch: 'refs/heads/main',
      tags: ['authentication'],
      triggerInfo: { 'ci.message': 'Update policy #authentication' },
      reason: 'individualCI',
    });
    const running = values(week.json).find((b) => b.id === 5)!;
    expect(running.status).toBe('inProgress');
    expect(running.finishTime).toBeUndefined();
    expect(running.result).toBeUndefined();

    const finished = await ado(
      s,
      'build',
      '/_apis/build/builds?api-version=7.1&definitions=124,125&minTime=2026-11-16T04:00:00Z&queryOrder=finishTimeDescending',
    );
    expect(ids(finished.json)).toEqual([4, 3, 2]);
    const succeeded = await ado(
      s,
      'build',
      '/_apis/build/builds?api-version=7.1&resultFilter=succeeded&statusFilter=completed',
    );
    expect(ids(succeeded.json)).toEqual([4, 2, 1]);
    const tagged = await ado(s, 'build', '/_apis/build/builds?api-version=7.1&tagFilters=authentication');
    expect(ids(tagged.json)).toEqual([2]);
    const branch = await ado(s, 'build', '/_apis/build/builds?api-version=7.1&branchName=refs/heads/feature');
    expect(ids(branch.json)).toEqual([4]);

    const seen: unknown[] = [];
    let token: string | null = null;
    do {
      const r = await ado(
        s,
        'build',
        `/_apis/build/builds?api-version=7.1&$top=2${token ? `&continuationToken=${token}` : ''}`,
      );
      seen.push(...ids(r.json));
      token = r.headers.get('x-ms-continuationtoken');
    } while (token);
    expect(seen).toEqual([5, 4, 3, 2, 1]);

    s.clock.advance(10 * 60_000);
    const done = await ado(s, 'build', '/_apis/build/builds/5?api-version=7.1');
    expect(done.json).toMatchObject({ id: 5, status: 'completed', result: 'succeeded' });
    const missing = await ado(s, 'build', '/_apis/build/builds/77?api-version=7.1');
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({
      typeKey: 'BuildNotFoundException',
      message: 'The requested build 77 could not be found.',
    });
    expect(problems(s)).toEqual([]);
  });
});

describe('Azure DevOps auth, versions and errors', () => {
  it('answers a bad PAT with 203 and a sign-in page on GET, 401 on PATCH; takes Basic with any user and Bearer', async () => {
    const s = await start();
    const bad = await ado(s, 'release', '/_apis/release/approvals?api-version=7.1', { token: 'wrong' });
    expect(bad.status).toBe(203);
    expect(bad.headers.get('content-type')).toMatch(/text\/html/);
    expect(bad.text).toMatch(/Sign In/);
    const none = await ado(s, 'build', '/_apis/build/builds?api-version=7.1', { token: null });
    expect(none.status).toBe(203);
    const patch = await ado(s, 'release', '/_apis/release/approvals/1?api-version=7.1', {
      method: 'PATCH',
      token: 'wrong',
      body: { status: 'approved', comments: '' },
    });
    expect(patch.status).toBe(401);
    expect(patch.json).toMatchObject({
      typeKey: 'UnauthorizedRequestException',
      message: expect.stringMatching(/^TF400813/),
    });
    const withUser = await ado(s, 'release', '/_apis/release/approvals?api-version=7.1', {
      authorization: `Basic ${Buffer.from('anything:pat-ola').toString('base64')}`,
    });
    expect(withUser.status).toBe(200);
    expect(withUser.headers.get('x-vss-userdata')).toMatch(/:ola.nordmann@example.no$/);
    const bearer = await ado(s, 'release', '/_apis/release/approvals?api-version=7.1', {
      authorization: 'Bearer entra-kari-token',
    });
    expect(bearer.status).toBe(200);
    expect(problems(s)).toEqual([]);
  });

  it('needs an api-version it knows, a known project and a known route', async () => {
    const s = await start();
    const none = await ado(s, 'release', '/_apis/release/approvals');
    expect(none.status).toBe(400);
    expect(none.json).toMatchObject({ typeKey: 'VssVersionNotSpecifiedException' });
    const preview = await ado(s, 'release', '/_apis/release/approvals?api-version=7.2');
    expect(preview.json).toMatchObject({ typeKey: 'VssInvalidPreviewVersionException' });
    expect((await ado(s, 'release', '/_apis/release/approvals?api-version=7.2-preview.3')).status).toBe(200);
    const future = await ado(s, 'build', '/_apis/build/builds?api-version=9.0');
    expect(future.json).toMatchObject({ typeKey: 'VssVersionOutOfRangeException' });
    const project = await fetch(
      `${s.urls.azureDevOpsRelease}/brreg/nope/_apis/release/approvals?api-version=7.1`,
      {
        headers: { authorization: `Basic ${Buffer.from(':pat-kari').toString('base64')}` },
        dispatcher: new Agent({ connect: { ca: s.caPem } }),
      },
    );
    expect(project.status).toBe(404);
    expect(((await project.json()) as Json).message).toMatch(/^TF200016/);
    const route = await ado(s, 'release', '/_apis/release/nothing?api-version=7.1');
    expect(route.status).toBe(404);
    expect(route.json).toMatchObject({ typeKey: 'HttpException' });
    // The missing api-version and the unknown route are reported, as they should be.
    expect(problems(s).map((p) => p.kind)).toEqual(['request', 'unknown-route']);
  });

  it('serves every fault kind in the Azure DevOps shape', async () => {
    const s = await start();
    const url = '/_apis/release/approvals?api-version=7.1';
    s.faults.add({ vendor: 'azure-devops-release', kind: 'rate-limit', retryAfterSeconds: 7, times: 1 });
    const limited = await ado(s, 'release', url);
    expect(limited.status).toBe(429);
    expect(limited.json?.message).toMatch(/^TF400733/);
    for (const header of [
      'x-ratelimit-resource',
      'x-ratelimit-delay',
      'x-ratelimit-limit',
      'x-ratelimit-remaining',
      'x-ratelimit-reset',
    ]) {
      expect(limited.headers.get(header)).not.toBeNull();
    }
    expect(limited.headers.get('retry-after')).toBe('7');
    s.faults.add({ vendor: 'azure-devops-release', kind: 'rate-limit', status: 403, times: 1 });
    const forbidden = await ado(s, 'release', url);
    expect(forbidden.status).toBe(403);
    expect(forbidden.json?.message).toMatch(/^TF400733/);
    expect(forbidden.headers.get('x-ratelimit-remaining')).toBe('0');

    s.faults.add({ vendor: 'azure-devops-build', kind: 'server-error', status: 503, times: 1 });
    const failed = await ado(s, 'build', '/_apis/build/builds?api-version=7.1');
    expect(failed.status).toBe(503);
    expect(failed.json).toMatchObject({ $id: '1', message: expect.stringMatching(/^TF400898/) });

    s.faults.add({ vendor: 'azure-devops-release', kind: 'delay', delayMs: 150, times: 1 });
    const started = Date.now();
    expect((await ado(s, 'release', url)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);

    s.faults.add({ vendor: 'azure-devops-release', kind: 'reset', times: 1 });
    await expect(ado(s, 'release', url)).rejects.toThrow();

    s.faults.add({ vendor: 'azure-devops-release', kind: 'hang', times: 1 });
    await expect(ado(s, 'release', url, { signal: AbortSignal.timeout(300) })).rejects.toThrow(
      /abort|timeout/i,
    );
    expect((await ado(s, 'release', url)).status).toBe(200);
    expect(problems(s)).toEqual([]);
  });
});

describe('Azure DevOps in the example scenario', () => {
  it('has last week releases waiting for production, new ones waiting for TT02, and APIM builds in and out of the week', async () => {
    const sim = await startSimulator({
      scenario: await loadScenario('examples/tilgangsinfo/scenario.yaml'),
      warn: () => {},
    });
    const s = sim;
    const pending = values(
      (await ado(s, 'release', '/_apis/release/approvals?api-version=7.1', { token: 'ado-pat-kari-oncall' }))
        .json,
    );
    const summary = pending.map(
      (a) =>
        `${(a.releaseDefinition as Json).id}/${(a.release as Json).name}/${(a.releaseEnvironment as Json).name}`,
    );
    expect(summary).toEqual([
      '36/Release-316/TT02',
      '20/Release-418/TT02',
      '20/Release-415/TT02',
      '36/Release-314/TT02',
      '36/Release-311/Production',
      '20/Release-412/Production',
    ]);
    const r412 = (
      await ado(s, 'release', '/_apis/release/releases/412?api-version=7.1', { token: 'ado-pat-kari-oncall' })
    ).json!;
    const [tt02, prod] = r412.environments as Json[];
    expect(tt02).toMatchObject({ status: 'succeeded', modifiedOn: '2026-11-18T12:30:00.000Z' });
    expect(prod).toMatchObject({ status: 'queued' });
    expect((prod!.preDeployApprovals as Json[])[0]).toMatchObject({
      createdOn: '2026-11-18T12:30:00.000Z',
      status: 'pending',
    });

    const base = `${s.urls.azureDevOpsBuild}/brreg/altinn-studio-ops/_apis/build/builds`;
    const response = await fetch(
      `${base}?api-version=7.1&definitions=125&minTime=2026-11-16T04:00:00Z&queryOrder=finishTimeDescending`,
      {
        headers: { authorization: `Basic ${Buffer.from(':ado-pat-kari-oncall').toString('base64')}` },
        dispatcher: new Agent({ connect: { ca: s.caPem } }),
      },
    );
    const builds = values((await response.json()) as Json);
    expect(builds.map((b) => (b.triggerInfo as Json)['ci.message'])).toEqual([
      'Bump APIM templates',
      'Retry policy for resource registry #resourceregistry',
      'Rate limit policy for the authentication API #authentication',
    ]);
    expect(problems(s)).toEqual([]);
  });

  it('approving TT02 rolls the DaemonSet pod by pod, then the post-deploy approval opens', async () => {
    const sim = await startSimulator({
      scenario: await loadScenario('examples/tilgangsinfo/scenario.yaml'),
      warn: () => {},
    });
    const s = sim;
    const kari = { token: 'ado-pat-kari-oncall' };
    const pending = values(
      (await ado(s, 'release', '/_apis/release/approvals?api-version=7.1&releaseIdsFilter=418', kari)).json,
    );
    const decided = await ado(s, 'release', `/_apis/release/approvals/${pending[0]!.id}?api-version=7.1`, {
      ...kari,
      method: 'PATCH',
      body: { status: 'approved', comments: 'W48 train' },
    });
    expect(decided.status).toBe(200);

    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [
        {
          name: 'tt02',
          server: s.urls.kubernetes['platform-tt02-02-aks']!,
          caData: Buffer.from(s.caPem).toString('base64'),
        },
      ],
      users: [{ name: 'pnd', token: 'k8s-token-platform-tt02-02-aks' }],
      contexts: [{ name: 'tt02', cluster: 'tt02', user: 'pnd' }],
      currentContext: 'tt02',
    });
    const apps = kc.makeApiClient(AppsV1Api);
    const ds = () => apps.readNamespacedDaemonSet({ name: 'altinn-authentication', namespace: 'default' });
    expect((await ds()).metadata?.generation).toBe(14);
    s.clock.advance(10_000);
    expect((await ds()).metadata?.generation).toBe(15);
    expect((await ds()).spec?.template.spec?.containers[0]?.image).toBe(
      'altinncr.azurecr.io/altinn-authentication:20261122.1',
    );
    const updated: number[] = [];
    for (let i = 0; i < 5; i++) {
      s.clock.advance(20_000);
      updated.push((await ds()).status?.updatedNumberScheduled ?? 0);
    }
    expect(updated).toEqual([1, 2, 3, 4, 4]);
    expect((await ds()).status).toMatchObject({ numberAvailable: 4, observedGeneration: 15 });

    s.clock.advance(3 * 60_000);
    const post = values(
      (
        await ado(
          s,
          'release',
          '/_apis/release/approvals?api-version=7.1&typeFilter=postDeploy&releaseIdsFilter=418',
          kari,
        )
      ).json,
    );
    expect(post).toHaveLength(1);
    expect(post[0]).toMatchObject({
      status: 'pending',
      approver: { uniqueName: 'kari.nordmann@example.no' },
    });
    expect(problems(s)).toEqual([]);
  });
});
