import type {
  IssueComment,
  IssueTracker,
  NewIssue,
  RepoRef,
  TrackedIssue,
} from '../../capabilities/issue-tracker.ts';
import type { GitHubClient } from './client.ts';
import { viaGitHub } from './errors.ts';

interface RestIssue {
  number: number;
  html_url: string;
  title: string;
  body?: string | null;
  state: string;
  node_id: string;
  created_at: string;
  pull_request?: unknown;
}

function tracked(issue: RestIssue): TrackedIssue {
  return {
    number: issue.number,
    url: issue.html_url,
    title: issue.title,
    body: issue.body ?? '',
    state: issue.state === 'closed' ? 'closed' : 'open',
    nodeId: issue.node_id,
    createdAt: issue.created_at,
  };
}

/** The weekly issue on GitHub Issues (REST). */
export class GitHubIssueTracker implements IssueTracker {
  readonly #github: GitHubClient;

  constructor(github: GitHubClient) {
    this.#github = github;
  }

  async findByMarker(repo: RepoRef, marker: string, options: { since: number }): Promise<TrackedIssue[]> {
    // The issues list, not search: search is eventually consistent, so a rerun right after a
    // creation could miss the issue it just made and create a second one. No label filter
    // either: a person removing a label must not make pnd create the week's issue twice.
    const recent = await this.#recent(repo, [], options.since, 'find the weekly issue');
    return recent.filter((issue) => issue.body.includes(marker));
  }

  async listRecent(repo: RepoRef, options: { labels: string[]; since: number }): Promise<TrackedIssue[]> {
    return this.#recent(repo, options.labels, options.since, 'list recent issues');
  }

  async #recent(repo: RepoRef, labels: string[], since: number, action: string): Promise<TrackedIssue[]> {
    return viaGitHub(action, async () => {
      const found: TrackedIssue[] = [];
      const pages = this.#github.paginate.iterator(this.#github.rest.issues.listForRepo, {
        ...repo,
        state: 'all',
        ...(labels.length > 0 ? { labels: labels.join(',') } : {}),
        sort: 'created',
        direction: 'desc',
        per_page: 100,
      });
      for await (const page of pages) {
        let older = false;
        for (const issue of page.data as RestIssue[]) {
          if (Date.parse(issue.created_at) < since) older = true;
          else if (!issue.pull_request) found.push(tracked(issue));
        }
        if (older) break;
      }
      return found;
    });
  }

  async get(repo: RepoRef, number: number): Promise<TrackedIssue> {
    return viaGitHub('read the weekly issue', async () =>
      tracked((await this.#github.rest.issues.get({ ...repo, issue_number: number })).data as RestIssue),
    );
  }

  async create(repo: RepoRef, issue: NewIssue): Promise<TrackedIssue> {
    return viaGitHub('create the weekly issue', async () => {
      const { data } = await this.#github.rest.issues.create({
        ...repo,
        title: issue.title,
        body: issue.body,
        labels: issue.labels,
        assignees: issue.assignees,
        ...(issue.milestone === null ? {} : { milestone: issue.milestone }),
      });
      return tracked(data as RestIssue);
    });
  }

  async updateBody(repo: RepoRef, number: number, body: string): Promise<TrackedIssue> {
    return viaGitHub('update the weekly issue', async () =>
      tracked(
        (await this.#github.rest.issues.update({ ...repo, issue_number: number, body })).data as RestIssue,
      ),
    );
  }

  async close(repo: RepoRef, number: number, comment?: string): Promise<void> {
    await viaGitHub('close last week’s issue', async () => {
      if (comment)
        await this.#github.rest.issues.createComment({ ...repo, issue_number: number, body: comment });
      await this.#github.rest.issues.update({
        ...repo,
        issue_number: number,
        state: 'closed',
        state_reason: 'completed',
      });
    });
  }

  async listComments(repo: RepoRef, number: number): Promise<IssueComment[]> {
    return viaGitHub('read the weekly issue’s comments', async () => {
      const comments = await this.#github.paginate(this.#github.rest.issues.listComments, {
        ...repo,
        issue_number: number,
        per_page: 100,
      });
      return comments.map((c) => comment(c));
    });
  }

  async comment(repo: RepoRef, number: number, body: string): Promise<IssueComment> {
    return viaGitHub('comment on the weekly issue', async () =>
      comment((await this.#github.rest.issues.createComment({ ...repo, issue_number: number, body })).data),
    );
  }

  async updateComment(repo: RepoRef, commentId: number, body: string): Promise<IssueComment> {
    return viaGitHub('update a comment on the weekly issue', async () =>
      comment((await this.#github.rest.issues.updateComment({ ...repo, comment_id: commentId, body })).data),
    );
  }
}

function comment(c: {
  id: number;
  html_url: string;
  body?: string;
  user: { login: string } | null;
  created_at: string;
}): IssueComment {
  return {
    id: c.id,
    url: c.html_url,
    body: c.body ?? '',
    author: c.user?.login ?? '',
    createdAt: c.created_at,
  };
}
