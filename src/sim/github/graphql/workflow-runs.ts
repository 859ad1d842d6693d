import type { Actions, Run } from '../state/actions.ts';
import { environmentOf, type Environment, type Repo } from '../state/repos.ts';
import type { GitHubStore } from '../state/store.ts';
import { WEB } from '../render/context.ts';
import { iso, isoOrNull } from '../time.ts';
import { connection, type ConnectionArgs } from './connection.ts';
import type { GraphqlContext } from './deliveries.ts';
import { actorView, type View } from './views.ts';

/**
 * `WorkflowRun` (reached by `node(s)` with the run's `node_id` from REST), with its
 * `pendingDeploymentRequests`: the same facts as REST `GET .../runs/{id}/pending_deployments`
 * (environment, reviewers, wait timer, whether the caller may approve), contract-tested against it.
 */
export function workflowRunView(actions: Actions, repo: Repo, run: Run): View {
  const path = `/${repo.fullName}/actions/runs/${run.id}`;
  return {
    __typename: 'WorkflowRun',
    id: run.nodeId,
    databaseId: run.id,
    runNumber: run.runNumber,
    event: run.event,
    createdAt: iso(run.createdAt),
    updatedAt: iso(run.updatedAt),
    url: `${WEB}${path}`,
    resourcePath: path,
    workflow: () => ({
      __typename: 'Workflow',
      id: run.workflow.nodeId,
      databaseId: run.workflow.id,
      name: run.workflow.name,
      state: 'ACTIVE',
      createdAt: iso(run.workflow.createdAt),
      updatedAt: iso(run.workflow.createdAt),
      url: `${WEB}/${repo.fullName}/actions/workflows/${run.workflow.file}`,
      resourcePath: `/${repo.fullName}/actions/workflows/${run.workflow.file}`,
    }),
    file: () => ({
      __typename: 'WorkflowRunFile',
      id: `WFRF_${run.nodeId.slice(4)}`,
      path: run.workflow.path,
      url: `${WEB}/${repo.fullName}/blob/${run.headSha}/${run.workflow.path}`,
      resourcePath: `/${repo.fullName}/blob/${run.headSha}/${run.workflow.path}`,
      repositoryFileUrl: `${WEB}/${repo.fullName}/blob/${run.headSha}/${run.workflow.path}`,
      repositoryName: `${WEB}/${repo.fullName}`,
    }),
    pendingDeploymentRequests: (args: ConnectionArgs, ctx: GraphqlContext) => {
      // As REST: the job waiting for a review (or a wait timer) is the run's one pending request.
      const job = actions.waitingJob(run);
      const env = job && environmentOf(repo, job.spec.environment);
      const pending = job && env ? [{ env, since: job.waitingSince }] : [];
      return connection(pending, args, ({ env, since }) => ({
        __typename: 'DeploymentRequest',
        currentUserCanApprove: actions.canApprove(env, run, ctx.caller),
        environment: environmentView(env),
        reviewers: (reviewerArgs: ConnectionArgs) =>
          connection(env.reviewers, reviewerArgs, (user) => actorView(user)),
        waitTimer: env.waitTimer,
        waitTimerStartedAt: isoOrNull(since),
      }));
    },
  };
}

function environmentView(env: Environment): View {
  return { __typename: 'Environment', id: env.nodeId, databaseId: env.id, name: env.name };
}

/** The run whose GraphQL id this is, if any. */
export function findRun(store: GitHubStore, id: string): { repo: Repo; run: Run } | undefined {
  if (!id.startsWith('WFR_')) return undefined;
  for (const repo of store.repos.values()) {
    const run = repo.runs.find((r) => r.nodeId === id);
    if (run) return { repo, run };
  }
  return undefined;
}
