import type { Router } from '../../router.ts';
import type { SimRequest, SimResponse } from '../../types.ts';
import { notFound, validationFailed } from '../errors.ts';
import { fullSha, shaFor } from '../node-id.ts';
import { paginate } from '../paging.ts';
import { contextOf, repoApi } from '../render/context.ts';
import { deployment as renderDeployment, deploymentStatus } from '../render/deployments.ts';
import { resolveRef } from '../state/commits.ts';
import {
  addDeploymentStatus,
  createDeployment,
  listDeployments,
  type Deployment,
  type DeploymentState,
} from '../state/deployments.ts';
import type { Repo } from '../state/repos.ts';
import {
  bodyOf,
  callerOf,
  intParam,
  isResponse,
  missingField,
  ok,
  repoOf,
  type GitHubDeps,
} from './common.ts';

const STATES = new Set<DeploymentState>([
  'error',
  'failure',
  'inactive',
  'in_progress',
  'queued',
  'pending',
  'success',
]);

/** Deployments and their statuses (the Actions jobs create them too). */
export function registerDeploymentRoutes(router: Router, deps: GitHubDeps): void {
  const { store } = deps;

  const deploymentOf = (req: SimRequest): { repo: Repo; deployment: Deployment } | SimResponse => {
    const repo = repoOf(deps, req);
    if (isResponse(repo)) return repo;
    const id = intParam(req, 'deployment_id');
    if (isResponse(id)) return id;
    const deployment = repo.deployments.find((d) => d.id === id);
    return deployment ? { repo, deployment } : notFound();
  };

  router.get('/repos/{owner}/{repo}/deployments', (req) => {
    const repo = repoOf(deps, req);
    if (isResponse(repo)) return repo;
    // "none" is the documented default of each filter and means "do not filter".
    const param = (name: string): string | undefined => {
      const value = req.query.get(name);
      return value === null || value === 'none' ? undefined : value;
    };
    const list = listDeployments(repo, {
      sha: param('sha'),
      ref: param('ref'),
      task: param('task'),
      environment: param('environment'),
    });
    const page = paginate(req, list);
    const ctx = contextOf(req);
    return ok(
      page.items.map((d) => renderDeployment(ctx, repo, d)),
      page.headers,
    );
  });

  router.post('/repos/{owner}/{repo}/deployments', (req) => {
    const repo = repoOf(deps, req);
    if (isResponse(repo)) return repo;
    const body = bodyOf(req);
    if (isResponse(body)) return body;
    const ref = body['ref'];
    if (typeof ref !== 'string' || ref.length === 0) return missingField('Deployment', 'ref');
    const sha =
      resolveRef(repo, ref) ??
      (/^[0-9a-f]{7,40}$/.test(ref)
        ? fullSha(ref)
        : ref === repo.defaultBranch
          ? shaFor(`${repo.fullName}:${ref}`)
          : undefined);
    if (!sha)
      return validationFailed([
        { resource: 'Deployment', field: 'ref', code: 'invalid', message: `No ref found for: ${ref}` },
      ]);
    const environment = typeof body['environment'] === 'string' ? body['environment'] : 'production';
    const created = createDeployment(store, repo, {
      sha,
      ref,
      task: typeof body['task'] === 'string' ? body['task'] : 'deploy',
      environment,
      description: typeof body['description'] === 'string' ? body['description'] : null,
      creator: callerOf(deps, req),
      payload: (body['payload'] as Record<string, unknown> | string | undefined) ?? {},
      transient: body['transient_environment'] === true,
      production:
        typeof body['production_environment'] === 'boolean' ? body['production_environment'] : undefined,
    });
    return ok(renderDeployment(contextOf(req), repo, created), undefined, 201);
  });

  router.get('/repos/{owner}/{repo}/deployments/{deployment_id}', (req) => {
    const found = deploymentOf(req);
    if (isResponse(found)) return found;
    return ok(renderDeployment(contextOf(req), found.repo, found.deployment));
  });

  router.get('/repos/{owner}/{repo}/deployments/{deployment_id}/statuses', (req) => {
    const found = deploymentOf(req);
    if (isResponse(found)) return found;
    // Newest first [guessed from the web UI; the docs do not say].
    const list = [...found.deployment.statuses].sort((a, b) => b.createdAt - a.createdAt || b.id - a.id);
    const page = paginate(req, list);
    const ctx = contextOf(req);
    return ok(
      page.items.map((s) => deploymentStatus(ctx, found.repo, found.deployment, s)),
      page.headers,
    );
  });

  router.post('/repos/{owner}/{repo}/deployments/{deployment_id}/statuses', (req) => {
    const found = deploymentOf(req);
    if (isResponse(found)) return found;
    const body = bodyOf(req);
    if (isResponse(body)) return body;
    const state = body['state'] as DeploymentState;
    if (!STATES.has(state))
      return validationFailed([{ resource: 'DeploymentStatus', field: 'state', code: 'invalid' }]);
    const description = typeof body['description'] === 'string' ? body['description'] : '';
    if (description.length > 140) {
      return validationFailed([
        {
          resource: 'DeploymentStatus',
          field: 'description',
          code: 'custom',
          message: 'description is too long (maximum is 140 characters)',
        },
      ]);
    }
    if (typeof body['environment'] === 'string') found.deployment.environment = body['environment'];
    const ctx = contextOf(req);
    const status = addDeploymentStatus(store, found.repo, found.deployment, {
      state,
      description,
      creator: callerOf(deps, req),
      logUrl:
        typeof body['log_url'] === 'string' ? body['log_url'] : (body['target_url'] as string | undefined),
      environmentUrl: typeof body['environment_url'] === 'string' ? body['environment_url'] : undefined,
      autoInactive: body['auto_inactive'] !== false,
    });
    return ok(
      deploymentStatus(ctx, found.repo, found.deployment, status),
      {
        location: `${repoApi(ctx, found.repo)}/deployments/${found.deployment.id}/statuses/${status.id}`,
      },
      201,
    );
  });
}
