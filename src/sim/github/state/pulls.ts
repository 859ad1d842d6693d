import { nodeId, shaFor } from '../node-id.ts';
import { combinedState, latestCheckRuns } from './commits.ts';
import { createIssue, setState, type Issue } from './issues.ts';
import type { Repo } from './repos.ts';
import type { GitHubStore } from './store.ts';
import type { User } from './users.ts';

export interface Review {
  id: number;
  nodeId: string;
  user: User;
  body: string;
  state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'PENDING';
  commitId: string;
  submittedAt: number | null;
}

/** The pull-request side of an issue. */
export interface Pull {
  id: number;
  nodeId: string;
  headRef: string;
  headSha: string;
  base: string;
  draft: boolean;
  /** false = conflicting; null = not computed yet (GitHub computes it in the background). */
  mergeable: boolean | null;
  merged: boolean;
  mergedAt: number | null;
  mergedBy: User | null;
  mergeCommitSha: string | null;
  reviews: Review[];
}

export interface NewPull {
  number?: number;
  title: string;
  body: string;
  user: User;
  labels: string[];
  draft: boolean;
  headRef: string;
  headSha: string;
  base: string;
  mergeable: boolean | null;
  createdAt: number;
}

export function createPull(store: GitHubStore, repo: Repo, input: NewPull): Issue {
  const issue = createIssue(store, repo, {
    number: input.number,
    title: input.title,
    body: input.body,
    user: input.user,
    labels: input.labels,
    createdAt: input.createdAt,
  });
  // The REST issue view of a pull request carries the pull request's node id.
  issue.nodeId = nodeId('PR', `${repo.fullName}#${issue.number}`);
  issue.pull = {
    id: store.id('pull', 2_100_000_001),
    nodeId: issue.nodeId,
    headRef: input.headRef,
    headSha: input.headSha,
    base: input.base,
    draft: input.draft,
    mergeable: input.mergeable,
    merged: false,
    mergedAt: null,
    mergedBy: null,
    mergeCommitSha: null,
    reviews: [],
  };
  return issue;
}

/** GitHub's mergeable_state for an open pull request without branch protection. */
export function mergeableState(repo: Repo, issue: Issue): string {
  const pull = issue.pull!;
  if (pull.merged || issue.state === 'closed') return 'unknown';
  if (pull.mergeable === null) return 'unknown';
  if (pull.mergeable === false) return 'dirty';
  if (pull.draft) return 'draft';
  const state = ciState(repo, pull.headSha);
  return state === 'success' || state === 'none' ? 'clean' : 'unstable';
}

/** CI across both APIs: statuses and check runs. "none" when the commit has neither. */
export function ciState(repo: Repo, sha: string): 'success' | 'failure' | 'pending' | 'none' {
  const statuses = repo.statuses.get(sha) ?? [];
  const checks = latestCheckRuns(repo.checkRuns.get(sha) ?? []);
  if (statuses.length === 0 && checks.length === 0) return 'none';
  const states: string[] = [];
  if (statuses.length > 0) states.push(combinedState(statuses));
  for (const c of checks) {
    if (c.status !== 'completed') states.push('pending');
    else states.push(['success', 'neutral', 'skipped'].includes(c.conclusion ?? '') ? 'success' : 'failure');
  }
  if (states.some((s) => s === 'failure' || s === 'error')) return 'failure';
  if (states.some((s) => s === 'pending')) return 'pending';
  return 'success';
}

export type MergeMethod = 'merge' | 'squash' | 'rebase';

export type MergeOutcome = { ok: true; sha: string } | { ok: false; status: 405 | 409; message: string };

const METHOD_NOT_ALLOWED: Record<MergeMethod, string> = {
  merge: 'Merge commits are not allowed on this repository.',
  squash: 'Squash merges are not allowed on this repository.',
  rebase: 'Rebase merges are not allowed on this repository.',
};

export function mergePull(
  store: GitHubStore,
  repo: Repo,
  issue: Issue,
  by: User,
  options: { method: MergeMethod; sha?: string },
): MergeOutcome {
  const pull = issue.pull!;
  const allowed = {
    merge: repo.allowMergeCommit,
    squash: repo.allowSquashMerge,
    rebase: repo.allowRebaseMerge,
  };
  if (!allowed[options.method])
    return { ok: false, status: 405, message: METHOD_NOT_ALLOWED[options.method] };
  if (pull.merged || issue.state === 'closed' || pull.mergeable !== true) {
    return { ok: false, status: 405, message: 'Pull Request is not mergeable' };
  }
  if (pull.draft) return { ok: false, status: 405, message: 'Pull Request is still a draft' };
  if (options.sha !== undefined && options.sha !== pull.headSha) {
    return { ok: false, status: 409, message: 'Head branch was modified. Review and try the merge again.' };
  }
  const at = store.now();
  pull.merged = true;
  pull.mergedAt = at;
  pull.mergedBy = by;
  pull.mergeCommitSha = shaFor(`${repo.fullName}#${issue.number}:merge`);
  setState(issue, 'closed', 'completed', by, at);
  issue.updatedAt = at;
  return { ok: true, sha: pull.mergeCommitSha };
}

export type ReviewEvent = 'APPROVE' | 'REQUEST_CHANGES' | 'COMMENT';

export function addReview(
  store: GitHubStore,
  repo: Repo,
  issue: Issue,
  by: User,
  input: { event?: ReviewEvent; body?: string; commitId?: string },
): Review | { error: string } {
  const pull = issue.pull!;
  const own = by.login.toLowerCase() === issue.user.login.toLowerCase();
  if (own && input.event === 'APPROVE') return { error: 'Can not approve your own pull request' };
  if (own && input.event === 'REQUEST_CHANGES')
    return { error: 'Can not request changes on your own pull request' };
  if ((input.event === 'REQUEST_CHANGES' || input.event === 'COMMENT') && !input.body) {
    return { error: `Body is required when using the ${input.event} event` };
  }
  const id = store.id('review', 1_900_000_001);
  const state: Review['state'] =
    input.event === 'APPROVE'
      ? 'APPROVED'
      : input.event === 'REQUEST_CHANGES'
        ? 'CHANGES_REQUESTED'
        : input.event === 'COMMENT'
          ? 'COMMENTED'
          : 'PENDING';
  const review: Review = {
    id,
    nodeId: nodeId('PRR', `${repo.fullName}:${id}`),
    user: by,
    body: input.body ?? '',
    state,
    commitId: input.commitId ?? pull.headSha,
    submittedAt: state === 'PENDING' ? null : store.now(),
  };
  pull.reviews.push(review);
  issue.updatedAt = store.now();
  return review;
}

/** GraphQL reviewDecision without branch protection: only what reviewers said, else null. */
export function reviewDecision(pull: Pull): 'APPROVED' | 'CHANGES_REQUESTED' | null {
  const latest = new Map<string, Review['state']>();
  for (const r of pull.reviews) {
    if (r.state === 'APPROVED' || r.state === 'CHANGES_REQUESTED') latest.set(r.user.login, r.state);
  }
  const states = [...latest.values()];
  if (states.includes('CHANGES_REQUESTED')) return 'CHANGES_REQUESTED';
  if (states.includes('APPROVED')) return 'APPROVED';
  return null;
}
