import {
  commitTime,
  latestCheckRuns,
  latestStatuses,
  type CheckRun,
  type CommitStatus,
} from '../state/commits.ts';
import type { Issue } from '../state/issues.ts';
import { ciState, mergeableState, reviewDecision } from '../state/pulls.ts';
import type { Repo } from '../state/repos.ts';
import type { GitHubStore } from '../state/store.ts';
import { graphqlLogin, type User } from '../state/users.ts';
import { iso, isoOrNull } from '../time.ts';
import { WEB } from '../render/context.ts';
import { itemView } from './projects.ts';
import { checkSuitesOf, type CheckSuiteArgs } from './check-suites.ts';
import { connection, type ConnectionArgs } from './connection.ts';
import {
  deploymentsOf,
  latestRelease,
  releasesOf,
  releaseView,
  type DeploymentArgs,
  type GraphqlContext,
  type ReleaseArgs,
} from './deliveries.ts';

/**
 * Views of the state as GraphQL objects. graphql-js's default resolver reads a property, or calls
 * it with the field's arguments when it is a function — so a view is a plain object whose
 * connection fields are functions. `__typename` picks the concrete type of interfaces and unions.
 */
export type View = Record<string, unknown>;

export function actorView(user: User): View {
  const typename = user.type === 'Bot' ? 'Bot' : user.type === 'Organization' ? 'Organization' : 'User';
  return {
    __typename: typename,
    id: user.nodeId,
    login: graphqlLogin(user),
    name: user.name,
    url: user.type === 'Bot' ? `${WEB}/apps/${graphqlLogin(user)}` : `${WEB}/${user.login}`,
    resourcePath: `/${user.login}`,
    avatarUrl: () => `https://avatars.githubusercontent.com/u/${user.id}?v=4`,
    databaseId: user.id,
    createdAt: iso(user.createdAt),
    updatedAt: iso(user.createdAt),
  };
}

export function labelView(repo: Repo, name: string): View {
  const l = repo.labels.get(name.toLowerCase())!;
  return {
    __typename: 'Label',
    id: l.nodeId,
    name: l.name,
    color: l.color,
    description: l.description,
    isDefault: false,
    url: `${WEB}/${repo.fullName}/labels/${encodeURIComponent(l.name)}`,
  };
}

export function repoView(store: GitHubStore, repo: Repo): View {
  const pulls = (): Issue[] =>
    [...repo.issues.values()].filter((i) => i.pull).sort((a, b) => a.number - b.number);
  const issues = (): Issue[] =>
    [...repo.issues.values()].filter((i) => !i.pull).sort((a, b) => a.number - b.number);
  return {
    __typename: 'Repository',
    id: repo.nodeId,
    databaseId: repo.id,
    name: repo.name,
    nameWithOwner: repo.fullName,
    owner: () => actorView(repo.owner),
    url: `${WEB}/${repo.fullName}`,
    isPrivate: repo.private,
    isArchived: false,
    description: repo.description,
    createdAt: iso(repo.createdAt),
    updatedAt: iso(repo.pushedAt),
    mergeCommitAllowed: repo.allowMergeCommit,
    squashMergeAllowed: repo.allowSquashMerge,
    rebaseMergeAllowed: repo.allowRebaseMerge,
    defaultBranchRef: () => ({
      __typename: 'Ref',
      id: `REF_${repo.nodeId}`,
      name: repo.defaultBranch,
      prefix: 'refs/heads/',
    }),
    pullRequests: (args: PullArgs) =>
      connection(sortedBy(filterPulls(pulls(), args), args.orderBy), args, (i) => pullView(store, repo, i)),
    issues: (args: IssueArgs) =>
      connection(sortedBy(filterIssues(issues(), args), args.orderBy), args, (i) =>
        issueView(store, repo, i),
      ),
    issue: ({ number }: { number: number }) => {
      const i = repo.issues.get(number);
      return i && !i.pull ? issueView(store, repo, i) : null;
    },
    pullRequest: ({ number }: { number: number }) => {
      const i = repo.issues.get(number);
      return i?.pull ? pullView(store, repo, i) : null;
    },
    issueOrPullRequest: ({ number }: { number: number }) => {
      const i = repo.issues.get(number);
      return i ? (i.pull ? pullView(store, repo, i) : issueView(store, repo, i)) : null;
    },
    labels: (args: ConnectionArgs) =>
      connection([...repo.labels.values()], args, (l) => labelView(repo, l.name)),
    // graphql-js calls a function property with (args, context): the caller decides whether drafts show.
    releases: (args: ReleaseArgs, ctx: GraphqlContext) => releasesOf(store, repo, args, ctx),
    latestRelease: () => {
      const latest = latestRelease(repo);
      return latest ? releaseView(store, repo, latest, true) : null;
    },
    deployments: (args: DeploymentArgs) => deploymentsOf(store, repo, args),
  };
}

interface OrderBy {
  field: 'CREATED_AT' | 'UPDATED_AT' | 'COMMENTS';
  direction: 'ASC' | 'DESC';
}

interface PullArgs extends ConnectionArgs {
  states?: ('OPEN' | 'CLOSED' | 'MERGED')[] | null;
  labels?: string[] | null;
  headRefName?: string | null;
  baseRefName?: string | null;
  orderBy?: OrderBy | null;
}

interface IssueArgs extends ConnectionArgs {
  states?: ('OPEN' | 'CLOSED')[] | null;
  labels?: string[] | null;
  orderBy?: OrderBy | null;
}

function pullState(i: Issue): 'OPEN' | 'CLOSED' | 'MERGED' {
  return i.pull?.merged ? 'MERGED' : i.state === 'open' ? 'OPEN' : 'CLOSED';
}

/** `labels` matches issues with any of the labels, as on GitHub. */
function hasAnyLabel(i: Issue, labels: string[] | null | undefined): boolean {
  if (!labels || labels.length === 0) return true;
  const set = new Set(i.labels.map((l) => l.toLowerCase()));
  return labels.some((l) => set.has(l.toLowerCase()));
}

function filterPulls(list: Issue[], args: PullArgs): Issue[] {
  return list.filter(
    (i) =>
      (!args.states || args.states.length === 0 || args.states.includes(pullState(i))) &&
      hasAnyLabel(i, args.labels) &&
      (!args.headRefName || i.pull!.headRef === args.headRefName) &&
      (!args.baseRefName || i.pull!.base === args.baseRefName),
  );
}

function filterIssues(list: Issue[], args: IssueArgs): Issue[] {
  return list.filter(
    (i) =>
      (!args.states ||
        args.states.length === 0 ||
        args.states.includes(i.state === 'open' ? 'OPEN' : 'CLOSED')) &&
      hasAnyLabel(i, args.labels),
  );
}

function sortedBy(list: Issue[], orderBy: OrderBy | null | undefined): Issue[] {
  if (!orderBy) return list;
  const key = (i: Issue): number =>
    orderBy.field === 'UPDATED_AT'
      ? i.updatedAt
      : orderBy.field === 'COMMENTS'
        ? i.comments.length
        : i.createdAt;
  return [...list].sort(
    (a, b) => (key(a) - key(b) || a.number - b.number) * (orderBy.direction === 'DESC' ? -1 : 1),
  );
}

function issueCommon(store: GitHubStore, repo: Repo, i: Issue): View {
  return {
    id: i.nodeId,
    databaseId: i.id,
    number: i.number,
    title: i.title,
    body: i.body ?? '',
    createdAt: iso(i.createdAt),
    updatedAt: iso(i.updatedAt),
    closedAt: isoOrNull(i.closedAt),
    closed: i.state === 'closed',
    author: () => actorView(i.user),
    repository: () => repoView(store, repo),
    labels: (args: ConnectionArgs) => connection(i.labels, args, (name) => labelView(repo, name)),
    assignees: (args: ConnectionArgs) => connection(i.assignees, args, (u) => actorView(u)),
    comments: (args: ConnectionArgs) =>
      connection(i.comments, args, (c) => ({
        __typename: 'IssueComment',
        id: c.nodeId,
        body: c.body,
        createdAt: iso(c.createdAt),
        author: actorView(c.user),
      })),
  };
}

export function issueView(store: GitHubStore, repo: Repo, i: Issue): View {
  return {
    ...issueCommon(store, repo, i),
    __typename: 'Issue',
    url: `${WEB}/${repo.fullName}/issues/${i.number}`,
    state: i.state === 'open' ? 'OPEN' : 'CLOSED',
    stateReason: i.stateReason ? i.stateReason.toUpperCase() : null,
    // The boards this issue is on (pnd reads it before adding, so a rerun makes no mutation).
    projectItems: (args: ConnectionArgs) =>
      connection(
        store.projects.flatMap((p) =>
          p.items.filter((item) => item.issue === i).map((item) => ({ p, item })),
        ),
        args,
        ({ p, item }) => itemView(store, p, item),
      ),
  };
}

export function pullView(store: GitHubStore, repo: Repo, i: Issue): View {
  const pull = i.pull!;
  const mergeable = pull.mergeable === null ? 'UNKNOWN' : pull.mergeable ? 'MERGEABLE' : 'CONFLICTING';
  return {
    ...issueCommon(store, repo, i),
    __typename: 'PullRequest',
    url: `${WEB}/${repo.fullName}/pull/${i.number}`,
    permalink: `${WEB}/${repo.fullName}/pull/${i.number}`,
    state: pullState(i),
    isDraft: pull.draft,
    merged: pull.merged,
    mergedAt: isoOrNull(pull.mergedAt),
    mergeable: pull.merged || i.state === 'closed' ? 'UNKNOWN' : mergeable,
    // Computed only when asked: a page of 100 pull requests should not derive CI state 100 times for nothing.
    mergeStateStatus: () => mergeableState(repo, i).toUpperCase(),
    headRefName: pull.headRef,
    headRefOid: pull.headSha,
    baseRefName: pull.base,
    reviewDecision: () => reviewDecision(pull),
    // GitHub's "Check and Status rollup information for the PR's head ref": the head commit's.
    statusCheckRollup: () => rollupView(repo, pull.headSha),
    commits: (args: ConnectionArgs) =>
      connection([pull.headSha], args, (sha) => ({
        __typename: 'PullRequestCommit',
        id: `PURC_${pull.nodeId.slice(3)}`,
        commit: commitView(store, repo, sha),
      })),
  };
}

const CHECK_STATUS: Record<string, string> = {
  queued: 'QUEUED',
  in_progress: 'IN_PROGRESS',
  completed: 'COMPLETED',
};

export function commitView(store: GitHubStore, repo: Repo, sha: string): View {
  return {
    __typename: 'Commit',
    id: `C_${sha.slice(0, 20)}`,
    oid: sha,
    abbreviatedOid: sha.slice(0, 7),
    url: `${WEB}/${repo.fullName}/commit/${sha}`,
    committedDate: () => iso(commitTime(repo, sha)),
    checkSuites: (args: CheckSuiteArgs, ctx: GraphqlContext) => checkSuitesOf(store, repo, sha, args, ctx),
    // Derived only when the query asks for it (a release's or deployment's commit rarely does).
    statusCheckRollup: () => rollupView(repo, sha),
  };
}

/** A commit's StatusCheckRollup (null when it has neither checks nor statuses). */
function rollupView(repo: Repo, sha: string): View | null {
  const state = ciState(repo, sha);
  if (state === 'none') return null;
  return {
    __typename: 'StatusCheckRollup',
    id: `SCR_${sha.slice(0, 20)}`,
    state: state.toUpperCase(),
    contexts: (args: ConnectionArgs) => {
      const statuses = latestStatuses(repo.statuses.get(sha) ?? []);
      const checks = latestCheckRuns(repo.checkRuns.get(sha) ?? []);
      return connection<CheckRun | CommitStatus, View>([...checks, ...statuses], args, (c) =>
        'context' in c ? statusContextView(c) : checkRunView(repo, c),
      );
    },
  };
}

function checkRunView(repo: Repo, c: CheckRun): View {
  return {
    __typename: 'CheckRun',
    id: c.nodeId,
    databaseId: c.id,
    name: c.name,
    status: CHECK_STATUS[c.status],
    conclusion: c.conclusion ? c.conclusion.toUpperCase() : null,
    startedAt: iso(c.startedAt),
    completedAt: isoOrNull(c.completedAt),
    detailsUrl: `${WEB}/${repo.fullName}/runs/${c.id}`,
    url: `${WEB}/${repo.fullName}/runs/${c.id}`,
  };
}

function statusContextView(s: CommitStatus): View {
  return {
    __typename: 'StatusContext',
    id: s.nodeId,
    context: s.context,
    state: s.state.toUpperCase(),
    description: s.description,
    targetUrl: s.targetUrl,
    createdAt: iso(s.createdAt),
  };
}
