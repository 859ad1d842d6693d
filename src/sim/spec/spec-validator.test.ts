import { describe, expect, it } from 'vitest';
import { loadSpecValidator, VENDORS } from './index.ts';
import type { OperationMatch, SpecProblem, Vendor } from './index.ts';
import {
  adoApproval,
  adoApprovalsEnvelope,
  adoBuild,
  containerApp,
  containerAppRevision,
  githubBasicError,
  githubIssue,
  githubIssuePage,
  githubUser,
  k8sDaemonSet,
  k8sDaemonSetList,
  k8sNotFound,
  webAppDeployment,
} from './sample-bodies.ts';

const validator = loadSpecValidator();

/** The operations the brief asks for, written independently of scripts/extract-specs.ts. */
const EXPECTED: Record<Vendor, Array<[string, string, string?]>> = {
  github: [
    ['POST', '/repos/{owner}/{repo}/issues'],
    ['GET', '/repos/{owner}/{repo}/issues'],
    ['GET', '/repos/{owner}/{repo}/issues/{issue_number}'],
    ['PATCH', '/repos/{owner}/{repo}/issues/{issue_number}'],
    ['GET', '/repos/{owner}/{repo}/issues/{issue_number}/comments'],
    ['POST', '/repos/{owner}/{repo}/issues/{issue_number}/comments'],
    ['PATCH', '/repos/{owner}/{repo}/issues/comments/{comment_id}'],
    ['GET', '/search/issues'],
    ['GET', '/repos/{owner}/{repo}/releases'],
    ['GET', '/repos/{owner}/{repo}/releases/{release_id}'],
    ['PATCH', '/repos/{owner}/{repo}/releases/{release_id}'],
    ['GET', '/repos/{owner}/{repo}/actions/runs'],
    ['GET', '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs'],
    ['GET', '/repos/{owner}/{repo}/actions/runs/{run_id}'],
    ['GET', '/repos/{owner}/{repo}/actions/runs/{run_id}/jobs'],
    ['GET', '/repos/{owner}/{repo}/actions/runs/{run_id}/pending_deployments'],
    ['POST', '/repos/{owner}/{repo}/actions/runs/{run_id}/pending_deployments'],
    ['GET', '/repos/{owner}/{repo}/deployments'],
    ['POST', '/repos/{owner}/{repo}/deployments'],
    ['GET', '/repos/{owner}/{repo}/deployments/{deployment_id}'],
    ['GET', '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses'],
    ['POST', '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses'],
    ['GET', '/repos/{owner}/{repo}/pulls'],
    ['GET', '/repos/{owner}/{repo}/pulls/{pull_number}'],
    ['PUT', '/repos/{owner}/{repo}/pulls/{pull_number}/merge'],
    ['GET', '/repos/{owner}/{repo}/pulls/{pull_number}/reviews'],
    ['POST', '/repos/{owner}/{repo}/pulls/{pull_number}/reviews'],
    ['GET', '/repos/{owner}/{repo}/commits/{ref}/status'],
    ['GET', '/repos/{owner}/{repo}/commits/{ref}/check-runs'],
    ['GET', '/repos/{owner}/{repo}'],
    ['GET', '/rate_limit'],
    ['GET', '/user'],
    ['GET', '/app'],
    ['POST', '/app/installations/{installation_id}/access_tokens'],
    ['GET', '/repos/{owner}/{repo}/installation'],
    ['GET', '/orgs/{org}/installation'],
  ],
  'azure-devops-release': [
    ['GET', '/{organization}/{project}/_apis/release/approvals', 'Approvals_List'],
    ['PATCH', '/{organization}/{project}/_apis/release/approvals/{approvalId}', 'Approvals_Update'],
    ['GET', '/{organization}/{project}/_apis/release/releases', 'Releases_List'],
    ['GET', '/{organization}/{project}/_apis/release/releases/{releaseId}', 'Releases_Get Release'],
  ],
  'azure-devops-build': [
    ['GET', '/{organization}/{project}/_apis/build/builds', 'Builds_List'],
    ['GET', '/{organization}/{project}/_apis/build/builds/{buildId}', 'Builds_Get'],
  ],
  'arm-container-apps': [
    [
      'GET',
      '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.App/containerApps/{containerAppName}',
      'ContainerApps_Get',
    ],
    [
      'GET',
      '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.App/containerApps/{containerAppName}/revisions',
      'ContainerAppsRevisions_ListRevisions',
    ],
    [
      'GET',
      '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.App/containerApps/{containerAppName}/revisions/{revisionName}',
      'ContainerAppsRevisions_GetRevision',
    ],
  ],
  'arm-web-apps': [
    [
      'GET',
      '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Web/sites/{name}/deployments',
      'WebApps_ListDeployments',
    ],
    [
      'GET',
      '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Web/sites/{name}/deployments/{id}',
      'WebApps_GetDeployment',
    ],
  ],
  kubernetes: [
    ['GET', '/apis/apps/v1/namespaces/{namespace}/daemonsets'],
    ['GET', '/apis/apps/v1/namespaces/{namespace}/daemonsets/{name}'],
    ['GET', '/apis/apps/v1/namespaces/{namespace}/deployments'],
    ['GET', '/apis/apps/v1/namespaces/{namespace}/deployments/{name}'],
    ['GET', '/api/v1/namespaces/{namespace}/pods'],
  ],
};

/** Fills a template with values every parameter type accepts (numbers are valid strings too). */
function concrete(template: string): string {
  return template.replace(/\{[^}]+\}/g, '42');
}

function must(match: OperationMatch | undefined): OperationMatch {
  if (match === undefined) throw new Error('expected a match');
  return match;
}

function m(vendor: Vendor, method: string, path: string): OperationMatch {
  return must(validator.match(vendor, method, path));
}

const noQuery = new URLSearchParams();

function response(match: OperationMatch, status: number, body: unknown, headers: Record<string, string> = {}) {
  return validator.validateResponse(match, { status, headers, body });
}

function request(match: OperationMatch, query: string, body?: unknown, headers: Record<string, string> = {}) {
  return validator.validateRequest(match, { query: new URLSearchParams(query), headers, body });
}

function wheres(problems: SpecProblem[]): string[] {
  return problems.map((p) => p.where);
}

describe('operation matching', () => {
  for (const vendor of VENDORS) {
    it(`${vendor}: every listed operation is in the trimmed description and matches by method + path`, () => {
      const ops = validator.operations(vendor);
      expect(ops).toHaveLength(EXPECTED[vendor].length);
      for (const [method, template, operationId] of EXPECTED[vendor]) {
        expect(ops).toContainEqual(expect.objectContaining({ method, pathTemplate: template }));
        const match = validator.match(vendor, method, concrete(template));
        expect(match, `${method} ${template}`).toMatchObject({ vendor, pathTemplate: template });
        if (operationId !== undefined) expect(match?.operationId).toBe(operationId);
      }
    });
  }

  it('extracts and percent-decodes path parameters', () => {
    expect(m('github', 'GET', '/repos/contoso/platform/commits/feature%2Fx/status').params).toEqual({
      owner: 'contoso',
      repo: 'platform',
      ref: 'feature/x',
    });
  });

  it('prefers literal segments over parameters', () => {
    expect(m('github', 'PATCH', '/repos/o/r/issues/comments/7').operationId).toBe('issues/update-comment');
    expect(m('github', 'PATCH', '/repos/o/r/issues/7').operationId).toBe('issues/update');
  });

  it('does not match unknown paths, unkept methods or trailing junk', () => {
    expect(validator.match('github', 'GET', '/repos/o/r/labels')).toBeUndefined();
    expect(validator.match('github', 'DELETE', '/repos/o/r/issues/1')).toBeUndefined();
    expect(validator.match('github', 'GET', '/repos/o/r/issues/1/comments/extra')).toBeUndefined();
    expect(validator.match('kubernetes', 'GET', '/apis/apps/v1/namespaces/ns/replicasets')).toBeUndefined();
    expect(validator.match('arm-web-apps', 'GET', '/subscriptions/s/resourceGroups/rg')).toBeUndefined();
  });

  it('matches Azure DevOps paths case-insensitively, as the service does (`_apis/Release/...`)', () => {
    expect(m('azure-devops-release', 'GET', '/fabrikam/MyFirstProject/_apis/Release/approvals').operationId).toBe(
      'Approvals_List',
    );
    expect(validator.match('github', 'GET', '/REPOS/o/r/issues')).toBeUndefined();
  });
});

describe('valid sample bodies pass', () => {
  it('GitHub: a 30-issue page with its Link header', () => {
    const match = m('github', 'GET', '/repos/contoso/platform/issues');
    expect(request(match, 'state=open&labels=release-train&per_page=30&page=2')).toEqual([]);
    const link = '<https://api.github.com/repositories/1/issues?page=3>; rel="next"';
    expect(response(match, 200, githubIssuePage(30), { Link: link, 'content-type': 'application/json; charset=utf-8' })).toEqual(
      [],
    );
  });

  it('GitHub: create and update an issue, then a comment', () => {
    const create = m('github', 'POST', '/repos/contoso/platform/issues');
    expect(request(create, '', { title: 'Release train', body: '- [ ] a', labels: ['release-train'] })).toEqual([]);
    expect(response(create, 201, githubIssue(7), { Location: 'https://api.github.com/repos/contoso/platform/issues/7' })).toEqual([]);
    const update = m('github', 'PATCH', '/repos/contoso/platform/issues/7');
    expect(request(update, '', { state: 'closed', state_reason: 'completed', labels: [] })).toEqual([]);
    const comment = m('github', 'POST', '/repos/contoso/platform/issues/7/comments');
    expect(request(comment, '', { body: 'Deployed.' })).toEqual([]);
  });

  it('GitHub: nullable fields may be null (milestone, assignee, state_reason, closed_at)', () => {
    const issue = { ...githubIssue(1), state: 'closed', state_reason: 'not_planned', closed_at: '2025-06-03T10:00:00Z' };
    expect(response(m('github', 'GET', '/repos/o/r/issues/1'), 200, issue)).toEqual([]);
    expect(response(m('github', 'GET', '/repos/o/r/issues/1'), 200, githubIssue(1))).toEqual([]);
  });

  it('GitHub: /user answers a public or a private user (oneOf with discriminator)', () => {
    const publicUser = {
      ...githubUser('octocat', 583231),
      name: 'The Octocat',
      company: null,
      blog: '',
      location: null,
      email: null,
      hireable: null,
      bio: null,
      public_repos: 8,
      public_gists: 8,
      followers: 1,
      following: 9,
      created_at: '2011-01-25T18:44:36Z',
      updated_at: '2025-05-01T10:00:00Z',
    };
    const privateUser = {
      ...publicUser,
      user_view_type: 'private',
      private_gists: 0,
      total_private_repos: 2,
      owned_private_repos: 2,
      disk_usage: 10,
      collaborators: 0,
      two_factor_authentication: true,
    };
    const match = m('github', 'GET', '/user');
    expect(response(match, 200, publicUser)).toEqual([]);
    expect(response(match, 200, privateUser)).toEqual([]);
    // public-user is `additionalProperties: false`: a public user with a private-only field matches neither.
    expect(response(match, 200, { ...publicUser, two_factor_authentication: true })).toContainEqual({
      where: 'response body /two_factor_authentication',
      message: 'is not allowed here (the schema sets additionalProperties: false)',
    });
  });

  it('GitHub: review pending deployments, merge with a null body, shared error schemas', () => {
    const review = m('github', 'POST', '/repos/o/r/actions/runs/99/pending_deployments');
    expect(request(review, '', { environment_ids: [161171787], state: 'approved', comment: 'Ship it' })).toEqual([]);
    const merge = m('github', 'PUT', '/repos/o/r/pulls/5/merge');
    expect(request(merge, '', null)).toEqual([]);
    expect(request(merge, '')).toEqual([]);
    expect(response(merge, 405, { message: 'Pull Request is not mergeable' })).toEqual([]);
    expect(response(m('github', 'GET', '/repos/o/r/issues/1'), 404, githubBasicError())).toEqual([]);
    expect(response(m('github', 'GET', '/repos/o/r/issues/1'), 304, undefined)).toEqual([]);
  });

  it('Azure DevOps: approvals envelope, approval PATCH, builds', () => {
    const list = m('azure-devops-release', 'GET', '/fabrikam/MyFirstProject/_apis/release/approvals');
    expect(request(list, 'api-version=7.1&statusFilter=pending&releaseIdsFilter=1,2,3&top=50')).toEqual([]);
    expect(response(list, 200, adoApprovalsEnvelope())).toEqual([]);
    const update = m('azure-devops-release', 'PATCH', '/fabrikam/MyFirstProject/_apis/release/approvals/2');
    expect(request(update, 'api-version=7.1', { status: 'approved', comments: 'Good to go!' })).toEqual([]);
    expect(response(update, 200, { ...adoApproval(2), status: 'approved' })).toEqual([]);
    const builds = m('azure-devops-build', 'GET', '/fabrikam/p/_apis/build/builds');
    expect(request(builds, 'api-version=7.1&definitions=125,126&minTime=2025-06-01T00:00:00Z&queryOrder=finishTimeDescending')).toEqual(
      [],
    );
    expect(response(builds, 200, { count: 1, value: [adoBuild(7)] })).toEqual([]);
  });

  it('ARM: a container app, its revisions, web app deployments, and a 404 with the default error body', () => {
    const base = '/subscriptions/s/resourceGroups/rg-platform/providers';
    const app = m('arm-container-apps', 'GET', `${base}/Microsoft.App/containerApps/api`);
    expect(request(app, 'api-version=2025-07-01')).toEqual([]);
    expect(response(app, 200, containerApp())).toEqual([]);
    expect(response(app, 404, { error: { code: 'ResourceNotFound', message: 'not found' } })).toEqual([]);
    const revisions = m('arm-container-apps', 'GET', `${base}/Microsoft.App/containerApps/api/revisions`);
    const page = { value: [containerAppRevision('api--r42', true, 20), containerAppRevision('api--r41', true, 80)] };
    expect(response(revisions, 200, page)).toEqual([]);
    const deployments = m('arm-web-apps', 'GET', `${base}/Microsoft.Web/sites/func-orders/deployments`);
    expect(request(deployments, 'api-version=2024-11-01')).toEqual([]);
    expect(response(deployments, 200, { value: [webAppDeployment('a1b2')] })).toEqual([]);
  });

  it('Kubernetes: a DaemonSet list, one DaemonSet, and a NotFound Status', () => {
    const list = m('kubernetes', 'GET', '/apis/apps/v1/namespaces/kube-system/daemonsets');
    expect(request(list, 'labelSelector=app%3Dx&limit=500')).toEqual([]);
    expect(response(list, 200, k8sDaemonSetList())).toEqual([]);
    const one = m('kubernetes', 'GET', '/apis/apps/v1/namespaces/kube-system/daemonsets/node-exporter');
    expect(response(one, 200, k8sDaemonSet('node-exporter'))).toEqual([]);
    expect(response(one, 404, k8sNotFound('daemonsets', 'nope'))).toEqual([]);
  });
});

describe('mutated bodies fail with a useful location', () => {
  it('GitHub response: wrong type, missing required field, bad enum, bad uri', () => {
    const page = githubIssuePage(5);
    const broken = structuredClone(page) as Array<Record<string, unknown>>;
    (broken[0]?.['user'] as Record<string, unknown>)['login'] = 5;
    delete broken[1]?.['number'];
    if (broken[2]) broken[2]['author_association'] = 'BOSS';
    if (broken[3]) broken[3]['html_url'] = 'https://github.com/o/r/issues/{number}';
    const problems = response(m('github', 'GET', '/repos/o/r/issues'), 200, broken);
    expect(problems).toEqual([
      { where: 'response body /0/user/login', message: 'must be string; got 5' },
      { where: 'response body /1/number', message: 'is required but missing' },
      expect.objectContaining({ where: 'response body /2/author_association', message: expect.stringContaining('got "BOSS"') }),
      expect.objectContaining({ where: 'response body /3/html_url', message: expect.stringContaining('valid uri') }),
    ]);
  });

  it('GitHub: null is rejected where the description does not say nullable', () => {
    const issue = { ...githubIssue(1), title: null };
    expect(response(m('github', 'GET', '/repos/o/r/issues/1'), 200, issue)).toEqual([
      { where: 'response body /title', message: 'must be string; got null' },
    ]);
  });

  it('GitHub: an unencoded bot login in a URL is drift (GitHub sends %5Bbot%5D)', () => {
    const issue = githubIssue(1);
    (issue['user'] as Record<string, unknown>)['url'] = 'https://api.github.com/users/dependabot[bot]';
    expect(wheres(response(m('github', 'GET', '/repos/o/r/issues/1'), 200, issue))).toEqual(['response body /user/url']);
  });

  it('GitHub request: required body, body types, query enums and integers, unknown query parameters', () => {
    const create = m('github', 'POST', '/repos/o/r/issues');
    expect(request(create, '')).toEqual([{ where: 'request body', message: 'is required but missing' }]);
    expect(wheres(request(create, '', { body: 'no title' }))).toEqual(['request body /title']);
    expect(wheres(request(create, '', { title: true }))).toContain('request body /title');
    const list = m('github', 'GET', '/repos/o/r/issues');
    expect(request(list, 'state=opened&per_page=many&author=app/dependabot')).toEqual([
      { where: 'query parameter author', message: 'is not declared by the operation' },
      expect.objectContaining({ where: 'query parameter state', message: expect.stringContaining('got "opened"') }),
      { where: 'query parameter per_page', message: 'must be integer; got "many"' },
    ]);
    expect(request(list, 'state=open&state=closed')).toEqual([
      { where: 'query parameter state', message: 'is given more than once' },
    ]);
    expect(request(m('github', 'GET', '/repos/o/r/issues/abc'), '')).toEqual([
      { where: 'path parameter issue_number', message: 'must be integer; got "abc"' },
    ]);
    expect(request(m('github', 'GET', '/repos/o/r/issues/1'), '', { unexpected: true })).toEqual([
      expect.objectContaining({ where: 'request body', message: expect.stringContaining('takes no body') }),
    ]);
    const review = m('github', 'POST', '/repos/o/r/actions/runs/99/pending_deployments');
    expect(wheres(request(review, '', { environment_ids: ['161171787'], state: 'approve' }))).toEqual([
      'request body /comment',
      'request body /environment_ids/0',
      'request body /state',
    ]);
  });

  it('GitHub response: undeclared status, body on a no-content status, wrong content type', () => {
    const match = m('github', 'GET', '/repos/o/r/issues');
    expect(response(match, 418, {})).toEqual([
      { where: 'response status', message: '418 is not declared (declared: 200, 301, 404, 422)' },
    ]);
    expect(wheres(response(m('github', 'GET', '/search/issues'), 304, { message: 'x' }))).toEqual(['response body']);
    expect(wheres(response(match, 200, [], { 'content-type': 'text/html' }))).toEqual(['response header content-type']);
    expect(wheres(response(match, 200, undefined))).toEqual(['response body']);
  });

  it('Azure DevOps: a bare array is not the wire shape; enums are camelCase strings; api-version is required', () => {
    const list = m('azure-devops-release', 'GET', '/fabrikam/p/_apis/release/approvals');
    expect(wheres(response(list, 200, [adoApproval(1)]))).toEqual(['response body /']);
    const envelope = adoApprovalsEnvelope();
    const value = envelope['value'] as Array<Record<string, unknown>>;
    if (value[0]) value[0]['status'] = 1; // the Node SDK's numeric encoding is not the wire format
    expect(response(list, 200, envelope)).toEqual([
      expect.objectContaining({ where: 'response body /value/0/status', message: expect.stringContaining('got 1') }),
    ]);
    expect(request(list, 'statusFilter=Pending')).toEqual([
      { where: 'query parameter api-version', message: 'is required but missing' },
      expect.objectContaining({ where: 'query parameter statusFilter' }),
    ]);
    expect(wheres(request(list, 'api-version=7.1&releaseIdsFilter=1,x'))).toEqual(['query parameter releaseIdsFilter']);
    expect(wheres(request(list, 'api-version=7.1&top=1.5'))).toEqual(['query parameter top']);
  });

  it('ARM: bad enum, wrong type, bad error body', () => {
    const app = m('arm-container-apps', 'GET', '/subscriptions/s/resourceGroups/rg/providers/Microsoft.App/containerApps/api');
    const broken = containerApp();
    const props = broken['properties'] as Record<string, unknown>;
    props['provisioningState'] = 'Done';
    (props['template'] as Record<string, unknown>)['containers'] = {};
    expect(wheres(response(app, 200, broken))).toEqual([
      'response body /properties/provisioningState',
      'response body /properties/template/containers',
    ]);
    expect(wheres(response(app, 404, { error: { code: 404 } }))).toEqual(['response body /error/code']);
    expect(request(app, '')).toEqual([{ where: 'query parameter api-version', message: 'is required but missing' }]);
    const deployments = m('arm-web-apps', 'GET', '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/f/deployments');
    const deployment = webAppDeployment('x');
    (deployment['properties'] as Record<string, unknown>)['status'] = 'Success';
    expect(wheres(response(deployments, 200, { value: [deployment] }))).toEqual(['response body /value/0/properties/status']);
    expect(wheres(response(deployments, 200, {}))).toEqual(['response body /value']);
  });

  it('Kubernetes: missing required field, wrong type, undeclared body on 401 is a Status', () => {
    const list = m('kubernetes', 'GET', '/apis/apps/v1/namespaces/kube-system/daemonsets');
    const broken = k8sDaemonSetList();
    const items = broken['items'] as Array<Record<string, unknown>>;
    delete (items[0]?.['status'] as Record<string, unknown>)['numberReady'];
    ((items[1]?.['metadata'] as Record<string, unknown>) ?? {})['generation'] = '7';
    expect(wheres(response(list, 200, broken))).toEqual([
      'response body /items/0/status/numberReady',
      'response body /items/1/metadata/generation',
    ]);
    expect(wheres(response(list, 200, { kind: 'DaemonSetList' }))).toEqual(['response body /items']);
    expect(wheres(request(list, 'limit=ten&watch=maybe'))).toEqual(['query parameter limit', 'query parameter watch']);
    expect(response(list, 401, k8sNotFound('daemonsets', 'x'))).toEqual([]);
  });

  it('caps the number of problems reported', () => {
    const page = githubIssuePage(30).map((issue) => ({ ...issue, number: 'x' }));
    const problems = response(m('github', 'GET', '/repos/o/r/issues'), 200, page);
    expect(problems).toHaveLength(11);
    expect(problems.at(-1)).toEqual({ where: 'response body', message: '20 more problems not shown' });
  });
});

describe('compilation', () => {
  it('every declared status of every kept operation compiles (unknown formats do not throw)', () => {
    const fresh = loadSpecValidator();
    for (const vendor of VENDORS) {
      for (const op of fresh.operations(vendor)) {
        const match = must(fresh.match(vendor, op.method, concrete(op.pathTemplate)));
        expect(() => fresh.validateRequest(match, { query: noQuery, headers: {}, body: undefined })).not.toThrow();
        for (const status of [200, 201, 204, 301, 304, 400, 401, 403, 404, 409, 410, 422, 500, 503]) {
          expect(() => fresh.validateResponse(match, { status, headers: {}, body: {} })).not.toThrow();
        }
      }
    }
  });

  it('GitHub x-ratelimit headers declared with the unknown format `timestamp` validate as integers', () => {
    const match = m('github', 'GET', '/rate_limit');
    const headers = { 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '4999', 'x-ratelimit-reset': 'soon' };
    expect(wheres(validator.validateResponse(match, { status: 304, headers, body: undefined }))).toEqual([]);
    const ok = validator.validateResponse(match, { status: 200, headers, body: {} });
    expect(ok).toContainEqual({ where: 'response header x-ratelimit-reset', message: 'must be integer; got "soon"' });
  });
});

describe('ARM paging', () => {
  it('accepts the $skiptoken of a nextLink on x-ms-pageable operations only', () => {
    const validator = loadSpecValidator();
    const base = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.App/containerApps/app';
    const list = validator.match('arm-container-apps', 'GET', `${base}/revisions`)!;
    const get = validator.match('arm-container-apps', 'GET', base)!;
    const query = new URLSearchParams({ 'api-version': '2025-07-01', $skiptoken: 'abc' });
    expect(validator.validateRequest(list, { query, headers: {}, body: undefined })).toEqual([]);
    expect(validator.validateRequest(get, { query, headers: {}, body: undefined })).toEqual([
      { where: 'query parameter $skiptoken', message: 'is not declared by the operation' },
    ]);
  });
});
