import { nodeId } from '../node-id.ts';
import type { Pull } from './pulls.ts';
import type { Repo } from './repos.ts';
import type { GitHubStore } from './store.ts';
import type { User } from './users.ts';

export interface Comment {
  id: number;
  nodeId: string;
  issueNumber: number;
  user: User;
  body: string;
  createdAt: number;
  updatedAt: number;
}

/** An issue, or the issue side of a pull request (`pull` set): both share the number sequence. */
export interface Issue {
  id: number;
  nodeId: string;
  number: number;
  title: string;
  body: string | null;
  user: User;
  /** Label names, in the order they were set. */
  labels: string[];
  assignees: User[];
  state: 'open' | 'closed';
  stateReason: 'completed' | 'not_planned' | 'reopened' | 'duplicate' | null;
  createdAt: number;
  updatedAt: number;
  closedAt: number | null;
  closedBy: User | null;
  comments: Comment[];
  pull?: Pull;
}

export interface NewIssue {
  number?: number;
  title: string;
  body?: string | null;
  user: User;
  labels?: string[];
  assignees?: User[];
  state?: 'open' | 'closed';
  stateReason?: Issue['stateReason'];
  createdAt?: number;
  closedAt?: number | null;
}

export function createIssue(store: GitHubStore, repo: Repo, input: NewIssue): Issue {
  const number = input.number ?? repo.nextNumber;
  repo.nextNumber = Math.max(repo.nextNumber, number + 1);
  const at = input.createdAt ?? store.now();
  const state = input.state ?? 'open';
  const closedAt = state === 'closed' ? (input.closedAt ?? at) : null;
  const issue: Issue = {
    id: store.id('issue', 3_600_000_001),
    nodeId: nodeId('I', `${repo.fullName}#${number}`),
    number,
    title: input.title,
    body: input.body ?? null,
    user: input.user,
    labels: [],
    assignees: input.assignees ?? [],
    state,
    stateReason: state === 'closed' ? (input.stateReason ?? 'completed') : (input.stateReason ?? null),
    createdAt: at,
    updatedAt: closedAt ?? at,
    closedAt,
    closedBy: state === 'closed' ? input.user : null,
    comments: [],
  };
  setLabels(store, repo, issue, input.labels ?? []);
  repo.issues.set(number, issue);
  return issue;
}

/** Replaces the label set, as PATCH with `labels` does; unknown labels are created like GitHub does. */
export function setLabels(store: GitHubStore, repo: Repo, issue: Issue, names: string[]): void {
  const seen = new Set<string>();
  issue.labels = [];
  for (const name of names) {
    const label = store.ensureLabel(repo, name);
    if (seen.has(label.name.toLowerCase())) continue;
    seen.add(label.name.toLowerCase());
    issue.labels.push(label.name);
  }
}

export function setState(
  issue: Issue,
  state: 'open' | 'closed',
  reason: Issue['stateReason'] | undefined,
  by: User,
  at: number,
): void {
  if (state === 'closed' && issue.state !== 'closed') {
    issue.closedAt = at;
    issue.closedBy = by;
    issue.stateReason = reason ?? 'completed';
  } else if (state === 'open' && issue.state !== 'open') {
    issue.closedAt = null;
    issue.closedBy = null;
    issue.stateReason = 'reopened';
  } else if (reason !== undefined) {
    issue.stateReason = reason;
  }
  issue.state = state;
}

export function addComment(
  store: GitHubStore,
  repo: Repo,
  issue: Issue,
  user: User,
  body: string,
  at = store.now(),
): Comment {
  const id = store.id('comment', 2_500_000_001);
  const comment: Comment = {
    id,
    nodeId: nodeId('IC', `${repo.fullName}:${id}`),
    issueNumber: issue.number,
    user,
    body,
    createdAt: at,
    updatedAt: at,
  };
  issue.comments.push(comment);
  issue.updatedAt = Math.max(issue.updatedAt, at);
  return comment;
}

export function findComment(repo: Repo, id: number): { issue: Issue; comment: Comment } | undefined {
  for (const issue of repo.issues.values()) {
    const comment = issue.comments.find((c) => c.id === id);
    if (comment) return { issue, comment };
  }
  return undefined;
}

export interface IssueFilter {
  state: 'open' | 'closed' | 'all';
  labels: string[];
  creator?: string;
  assignee?: string;
  since?: number;
  sort: 'created' | 'updated' | 'comments';
  direction: 'asc' | 'desc';
}

/** The issues list: pull requests included, as on GitHub; every listed label must be present. */
export function listIssues(repo: Repo, filter: IssueFilter): Issue[] {
  const wanted = filter.labels.map((l) => l.toLowerCase());
  const list = [...repo.issues.values()].filter((issue) => {
    if (filter.state !== 'all' && issue.state !== filter.state) return false;
    if (!hasLabels(issue, wanted)) return false;
    if (filter.creator && issue.user.login.toLowerCase() !== filter.creator.toLowerCase()) return false;
    if (filter.assignee === 'none' && issue.assignees.length > 0) return false;
    if (filter.assignee && filter.assignee !== '*' && filter.assignee !== 'none') {
      if (!issue.assignees.some((a) => a.login.toLowerCase() === filter.assignee!.toLowerCase()))
        return false;
    }
    if (filter.assignee === '*' && issue.assignees.length === 0) return false;
    if (filter.since !== undefined && issue.updatedAt < filter.since) return false;
    return true;
  });
  const key = (i: Issue): number =>
    filter.sort === 'updated' ? i.updatedAt : filter.sort === 'comments' ? i.comments.length : i.createdAt;
  list.sort((a, b) => (key(a) - key(b) || a.number - b.number) * (filter.direction === 'asc' ? 1 : -1));
  return list;
}

/**
 * Whether the issue carries every one of `wanted` (lower case). Loops, not a Set or closures per
 * issue: it runs for every issue of the repository on each list request, and an issue has a
 * handful of labels.
 */
function hasLabels(issue: Issue, wanted: readonly string[]): boolean {
  for (const w of wanted) {
    let found = false;
    for (const label of issue.labels) {
      if (label.toLowerCase() === w) {
        found = true;
        break;
      }
    }
    if (!found) return false;
  }
  return true;
}
