/**
 * The fine-grained permissions each route the simulator serves needs from an installation token
 * (a GitHub App's, or an Actions GITHUB_TOKEN).
 *
 * Provenance: transcribed by hand from GitHub's "Permissions required for GitHub Apps"
 * (https://docs.github.com/en/rest/authentication/permissions-required-for-github-apps) and each
 * endpoint's "Fine-grained access tokens" section of the REST reference (docs.github.com, REST
 * API version 2022-11-28), December 2026. The OpenAPI description does not carry them. Where
 * GitHub accepts any one of several permissions (issues endpoints also serve pull requests) the
 * alternatives are listed in GitHub's order, as its `x-accepted-github-permissions` header lists
 * them: sets separated by "; ", permissions within a set by ", ".
 *
 * A route missing here is refused for installation tokens (test: every route has an entry).
 */

export type Level = 'read' | 'write' | 'admin';
/** Alternatives: any one set suffices; every permission of a set is needed. */
export type Accepted = Record<string, Level>[];

const r = (name: string): Record<string, Level> => ({ [name]: 'read' });
const w = (name: string): Record<string, Level> => ({ [name]: 'write' });

/** `METHOD template` → accepted permission sets; `[]` = no permission needed. */
export const ROUTE_PERMISSIONS: Record<string, Accepted> = {
  'GET /rate_limit': [],
  'GET /repos/{owner}/{repo}': [r('metadata')],
  'GET /search/issues': [r('metadata')],
  'POST /repos/{owner}/{repo}/issues': [w('issues')],
  'GET /repos/{owner}/{repo}/issues': [r('issues')],
  'GET /repos/{owner}/{repo}/issues/{issue_number}': [r('issues'), r('pull_requests')],
  'PATCH /repos/{owner}/{repo}/issues/{issue_number}': [w('issues'), w('pull_requests')],
  'GET /repos/{owner}/{repo}/issues/{issue_number}/comments': [r('issues'), r('pull_requests')],
  'POST /repos/{owner}/{repo}/issues/{issue_number}/comments': [w('issues'), w('pull_requests')],
  'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}': [w('issues'), w('pull_requests')],
  'GET /repos/{owner}/{repo}/releases': [r('contents')],
  'GET /repos/{owner}/{repo}/releases/{release_id}': [r('contents')],
  'PATCH /repos/{owner}/{repo}/releases/{release_id}': [w('contents')],
  'GET /repos/{owner}/{repo}/actions/runs': [r('actions')],
  'GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs': [r('actions')],
  'GET /repos/{owner}/{repo}/actions/runs/{run_id}': [r('actions')],
  'GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs': [r('actions')],
  'GET /repos/{owner}/{repo}/actions/runs/{run_id}/pending_deployments': [r('actions')],
  'POST /repos/{owner}/{repo}/actions/runs/{run_id}/pending_deployments': [w('deployments')],
  'GET /repos/{owner}/{repo}/deployments': [r('deployments')],
  'POST /repos/{owner}/{repo}/deployments': [w('deployments')],
  'GET /repos/{owner}/{repo}/deployments/{deployment_id}': [r('deployments')],
  'GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses': [r('deployments')],
  'POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses': [w('deployments')],
  'GET /repos/{owner}/{repo}/pulls': [r('pull_requests')],
  'GET /repos/{owner}/{repo}/pulls/{pull_number}': [r('pull_requests')],
  'PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge': [w('contents')],
  'GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews': [r('pull_requests')],
  'POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews': [w('pull_requests')],
  'GET /repos/{owner}/{repo}/commits/{ref}/status': [r('statuses')],
  'GET /repos/{owner}/{repo}/commits/{ref}/check-runs': [r('checks')],
};

/**
 * GraphQL is checked per object on GitHub; the simulator simplifies to the objects a query
 * names: each GraphQL field below needs the permission given (all of those named), mutations on
 * project items need the organization's projects write. Documented in docs/simulator.md.
 */
export const GRAPHQL_PERMISSIONS: [RegExp, Record<string, Level>][] = [
  [
    /\bmutation\b[\s\S]*\b(?:updateProjectV2ItemFieldValue|addProjectV2ItemById)\b/,
    w('organization_projects'),
  ],
  [/\bprojectV2\b/, r('organization_projects')],
  [/\breleases\b/, r('contents')],
  [/\b(?:deployments|pendingDeploymentRequests)\b/, r('deployments')],
  [/\bpullRequests?\b/, r('pull_requests')],
  [/\bissues?\b/, r('issues')],
  [/\b(?:checkSuites|checkRuns|statusCheckRollup)\b/, r('checks')],
];

const RANK: Record<Level, number> = { read: 1, write: 2, admin: 3 };

/** Whether `held` satisfies one of the accepted sets (`[]` = nothing needed). */
export function permitted(held: Record<string, Level>, accepted: Accepted): boolean {
  if (accepted.length === 0) return true;
  return accepted.some((set) =>
    Object.entries(set).every(([name, level]) => {
      const has = held[name];
      return has !== undefined && RANK[has] >= RANK[level];
    }),
  );
}

/** GitHub's `x-accepted-github-permissions` value: `issues=write; pull_requests=write`. */
export function acceptedHeader(accepted: Accepted): string {
  return accepted
    .map((set) =>
      Object.entries(set)
        .map(([name, level]) => `${name}=${level}`)
        .join(', '),
    )
    .join('; ');
}

/** The permissions a GraphQL document needs, in the simplified model above. */
export function graphqlPermissions(query: string): Accepted {
  const needed: Record<string, Level> = {};
  for (const [pattern, set] of GRAPHQL_PERMISSIONS) {
    if (!pattern.test(query)) continue;
    for (const [name, level] of Object.entries(set))
      if (!needed[name] || RANK[level] > RANK[needed[name]]) needed[name] = level;
  }
  return Object.keys(needed).length > 0 ? [needed] : [];
}

/** The entry for a request's method and path, matched against the templates above. */
export function routePermissions(method: string, path: string): Accepted | undefined {
  const segments = path.split('/');
  for (const [key, accepted] of Object.entries(ROUTE_PERMISSIONS)) {
    const [m, template] = key.split(' ') as [string, string];
    if (m !== method.toUpperCase()) continue;
    const parts = template.split('/');
    if (parts.length !== segments.length) continue;
    if (parts.every((p, i) => p.startsWith('{') || p === segments[i])) return accepted;
  }
  return undefined;
}
