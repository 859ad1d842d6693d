import { iso, isoOrNull } from '../time.ts';
import type { Issue } from '../state/issues.ts';
import { mergeableState, type Review } from '../state/pulls.ts';
import type { Repo } from '../state/repos.ts';
import { repoApi, repoWeb, type RenderContext } from './context.ts';
import { authorAssociation, label } from './issues.ts';
import { repository } from './repos.ts';
import { simpleUser } from './users.ts';

/** pull-request-simple, as the list endpoint returns it. */
export function pullSimple(ctx: RenderContext, repo: Repo, i: Issue): Record<string, unknown> {
  const pull = i.pull!;
  const api = `${repoApi(ctx, repo)}/pulls/${i.number}`;
  const web = `${repoWeb(ctx, repo)}/pull/${i.number}`;
  const issueApi = `${repoApi(ctx, repo)}/issues/${i.number}`;
  const ref = (branch: string, sha: string): Record<string, unknown> => ({
    label: `${repo.owner.login}:${branch}`,
    ref: branch,
    sha,
    user: simpleUser(ctx, repo.owner),
    repo: repository(ctx, repo),
  });
  return {
    url: api,
    id: pull.id,
    node_id: pull.nodeId,
    html_url: web,
    diff_url: `${web}.diff`,
    patch_url: `${web}.patch`,
    issue_url: issueApi,
    commits_url: `${api}/commits`,
    review_comments_url: `${api}/comments`,
    review_comment_url: `${repoApi(ctx, repo)}/pulls/comments{/number}`,
    comments_url: `${issueApi}/comments`,
    statuses_url: `${repoApi(ctx, repo)}/statuses/${pull.headSha}`,
    number: i.number,
    state: i.state,
    locked: false,
    title: i.title,
    user: simpleUser(ctx, i.user),
    body: i.body,
    // The description types a pull request label's description as a string (an issue's may be null).
    labels: i.labels.map((name) => ({
      ...label(ctx, repo, name),
      description: repo.labels.get(name.toLowerCase())?.description ?? '',
    })),
    milestone: null,
    active_lock_reason: null,
    created_at: iso(i.createdAt),
    updated_at: iso(i.updatedAt),
    closed_at: isoOrNull(i.closedAt),
    merged_at: isoOrNull(pull.mergedAt),
    merge_commit_sha: pull.mergeCommitSha,
    assignee: i.assignees[0] ? simpleUser(ctx, i.assignees[0]) : null,
    assignees: i.assignees.map((a) => simpleUser(ctx, a)),
    requested_reviewers: [],
    requested_teams: [],
    head: ref(pull.headRef, pull.headSha),
    base: ref(pull.base, shaOfBase(repo, pull.base)),
    _links: {
      self: { href: api },
      html: { href: web },
      issue: { href: issueApi },
      comments: { href: `${issueApi}/comments` },
      review_comments: { href: `${api}/comments` },
      review_comment: { href: `${repoApi(ctx, repo)}/pulls/comments{/number}` },
      commits: { href: `${api}/commits` },
      statuses: { href: `${repoApi(ctx, repo)}/statuses/${pull.headSha}` },
    },
    author_association: authorAssociation(repo, i.user),
    auto_merge: null,
    draft: pull.draft,
  };
}

/** pull-request, as the single-PR endpoint returns it (with mergeability). */
export function pullFull(ctx: RenderContext, repo: Repo, i: Issue): Record<string, unknown> {
  const pull = i.pull!;
  return {
    ...pullSimple(ctx, repo, i),
    merged: pull.merged,
    mergeable: pull.merged || i.state === 'closed' ? null : pull.mergeable,
    rebaseable: pull.mergeable,
    mergeable_state: mergeableState(repo, i),
    merged_by: pull.mergedBy ? simpleUser(ctx, pull.mergedBy) : null,
    comments: i.comments.length,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: 1,
    additions: 12,
    deletions: 4,
    changed_files: 2,
  };
}

export function review(ctx: RenderContext, repo: Repo, i: Issue, r: Review): Record<string, unknown> {
  const web = `${repoWeb(ctx, repo)}/pull/${i.number}`;
  return {
    id: r.id,
    node_id: r.nodeId,
    user: simpleUser(ctx, r.user),
    body: r.body,
    state: r.state,
    html_url: `${web}#pullrequestreview-${r.id}`,
    pull_request_url: `${repoApi(ctx, repo)}/pulls/${i.number}`,
    _links: {
      html: { href: `${web}#pullrequestreview-${r.id}` },
      pull_request: { href: `${repoApi(ctx, repo)}/pulls/${i.number}` },
    },
    ...(r.submittedAt !== null ? { submitted_at: iso(r.submittedAt) } : {}),
    commit_id: r.commitId,
    author_association: authorAssociation(repo, r.user),
  };
}

/** The base branch head is not modelled; a stable SHA per branch keeps responses consistent. */
function shaOfBase(repo: Repo, branch: string): string {
  let h = 0;
  for (const c of `${repo.fullName}:${branch}`) h = (h * 33 + c.charCodeAt(0)) >>> 0;
  return h.toString(16).padStart(8, '0').repeat(5);
}
