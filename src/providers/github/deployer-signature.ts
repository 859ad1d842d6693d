import type { GithubEnvironmentDeployer } from '../../config/schema.ts';
import type { GitHubClient } from './client.ts';

/**
 * Whether anything a GitHub environment deployer reads has changed since the last refresh, for
 * free: the deployer reads releases and deployments with one GraphQL query, which has no
 * conditional form and costs rate limit on every call, so `pnd status --watch` asks the
 * equivalent REST lists first — each a conditional GET (the client's ETag cache), answered with
 * a 304 that costs nothing while nothing changed. The signature is their ETags: equal signatures
 * mean the deployer's last answers still hold.
 */
export async function gitHubDeployerSignature(
  github: GitHubClient,
  config: GithubEnvironmentDeployer,
): Promise<string> {
  const [owner, repo] = config.repository.split('/') as [string, string];
  const r = { owner, repo };
  const [releases, deployments, runs] = await Promise.all([
    github.rest.repos.listReleases({ ...r, per_page: 30 }),
    github.rest.repos.listDeployments({ ...r, environment: config.environment, per_page: 5 }),
    github.rest.actions.listWorkflowRuns({
      ...r,
      workflow_id: config.workflow,
      status: 'waiting',
      per_page: 30,
    }),
  ]);
  // A deployment's new status does not change the list: each listed deployment's statuses too.
  const statuses = await Promise.all(
    deployments.data.map((d) =>
      github.rest.repos.listDeploymentStatuses({ ...r, deployment_id: d.id, per_page: 10 }),
    ),
  );
  return [releases, deployments, runs, ...statuses].map(tagOf).join(' ');
}

function tagOf(response: { headers: Record<string, unknown>; data: unknown }): string {
  const etag = response.headers.etag;
  return typeof etag === 'string' ? etag : JSON.stringify(response.data);
}
