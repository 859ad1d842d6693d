/**
 * The capability interfaces the engine depends on (DESIGN.md §5). Providers implement them; the
 * engine never builds a URL or knows a vendor.
 */

export interface RepoRef {
  owner: string;
  repo: string;
}

export interface TrackedIssue {
  number: number;
  url: string;
  title: string;
  body: string;
  state: 'open' | 'closed';
  /** GraphQL node id, for the project board. */
  nodeId: string;
  createdAt: string;
}

export interface NewIssue {
  title: string;
  body: string;
  labels: string[];
  assignees: string[];
  milestone: number | null;
}

export interface IssueTracker {
  /** The issues carrying `marker` in their body, newest first; looks back no further than `since`. */
  findByMarker(repo: RepoRef, marker: string, options: { since: number }): Promise<TrackedIssue[]>;
  /** Issues with all these labels created since `since`, newest first (pull requests excluded). */
  listRecent(repo: RepoRef, options: { labels: string[]; since: number }): Promise<TrackedIssue[]>;
  /** Re-reads one issue (before every write: a person may have edited it meanwhile). */
  get(repo: RepoRef, number: number): Promise<TrackedIssue>;
  create(repo: RepoRef, issue: NewIssue): Promise<TrackedIssue>;
  updateBody(repo: RepoRef, number: number, body: string): Promise<TrackedIssue>;
  close(repo: RepoRef, number: number, comment?: string): Promise<void>;
  /** Every comment of the issue, oldest first (pnd finds its own by a hidden key marker). */
  listComments(repo: RepoRef, number: number): Promise<IssueComment[]>;
  comment(repo: RepoRef, number: number, body: string): Promise<IssueComment>;
  /** Replaces the body of one of pnd's own comments (a summary that a later run completes). */
  updateComment(repo: RepoRef, commentId: number, body: string): Promise<IssueComment>;
}

export interface IssueComment {
  id: number;
  url: string;
  body: string;
  author: string;
  createdAt: string;
}

export interface BoardRef {
  ownerType: 'organization' | 'user';
  owner: string;
  number: number;
}

export interface BoardResult {
  itemId: string;
  added: boolean;
  /** Field names whose value was changed. */
  changed: string[];
}

export interface ProjectBoard {
  /**
   * Puts the issue on the board and sets single-select fields by field and option *names*;
   * changes nothing that is already so. `dryRun` resolves and compares without writing.
   */
  ensureItem(
    board: BoardRef,
    contentNodeId: string,
    fields: Record<string, string>,
    dryRun: boolean,
  ): Promise<BoardResult>;
}
