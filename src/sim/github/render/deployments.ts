import { iso } from '../time.ts';
import type { Deployment, DeploymentStatus } from '../state/deployments.ts';
import type { Repo } from '../state/repos.ts';
import { repoApi, repoWeb, type RenderContext } from './context.ts';
import { simpleUser } from './users.ts';

export function deployment(ctx: RenderContext, repo: Repo, d: Deployment): Record<string, unknown> {
  const api = `${repoApi(ctx, repo)}/deployments/${d.id}`;
  return {
    url: api,
    id: d.id,
    node_id: d.nodeId,
    task: d.task,
    original_environment: d.environment,
    environment: d.environment,
    description: d.description,
    created_at: iso(d.createdAt),
    updated_at: iso(d.updatedAt),
    statuses_url: `${api}/statuses`,
    repository_url: repoApi(ctx, repo),
    creator: simpleUser(ctx, d.creator),
    sha: d.sha,
    ref: d.ref,
    payload: d.payload,
    transient_environment: d.transient,
    production_environment: d.production,
    performed_via_github_app: null,
  };
}

export function deploymentStatus(
  ctx: RenderContext,
  repo: Repo,
  d: Deployment,
  s: DeploymentStatus,
): Record<string, unknown> {
  const api = `${repoApi(ctx, repo)}/deployments/${d.id}`;
  const logUrl = s.logUrl || `${repoWeb(ctx, repo)}/actions`;
  return {
    url: `${api}/statuses/${s.id}`,
    id: s.id,
    node_id: s.nodeId,
    state: s.state,
    creator: simpleUser(ctx, s.creator),
    description: s.description,
    environment: s.environment,
    target_url: logUrl,
    log_url: logUrl,
    ...(s.environmentUrl ? { environment_url: s.environmentUrl } : {}),
    created_at: iso(s.createdAt),
    updated_at: iso(s.createdAt),
    deployment_url: api,
    repository_url: repoApi(ctx, repo),
    performed_via_github_app: null,
  };
}
