/**
 * From a deployment waiting on an environment to the workflow run that waits, in GraphQL. GitHub
 * creates a job's deployment (status WAITING) when the job starts waiting on the environment, but
 * the schema links a deployment to no run: the way there is the deployment's commit, its check
 * suites (every workflow run has one), and each suite's `workflowRun` with the run's pending
 * deployment requests. Every field and argument below is in GitHub's public schema
 * (@octokit/graphql-schema), which the simulator executes queries against.
 *
 * Sizes, as GitHub charges a query (each connection once per parent node, at its `first`/`last`,
 * then /100): per deployment 1 check-suite page + 10 pending-request pages + 30 reviewer pages,
 * about 41 points for 100 waiting deployments. Hence small pages, each with its reason:
 * - `checkSuites(last: 10)`: suites are listed oldest first, and the waiting run is among a
 *   commit's newest (started by the release or the push); 10 leaves room for the other
 *   workflows on the same commit. When a commit has more and none of the 10 is the run, the
 *   deployer falls back to REST (`totalCount` tells it).
 * - `pendingDeploymentRequests(first: 3)`: a run waits on one environment at a time unless
 *   parallel jobs wait at once; more than 3 falls back to REST the same way.
 * - `reviewers(first: 6)`: GitHub allows at most six required reviewers per environment.
 * No `filterBy: {appId}`: GitHub Actions' app id differs between github.com and GHES; the suites
 * of other apps have no `workflowRun` and are skipped by the deployer.
 * `WorkflowRun.databaseId` is an Int and run ids passed 2^31 long ago: the run id is read from
 * its `url` (…/actions/runs/<id>), the same address REST gives as `html_url`.
 */
export const WAITING_RUNS_QUERY = `query WaitingRuns($ids: [ID!]!) { nodes(ids: $ids) { ... on Deployment { commit { committedDate checkSuites(last: 10) { totalCount nodes { status branch { name } creator { login } workflowRun { runNumber url createdAt file { path } pendingDeploymentRequests(first: 3) { totalCount nodes { currentUserCanApprove environment { name databaseId } reviewers(first: 6) { nodes { ... on User { login } ... on Team { slug } } } } } } } } } } } }`;

/** What REST's `pending_deployments` says about one environment a run waits on. */
export interface PendingRequest {
  environment: { id: number | null; name: string };
  currentUserCanApprove: boolean;
  /** Logins of the users and slugs of the teams that may review. */
  reviewers: string[];
}

/** A workflow run on a waiting deployment's commit, as its check suite tells it. */
export interface SuiteRun {
  /** The check suite's (and so the run's) status: `WAITING` while a job waits on an environment. */
  status: string;
  /** The run's branch or tag (REST `head_branch`). */
  branch: string | null;
  /** "The user who triggered the check suite": the run's `actor` in REST. */
  creator: string | null;
  runNumber: number;
  url: string;
  createdAt: string;
  /** The workflow file's path in the repository, e.g. `.github/workflows/deploy.yml`. */
  path: string | null;
  pending: PendingRequest[];
  /** More pending requests than were read. */
  pendingTruncated: boolean;
}

/** A waiting deployment's commit: when it was made, and the workflow runs on it. */
export interface WaitingCommit {
  committedDate: string;
  runs: SuiteRun[];
  /** The commit has more check suites than were read: a run may be among the older ones. */
  suitesTruncated: boolean;
}

interface RawPending {
  totalCount: number;
  nodes: {
    currentUserCanApprove: boolean;
    environment: { name: string; databaseId: number | null };
    reviewers: { nodes: ({ login?: string; slug?: string } | null)[] };
  }[];
}

export interface RawDeploymentNode {
  commit?: {
    committedDate: string;
    checkSuites: {
      totalCount: number;
      nodes: ({
        status: string;
        branch: { name: string } | null;
        creator: { login: string } | null;
        workflowRun: {
          runNumber: number;
          url: string;
          createdAt: string;
          file: { path: string } | null;
          pendingDeploymentRequests: RawPending;
        } | null;
      } | null)[];
    } | null;
  } | null;
}

export function pendingRequests(raw: RawPending | undefined): PendingRequest[] {
  return (raw?.nodes ?? []).map((r) => ({
    environment: { id: r.environment.databaseId, name: r.environment.name },
    currentUserCanApprove: r.currentUserCanApprove,
    reviewers: r.reviewers.nodes.flatMap((n) => ((n?.login ?? n?.slug) ? [n.login ?? n.slug!] : [])),
  }));
}

/** The answer for one deployment id; null when it is gone or has no commit. */
export function waitingCommit(node: RawDeploymentNode | null): WaitingCommit | null {
  const commit = node?.commit;
  if (!commit) return null;
  const suites = commit.checkSuites?.nodes ?? [];
  const runs = suites.flatMap((suite): SuiteRun[] => {
    const run = suite?.workflowRun;
    if (!suite || !run) return [];
    const pending = pendingRequests(run.pendingDeploymentRequests);
    return [
      {
        status: suite.status,
        branch: suite.branch?.name ?? null,
        creator: suite.creator?.login ?? null,
        runNumber: run.runNumber,
        url: run.url,
        createdAt: run.createdAt,
        path: run.file?.path ?? null,
        pending,
        pendingTruncated: run.pendingDeploymentRequests.totalCount > pending.length,
      },
    ];
  });
  return {
    committedDate: commit.committedDate,
    runs,
    suitesTruncated: (commit.checkSuites?.totalCount ?? 0) > suites.length,
  };
}

/** The run id in a run's address (…/actions/runs/<id>), as REST's `html_url` has it too. */
export function runIdOf(url: string): string | undefined {
  return /\/actions\/runs\/(\d+)(?:[/?#]|$)/.exec(url)?.[1];
}
