import type { Run } from '../state/actions.ts';
import { GITHUB_ACTIONS_APP } from '../state/apps.ts';
import { APPS, type CheckRun } from '../state/commits.ts';
import type { Repo } from '../state/repos.ts';
import type { GitHubStore } from '../state/store.ts';
import type { User } from '../state/users.ts';
import { appNodeId, checkSuiteNodeId } from '../node-id.ts';
import { WEB } from '../render/context.ts';
import { iso } from '../time.ts';
import { connection, type Connection, type ConnectionArgs } from './connection.ts';
import { refView, type GraphqlContext } from './deliveries.ts';
import { actorView, commitView, repoView, type View } from './views.ts';
import { workflowRunView } from './workflow-runs.ts';

export interface CheckSuiteArgs extends ConnectionArgs {
  /** GitHub's `CheckSuiteFilter`: suites of one app, or holding a check run of one name. */
  filterBy?: { appId?: number | null; checkName?: string | null } | null;
}

/** One check suite of a commit: a workflow run's own, or the suite an app's check runs belong to. */
interface Suite {
  id: number;
  appSlug: string;
  status: string;
  conclusion: string | null;
  createdAt: number;
  updatedAt: number;
  branch: string | null;
  /** The user who triggered the suite; none for the simulator's app check runs. */
  creator: User | null;
  run: Run | null;
  checkNames: string[];
}

/**
 * `Commit.checkSuites`, oldest first (by id, i.e. by creation), as GitHub pages them (clients
 * take the newest with `last:`). Every workflow run on the commit has its suite (REST
 * `check_suite_id` of the run), and the simulator's app check runs are grouped by theirs.
 */
export function checkSuitesOf(
  store: GitHubStore,
  repo: Repo,
  sha: string,
  args: CheckSuiteArgs,
  ctx: GraphqlContext,
): Connection<View> {
  const appId = args.filterBy?.appId ?? null;
  const checkName = args.filterBy?.checkName ?? null;
  const suites = [...runSuites(repo, sha), ...appSuites(repo, sha)]
    .filter((s) => appId === null || (APPS[s.appSlug]?.id ?? null) === appId)
    .filter((s) => checkName === null || s.checkNames.includes(checkName))
    .sort((a, b) => a.id - b.id);
  return connection(suites, args, (s) => suiteView(store, repo, sha, s, ctx));
}

const RUN_STATUS: Record<Run['status'], string> = {
  queued: 'QUEUED',
  in_progress: 'IN_PROGRESS',
  waiting: 'WAITING',
  completed: 'COMPLETED',
};

function runSuites(repo: Repo, sha: string): Suite[] {
  return repo.runs
    .filter((run) => run.headSha === sha)
    .map((run) => ({
      id: run.checkSuiteId,
      appSlug: GITHUB_ACTIONS_APP.slug,
      // A run's status and conclusion are its suite's (REST shows `waiting` for both).
      status: RUN_STATUS[run.status],
      conclusion: run.conclusion ? run.conclusion.toUpperCase() : null,
      createdAt: run.createdAt,
      updatedAt: run.updatedAt,
      branch: run.headBranch,
      // "The user who triggered the check suite": the run's `actor` in REST (whose push or
      // published release started it). A re-run keeps its suite and changes only
      // `triggering_actor`, which the simulator never makes differ from `actor`.
      creator: run.actor,
      run,
      checkNames: run.jobs.map((job) => job.spec.name),
    }));
}

function appSuites(repo: Repo, sha: string): Suite[] {
  const bySuite = new Map<number, CheckRun[]>();
  for (const check of repo.checkRuns.get(sha) ?? []) {
    const list = bySuite.get(check.checkSuiteId) ?? [];
    list.push(check);
    bySuite.set(check.checkSuiteId, list);
  }
  const pull = [...repo.issues.values()].find((i) => i.pull?.headSha === sha)?.pull;
  return [...bySuite.entries()].map(([id, checks]) => ({
    id,
    appSlug: checks[0]!.app,
    status: checks.every((c) => c.status === 'completed')
      ? 'COMPLETED'
      : checks.some((c) => c.status === 'in_progress')
        ? 'IN_PROGRESS'
        : 'QUEUED',
    conclusion: checks.every((c) => c.status === 'completed') ? suiteConclusion(checks) : null,
    createdAt: Math.min(...checks.map((c) => c.startedAt)),
    updatedAt: Math.max(...checks.map((c) => c.completedAt ?? c.startedAt)),
    branch: pull?.headRef ?? null,
    creator: null,
    run: null,
    checkNames: checks.map((c) => c.name),
  }));
}

function suiteConclusion(checks: CheckRun[]): string {
  for (const worst of ['failure', 'timed_out', 'cancelled', 'action_required'] as const)
    if (checks.some((c) => c.conclusion === worst)) return worst.toUpperCase();
  return 'SUCCESS';
}

function suiteView(store: GitHubStore, repo: Repo, sha: string, s: Suite, ctx: GraphqlContext): View {
  const path = `/${repo.fullName}/commit/${sha}/checks?check_suite_id=${s.id}`;
  const app = APPS[s.appSlug] ?? { id: 1, name: s.appSlug, owner: s.appSlug };
  const isTag = s.branch !== null && repo.releases.some((r) => !r.draft && r.tag === s.branch);
  return {
    __typename: 'CheckSuite',
    id: checkSuiteNodeId(s.id),
    databaseId: s.id,
    status: s.status,
    conclusion: s.conclusion,
    createdAt: iso(s.createdAt),
    updatedAt: iso(s.updatedAt),
    url: `${WEB}${path}`,
    resourcePath: path,
    branch: () =>
      s.branch === null ? null : refView(store, repo, s.branch, isTag ? 'refs/tags/' : 'refs/heads/', sha),
    creator: () => (s.creator?.type === 'User' ? actorView(s.creator) : null),
    app: () => ({
      __typename: 'App',
      id: appNodeId(app.id),
      databaseId: app.id,
      name: app.name,
      slug: s.appSlug,
      description: '',
      url: `${WEB}/apps/${s.appSlug}`,
      logoBackgroundColor: '000000',
      createdAt: iso(Date.UTC(2018, 7, 1)),
      updatedAt: iso(Date.UTC(2018, 7, 1)),
    }),
    commit: () => commitView(store, repo, sha),
    repository: () => repoView(store, repo),
    workflowRun: () => (s.run ? workflowRunView(ctx.actions, repo, s.run) : null),
  };
}
