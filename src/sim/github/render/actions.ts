import { iso, isoOrNull } from '../time.ts';
import { checkSuiteNodeId } from '../node-id.ts';
import { commitTime } from '../state/commits.ts';
import type { Job, Run } from '../state/actions.ts';
import type { Environment, Repo } from '../state/repos.ts';
import { repoApi, repoWeb, type RenderContext } from './context.ts';
import { minimalRepo } from './repos.ts';
import { simpleUser } from './users.ts';

export function workflowRun(ctx: RenderContext, repo: Repo, r: Run): Record<string, unknown> {
  const api = `${repoApi(ctx, repo)}/actions/runs/${r.id}`;
  const title = r.event === 'release' && r.headBranch ? r.headBranch : r.workflow.name;
  return {
    id: r.id,
    name: r.workflow.name,
    node_id: r.nodeId,
    head_branch: r.headBranch,
    head_sha: r.headSha,
    path: r.workflow.path,
    display_title: title,
    run_number: r.runNumber,
    event: r.event,
    status: r.status,
    conclusion: r.conclusion,
    workflow_id: r.workflow.id,
    check_suite_id: r.checkSuiteId,
    check_suite_node_id: checkSuiteNodeId(r.checkSuiteId),
    url: api,
    html_url: `${repoWeb(ctx, repo)}/actions/runs/${r.id}`,
    pull_requests: [],
    created_at: iso(r.createdAt),
    updated_at: iso(r.updatedAt),
    actor: simpleUser(ctx, r.actor),
    run_attempt: 1,
    referenced_workflows: [],
    run_started_at: iso(r.runStartedAt),
    triggering_actor: simpleUser(ctx, r.triggeringActor),
    jobs_url: `${api}/jobs`,
    logs_url: `${api}/logs`,
    check_suite_url: `${repoApi(ctx, repo)}/check-suites/${r.checkSuiteId}`,
    artifacts_url: `${api}/artifacts`,
    cancel_url: `${api}/cancel`,
    rerun_url: `${api}/rerun`,
    previous_attempt_url: null,
    workflow_url: `${repoApi(ctx, repo)}/actions/workflows/${r.workflow.id}`,
    head_commit: {
      id: r.headSha,
      tree_id: r.headSha.split('').reverse().join(''),
      message: r.event === 'release' ? `Release ${r.headBranch ?? ''}`.trim() : 'Merge pull request',
      timestamp: iso(commitTime(repo, r.headSha)),
      author: { name: r.actor.login, email: `${r.actor.id}+${r.actor.login}@users.noreply.github.com` },
      committer: { name: 'GitHub', email: 'noreply@github.com' },
    },
    repository: minimalRepo(ctx, repo),
    head_repository: minimalRepo(ctx, repo),
  };
}

export function job(ctx: RenderContext, repo: Repo, r: Run, j: Job): Record<string, unknown> {
  return {
    id: j.id,
    run_id: r.id,
    workflow_name: r.workflow.name,
    head_branch: r.headBranch,
    run_url: `${repoApi(ctx, repo)}/actions/runs/${r.id}`,
    run_attempt: 1,
    node_id: j.nodeId,
    head_sha: r.headSha,
    url: `${repoApi(ctx, repo)}/actions/jobs/${j.id}`,
    html_url: `${repoWeb(ctx, repo)}/actions/runs/${r.id}/job/${j.id}`,
    status: j.status,
    conclusion: j.conclusion,
    created_at: iso(j.createdAt),
    started_at: iso(j.startedAt),
    completed_at: isoOrNull(j.completedAt),
    name: j.spec.name,
    steps: [],
    check_run_url: `${repoApi(ctx, repo)}/check-runs/${j.id}`,
    labels: ['ubuntu-latest'],
    runner_id: j.status === 'waiting' || j.status === 'queued' ? null : 1,
    runner_name: j.status === 'waiting' || j.status === 'queued' ? null : 'GitHub Actions 1',
    runner_group_id: j.status === 'waiting' || j.status === 'queued' ? null : 2,
    runner_group_name: j.status === 'waiting' || j.status === 'queued' ? null : 'GitHub Actions',
  };
}

export function environmentRef(ctx: RenderContext, repo: Repo, env: Environment): Record<string, unknown> {
  return {
    id: env.id,
    node_id: env.nodeId,
    name: env.name,
    url: `${repoApi(ctx, repo)}/environments/${encodeURIComponent(env.name)}`,
    html_url: `${repoWeb(ctx, repo)}/deployments/activity_log?environments_filter=${encodeURIComponent(env.name)}`,
  };
}

export function pendingDeployment(
  ctx: RenderContext,
  repo: Repo,
  env: Environment,
  waitingSince: number | null,
  canApprove: boolean,
): Record<string, unknown> {
  return {
    environment: environmentRef(ctx, repo, env),
    wait_timer: env.waitTimer,
    // Set whenever the job waits, wait timer or not [guessed: GitHub's docs only show it with a timer].
    wait_timer_started_at: isoOrNull(waitingSince),
    current_user_can_approve: canApprove,
    reviewers: env.reviewers.map((r) => ({ type: 'User', reviewer: simpleUser(ctx, r) })),
  };
}
