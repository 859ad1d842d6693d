import { nodeId } from '../node-id.ts';
import type { Repo } from './repos.ts';
import type { GitHubStore } from './store.ts';
import type { User } from './users.ts';

export interface CommitStatus {
  id: number;
  nodeId: string;
  sha: string;
  context: string;
  state: 'error' | 'failure' | 'pending' | 'success';
  description: string | null;
  targetUrl: string | null;
  creator: User;
  createdAt: number;
  updatedAt: number;
}

export type CheckStatus = 'queued' | 'in_progress' | 'completed';
export type CheckConclusion =
  'success' | 'failure' | 'neutral' | 'cancelled' | 'skipped' | 'timed_out' | 'action_required';

export interface CheckRun {
  id: number;
  nodeId: string;
  headSha: string;
  name: string;
  status: CheckStatus;
  conclusion: CheckConclusion | null;
  startedAt: number;
  completedAt: number | null;
  /** App slug, e.g. "github-actions". */
  app: string;
  checkSuiteId: number;
}

/** The apps that own check runs, with their real ids where known. */
export const APPS: Record<string, { id: number; name: string; owner: string }> = {
  'github-actions': { id: 15368, name: 'GitHub Actions', owner: 'github' },
  renovate: { id: 2740, name: 'Renovate', owner: 'renovatebot' },
  dependabot: { id: 29110, name: 'Dependabot', owner: 'github' },
};

export function addStatus(
  store: GitHubStore,
  repo: Repo,
  sha: string,
  input: {
    context: string;
    state: CommitStatus['state'];
    description: string | null;
    targetUrl: string | null;
    creator: User;
    at?: number;
  },
): CommitStatus {
  const id = store.id('status', 30_000_000_001);
  const at = input.at ?? store.now();
  const status: CommitStatus = {
    id,
    nodeId: nodeId('SC', `${repo.fullName}:${id}`),
    sha,
    context: input.context,
    state: input.state,
    description: input.description,
    targetUrl: input.targetUrl,
    creator: input.creator,
    createdAt: at,
    updatedAt: at,
  };
  const list = repo.statuses.get(sha) ?? [];
  list.push(status);
  repo.statuses.set(sha, list);
  return status;
}

export function addCheckRun(
  store: GitHubStore,
  repo: Repo,
  sha: string,
  input: { name: string; status: CheckStatus; conclusion: CheckConclusion | null; app: string; at?: number },
): CheckRun {
  const id = store.id('check-run', 40_000_000_001);
  const at = input.at ?? store.now();
  const run: CheckRun = {
    id,
    nodeId: nodeId('CR', `${repo.fullName}:${id}`),
    headSha: sha,
    name: input.name,
    status: input.status,
    conclusion: input.status === 'completed' ? (input.conclusion ?? 'success') : null,
    startedAt: at,
    completedAt: input.status === 'completed' ? at + 4 * 60_000 : null,
    app: input.app,
    checkSuiteId: store.id('check-suite', 20_000_000_001),
  };
  const list = repo.checkRuns.get(sha) ?? [];
  list.push(run);
  repo.checkRuns.set(sha, list);
  return run;
}

/** The latest status per context, newest first, as the combined status lists them. */
export function latestStatuses(statuses: CommitStatus[]): CommitStatus[] {
  const byContext = new Map<string, CommitStatus>();
  for (const s of [...statuses].sort((a, b) => b.createdAt - a.createdAt || b.id - a.id)) {
    if (!byContext.has(s.context)) byContext.set(s.context, s);
  }
  return [...byContext.values()];
}

/**
 * The combined state: failure if any latest status is error or failure; pending if there are no
 * statuses or any is pending; success when every context's latest status is success.
 */
export function combinedState(statuses: CommitStatus[]): 'failure' | 'pending' | 'success' {
  const latest = latestStatuses(statuses);
  if (latest.some((s) => s.state === 'error' || s.state === 'failure')) return 'failure';
  if (latest.length === 0 || latest.some((s) => s.state === 'pending')) return 'pending';
  return 'success';
}

/** `filter=latest`: the most recent check run of each name. */
export function latestCheckRuns(runs: CheckRun[]): CheckRun[] {
  if (runs.length <= 1) return [...runs];
  const byName = new Map<string, CheckRun>();
  // One pass, no sort of the whole list: the highest id per name wins.
  for (const r of runs) {
    const seen = byName.get(r.name);
    if (!seen || r.id > seen.id) byName.set(r.name, r);
  }
  return [...byName.values()].sort((a, b) => a.id - b.id);
}

/** Resolves a ref (SHA, branch or tag name) to a commit SHA the repository knows about. */
export function resolveRef(repo: Repo, ref: string): string | undefined {
  if (/^[0-9a-f]{40}$/.test(ref)) return ref;
  for (const issue of repo.issues.values()) {
    if (issue.pull && (issue.pull.headRef === ref || issue.pull.headSha.startsWith(ref)))
      return issue.pull.headSha;
  }
  const release = repo.releases.find((r) => r.tag === ref);
  if (release) return release.targetSha;
  for (const sha of [...repo.statuses.keys(), ...repo.checkRuns.keys()])
    if (ref.length >= 7 && sha.startsWith(ref)) return sha;
  return undefined;
}

/** The simulator keeps no commit objects: a commit is taken to be made this long before it is first used. */
const COMMITTED_BEFORE_MS = 3_600_000;

/**
 * When a commit was made, one answer for REST (a run's `head_commit.timestamp`) and GraphQL
 * (`Commit.committedDate`): an hour before the first workflow run on it, else an hour before the
 * first release, deployment, check run or status that names it, else when the repository was made.
 */
export function commitTime(repo: Repo, sha: string): number {
  let first = Infinity;
  for (const run of repo.runs) if (run.headSha === sha) first = Math.min(first, run.createdAt);
  if (first === Infinity) {
    for (const release of repo.releases)
      if (release.targetSha === sha) first = Math.min(first, release.createdAt);
    for (const deployment of repo.deployments)
      if (deployment.sha === sha) first = Math.min(first, deployment.createdAt);
    for (const check of repo.checkRuns.get(sha) ?? []) first = Math.min(first, check.startedAt);
    for (const status of repo.statuses.get(sha) ?? []) first = Math.min(first, status.createdAt);
  }
  return first === Infinity ? repo.createdAt : first - COMMITTED_BEFORE_MS;
}
