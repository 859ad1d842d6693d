import type { Actions } from '../state/actions.ts';
import type { Deployment, DeploymentState, DeploymentStatus } from '../state/deployments.ts';
import { listDeployments } from '../state/deployments.ts';
import { listReleases, type Release } from '../state/releases.ts';
import type { Repo } from '../state/repos.ts';
import type { GitHubStore } from '../state/store.ts';
import { canPush, type User } from '../state/users.ts';
import { iso, isoOrNull } from '../time.ts';
import { WEB } from '../render/context.ts';
import { connection, type Connection, type ConnectionArgs } from './connection.ts';
import { actorView, commitView, repoView, type View } from './views.ts';

/** What every resolver gets as graphql-js's context value: who is asking, and the Actions state. */
export interface GraphqlContext {
  caller: User;
  /** Workflow runs answer for their waiting jobs (`WorkflowRun.pendingDeploymentRequests`). */
  actions: Actions;
}

interface Order<F extends string> {
  field: F;
  direction: 'ASC' | 'DESC';
}

export interface ReleaseArgs extends ConnectionArgs {
  orderBy?: Order<'CREATED_AT' | 'NAME'> | null;
}

export interface DeploymentArgs extends ConnectionArgs {
  environments?: string[] | null;
  orderBy?: Order<'CREATED_AT'> | null;
}

/**
 * `Repository.releases`: drafts only for callers with push access, as the REST list. Without
 * `orderBy` GitHub pages oldest first (by creation, then id).
 */
export function releasesOf(
  store: GitHubStore,
  repo: Repo,
  args: ReleaseArgs,
  ctx: GraphqlContext,
): Connection<View> {
  const visible = listReleases(repo, canPush(ctx.caller, repo.fullName));
  const order = args.orderBy ?? { field: 'CREATED_AT', direction: 'ASC' };
  const sign = order.direction === 'DESC' ? -1 : 1;
  const sorted = [...visible].sort((a, b) => {
    const primary =
      order.field === 'NAME'
        ? compare(a.name ?? a.tag, b.name ?? b.tag)
        : a.createdAt - b.createdAt || compare(a.tag, b.tag);
    return (primary || a.id - b.id) * sign;
  });
  const latest = latestRelease(repo);
  return connection(sorted, args, (r) => releaseView(store, repo, r, r === latest));
}

/** `Repository.latestRelease`: the newest published, non-prerelease release not marked make_latest=false. */
export function latestRelease(repo: Repo): Release | undefined {
  return repo.releases
    .filter((r) => !r.draft && !r.prerelease && r.makeLatest !== 'false')
    .sort(
      (a, b) => (b.publishedAt ?? 0) - (a.publishedAt ?? 0) || b.createdAt - a.createdAt || b.id - a.id,
    )[0];
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A Ref object for a branch or tag name. */
export function refView(
  store: GitHubStore,
  repo: Repo,
  name: string,
  prefix: 'refs/heads/' | 'refs/tags/',
  sha: string,
): View {
  return {
    __typename: 'Ref',
    id: `REF_${Buffer.from(`${repo.nodeId}:${prefix}${name}`).toString('base64url')}`,
    name,
    prefix,
    target: () => commitView(store, repo, sha),
    repository: () => repoView(store, repo),
  };
}

export function releaseView(store: GitHubStore, repo: Repo, r: Release, isLatest: boolean): View {
  // A draft's tag is created when it is published, unless a published release already made it.
  const tagExists = !r.draft || repo.releases.some((o) => o !== r && !o.draft && o.tag === r.tag);
  const webTag = r.draft ? `untagged-${r.nodeId.slice(-20).toLowerCase()}` : encodeURIComponent(r.tag);
  const path = `/${repo.fullName}/releases/tag/${webTag}`;
  return {
    __typename: 'Release',
    id: r.nodeId,
    databaseId: r.id,
    name: r.name,
    tagName: r.tag,
    isDraft: r.draft,
    isPrerelease: r.prerelease,
    isLatest,
    createdAt: iso(r.createdAt),
    publishedAt: isoOrNull(r.publishedAt),
    updatedAt: iso(r.updatedAt),
    url: `${WEB}${path}`,
    resourcePath: path,
    description: r.body,
    author: () => (r.author.type === 'User' ? actorView(r.author) : null),
    tag: () => (tagExists ? refView(store, repo, r.tag, 'refs/tags/', r.targetSha) : null),
    tagCommit: () => (tagExists ? commitView(store, repo, r.targetSha) : null),
    repository: () => repoView(store, repo),
    viewerCanReact: false,
  };
}

/**
 * `Repository.deployments`: filtered by environment name; without `orderBy` GitHub pages oldest
 * first, so `last: 1` is the newest.
 */
export function deploymentsOf(store: GitHubStore, repo: Repo, args: DeploymentArgs): Connection<View> {
  const envs = args.environments && args.environments.length > 0 ? new Set(args.environments) : null;
  const sign = args.orderBy?.direction === 'DESC' ? -1 : 1;
  const list = listDeployments(repo, {})
    .filter((d) => !envs || envs.has(d.environment))
    .sort((a, b) => (a.createdAt - b.createdAt || a.id - b.id) * sign);
  return connection(list, args, (d) => deploymentView(store, repo, d));
}

/** The deployment whose GraphQL id this is, if any (`node`/`nodes` by the id a query read). */
export function findDeployment(
  store: GitHubStore,
  id: string,
): { repo: Repo; deployment: Deployment } | undefined {
  if (!id.startsWith('DE_')) return undefined;
  for (const repo of store.repos.values()) {
    const deployment = repo.deployments.find((d) => d.nodeId === id);
    if (deployment) return { repo, deployment };
  }
  return undefined;
}

/** Statuses newest first, as GitHub lists them (REST and GraphQL). */
function statusesOf(d: Deployment): DeploymentStatus[] {
  return [...d.statuses].sort((a, b) => b.createdAt - a.createdAt || b.id - a.id);
}

const STATUS_STATE: Record<DeploymentState, string> = {
  error: 'ERROR',
  failure: 'FAILURE',
  inactive: 'INACTIVE',
  in_progress: 'IN_PROGRESS',
  queued: 'QUEUED',
  pending: 'PENDING',
  success: 'SUCCESS',
  waiting: 'WAITING',
};

/** The deployment's state from its latest status: a current success is ACTIVE, an inactive transient one DESTROYED. */
function deploymentState(d: Deployment, latest: DeploymentStatus | undefined): string {
  if (!latest) return 'PENDING';
  if (latest.state === 'success') return 'ACTIVE';
  if (latest.state === 'inactive' && d.transient) return 'DESTROYED';
  return STATUS_STATE[latest.state];
}

export function deploymentView(store: GitHubStore, repo: Repo, d: Deployment): View {
  const statuses = statusesOf(d);
  const latest = statuses[0];
  const isSha = /^[0-9a-f]{40}$/.test(d.ref);
  const isTag = repo.releases.some((r) => !r.draft && r.tag === d.ref);
  return {
    __typename: 'Deployment',
    id: d.nodeId,
    databaseId: d.id,
    commitOid: d.sha,
    commit: () => commitView(store, repo, d.sha),
    // A deployment of a bare SHA has no ref.
    ref: () => (isSha ? null : refView(store, repo, d.ref, isTag ? 'refs/tags/' : 'refs/heads/', d.sha)),
    task: d.task,
    environment: d.environment,
    latestEnvironment: latest?.environment ?? d.environment,
    originalEnvironment: d.environment,
    payload: typeof d.payload === 'string' ? d.payload : JSON.stringify(d.payload),
    state: deploymentState(d, latest),
    createdAt: iso(d.createdAt),
    updatedAt: iso(d.updatedAt),
    description: d.description,
    creator: () => actorView(d.creator),
    repository: () => repoView(store, repo),
    latestStatus: () => (latest ? statusView(store, repo, d, latest) : null),
    statuses: (args: ConnectionArgs) => connection(statuses, args, (s) => statusView(store, repo, d, s)),
  };
}

function statusView(store: GitHubStore, repo: Repo, d: Deployment, s: DeploymentStatus): View {
  return {
    __typename: 'DeploymentStatus',
    id: s.nodeId,
    state: STATUS_STATE[s.state],
    description: s.description,
    environment: s.environment,
    environmentUrl: s.environmentUrl || null,
    logUrl: s.logUrl || `${WEB}/${repo.fullName}/actions`,
    createdAt: iso(s.createdAt),
    updatedAt: iso(s.createdAt),
    creator: () => actorView(s.creator),
    deployment: () => deploymentView(store, repo, d),
  };
}
