import type { Check, ChangeFeed, Deployer, Endpoints } from '../config/schema.ts';

/**
 * Links for people, built from what the config knows: the web pages behind the APIs pnd uses.
 * Hosts follow `endpoints`, so a GitHub Enterprise Server estate links to its own server.
 */

/** github.com for the public API; GHES serves its web pages at the API host without /api/v3. */
export function githubWebUrl(endpoints: Endpoints): string {
  const api = endpoints.github.apiUrl.replace(/\/+$/, '');
  if (api === 'https://api.github.com') return 'https://github.com';
  return api.replace(/\/api\/v3$/, '');
}

function adoWebUrl(endpoints: Endpoints): string {
  return endpoints.azureDevOps.buildUrl.replace(/\/+$/, '');
}

const enc = encodeURIComponent;

export function repositoryUrl(endpoints: Endpoints, repository: string): string {
  const [owner = '', name = ''] = repository.split('/');
  return `${githubWebUrl(endpoints)}/${enc(owner)}/${enc(name)}`;
}

/** Where a person deploys by hand: the release definition's releases, or the workflow's runs. */
export function deployerUrl(endpoints: Endpoints, deployer: Deployer): string {
  if (deployer.kind === 'ado-release') {
    return `${adoWebUrl(endpoints)}/${enc(deployer.organization)}/${enc(deployer.project)}/_release?_a=releases&view=all&definitionId=${deployer.definitionId}`;
  }
  return `${repositoryUrl(endpoints, deployer.repository)}/actions/workflows/${enc(deployer.workflow)}`;
}

export function releasesUrl(endpoints: Endpoints, repository: string): string {
  return `${repositoryUrl(endpoints, repository)}/releases`;
}

export function changeFeedUrl(endpoints: Endpoints, feed: ChangeFeed): string {
  return `${adoWebUrl(endpoints)}/${enc(feed.organization)}/${enc(feed.project)}/_build?definitionId=${feed.definitionId}`;
}

/** The Azure portal page of a checked resource; Kubernetes workloads have no stable portal link. */
export function checkUrl(check: Check): string | undefined {
  if (check.kind === 'kubernetes-workload') return undefined;
  const provider = check.kind === 'container-app' ? 'Microsoft.App/containerApps' : 'Microsoft.Web/sites';
  return `https://portal.azure.com/#resource/subscriptions/${enc(check.subscriptionId)}/resourceGroups/${enc(check.resourceGroup)}/providers/${provider}/${enc(check.name)}/overview`;
}

export function pullRequestsUrl(endpoints: Endpoints, repository: string): string {
  return `${repositoryUrl(endpoints, repository)}/pulls`;
}
