import type { Router } from '../../router.ts';
import type { SimRequest, SimResponse } from '../../types.ts';
import { basicError, notFound, validationFailed } from '../errors.ts';
import { paginate } from '../paging.ts';
import { contextOf } from '../render/context.ts';
import { deployment } from '../render/deployments.ts';
import { job as renderJob, pendingDeployment, workflowRun } from '../render/actions.ts';
import { listRuns, type Run, type RunFilter } from '../state/actions.ts';
import { environmentOf, type Repo } from '../state/repos.ts';
import { bodyOf, callerOf, intParam, isResponse, ok, repoOf, type GitHubDeps } from './common.ts';

/** GitHub Actions: runs, jobs, and reviews of deployments waiting on environments. */
export function registerActionsRoutes(router: Router, deps: GitHubDeps): void {
  const { actions } = deps;

  const runOf = (req: SimRequest): { repo: Repo; run: Run } | SimResponse => {
    const repo = repoOf(deps, req);
    if (isResponse(repo)) return repo;
    const id = intParam(req, 'run_id');
    if (isResponse(id)) return id;
    const run = repo.runs.find((r) => r.id === id);
    return run ? { repo, run } : notFound();
  };

  const filterOf = (req: SimRequest): RunFilter => ({
    actor: req.query.get('actor') ?? undefined,
    branch: req.query.get('branch') ?? undefined,
    event: req.query.get('event') ?? undefined,
    status: req.query.get('status') ?? undefined,
    headSha: req.query.get('head_sha') ?? undefined,
    created: req.query.get('created') ?? undefined,
  });

  const listResponse = (req: SimRequest, repo: Repo, filter: RunFilter): SimResponse => {
    const runs = listRuns(repo, filter);
    // With filters GitHub returns at most 1,000 runs.
    const filtered = Object.values(filter).some((v) => v !== undefined && typeof v === 'string');
    const page = paginate(req, runs, filtered ? 1000 : Infinity);
    const ctx = contextOf(req);
    return ok(
      { total_count: runs.length, workflow_runs: page.items.map((r) => workflowRun(ctx, repo, r)) },
      page.headers,
    );
  };

  router.get('/repos/{owner}/{repo}/actions/runs', (req) => {
    const repo = repoOf(deps, req);
    if (isResponse(repo)) return repo;
    return listResponse(req, repo, filterOf(req));
  });

  router.get('/repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs', (req) => {
    const repo = repoOf(deps, req);
    if (isResponse(repo)) return repo;
    const key = req.params['workflow_id'] ?? '';
    const workflow = repo.workflows.find((w) => String(w.id) === key || w.file === key);
    if (!workflow) return notFound();
    return listResponse(req, repo, { ...filterOf(req), workflowId: workflow.id });
  });

  router.get('/repos/{owner}/{repo}/actions/runs/{run_id}', (req) => {
    const found = runOf(req);
    if (isResponse(found)) return found;
    return ok(workflowRun(contextOf(req), found.repo, found.run));
  });

  router.get('/repos/{owner}/{repo}/actions/runs/{run_id}/jobs', (req) => {
    const found = runOf(req);
    if (isResponse(found)) return found;
    const page = paginate(req, found.run.jobs);
    const ctx = contextOf(req);
    return ok(
      {
        total_count: found.run.jobs.length,
        jobs: page.items.map((j) => renderJob(ctx, found.repo, found.run, j)),
      },
      page.headers,
    );
  });

  router.get('/repos/{owner}/{repo}/actions/runs/{run_id}/pending_deployments', (req) => {
    const found = runOf(req);
    if (isResponse(found)) return found;
    const { repo, run } = found;
    const job = actions.waitingJob(run);
    const env = job && environmentOf(repo, job.spec.environment);
    if (!job || !env) return ok([]);
    const caller = callerOf(deps, req);
    return ok([
      pendingDeployment(contextOf(req), repo, env, job.waitingSince, actions.canApprove(env, run, caller)),
    ]);
  });

  router.post('/repos/{owner}/{repo}/actions/runs/{run_id}/pending_deployments', (req) => {
    const found = runOf(req);
    if (isResponse(found)) return found;
    const body = bodyOf(req);
    if (isResponse(body)) return body;
    const ids = body['environment_ids'];
    const state = body['state'];
    if (!Array.isArray(ids) || !ids.every((i) => Number.isInteger(i))) {
      return validationFailed([
        { resource: 'DeploymentReview', field: 'environment_ids', code: 'missing_field' },
      ]);
    }
    if (state !== 'approved' && state !== 'rejected') {
      return validationFailed([{ resource: 'DeploymentReview', field: 'state', code: 'invalid' }]);
    }
    if (typeof body['comment'] !== 'string') {
      return validationFailed([{ resource: 'DeploymentReview', field: 'comment', code: 'missing_field' }]);
    }
    const result = actions.review(found.repo, found.run, callerOf(deps, req), {
      environmentIds: ids as number[],
      state,
    });
    // The exact wording of these 422s is not documented [guessed].
    if (!result.ok) return basicError(422, result.message);
    const ctx = contextOf(req);
    return ok(result.deployments.map((d) => deployment(ctx, found.repo, d)));
  });
}
