import { iso, isoOrNull } from '../time.ts';
import type { Comment, Issue } from '../state/issues.ts';
import type { Repo } from '../state/repos.ts';
import { canPush, type User } from '../state/users.ts';
import { repoApi, repoWeb, type RenderContext } from './context.ts';
import { simpleUser } from './users.ts';

export function label(ctx: RenderContext, repo: Repo, name: string): Record<string, unknown> {
  const l = repo.labels.get(name.toLowerCase())!;
  return {
    id: l.id,
    node_id: l.nodeId,
    url: `${repoApi(ctx, repo)}/labels/${encodeURIComponent(l.name)}`,
    name: l.name,
    description: l.description,
    color: l.color,
    default: false,
  };
}

/** How the author relates to the repository, as GitHub reports it. */
export function authorAssociation(repo: Repo, user: User): string {
  if (user.type === 'Bot') return 'CONTRIBUTOR';
  if (repo.owner.login === user.login) return 'OWNER';
  return canPush(user, repo.fullName) ? 'MEMBER' : 'NONE';
}

/** issue — a pull request's issue view carries `pull_request` and `draft`. */
export function issue(ctx: RenderContext, repo: Repo, i: Issue): Record<string, unknown> {
  const api = `${repoApi(ctx, repo)}/issues/${i.number}`;
  const web = `${repoWeb(ctx, repo)}/${i.pull ? 'pull' : 'issues'}/${i.number}`;
  const body: Record<string, unknown> = {
    id: i.id,
    node_id: i.nodeId,
    url: api,
    repository_url: repoApi(ctx, repo),
    labels_url: `${api}/labels{/name}`,
    comments_url: `${api}/comments`,
    events_url: `${api}/events`,
    html_url: web,
    number: i.number,
    state: i.state,
    state_reason: i.stateReason,
    title: i.title,
    body: i.body,
    user: simpleUser(ctx, i.user),
    labels: i.labels.map((name) => label(ctx, repo, name)),
    assignee: i.assignees[0] ? simpleUser(ctx, i.assignees[0]) : null,
    assignees: i.assignees.map((a) => simpleUser(ctx, a)),
    milestone: null,
    locked: false,
    active_lock_reason: null,
    comments: i.comments.length,
    closed_at: isoOrNull(i.closedAt),
    created_at: iso(i.createdAt),
    updated_at: iso(i.updatedAt),
    closed_by: i.closedBy ? simpleUser(ctx, i.closedBy) : null,
    author_association: authorAssociation(repo, i.user),
    timeline_url: `${api}/timeline`,
    performed_via_github_app: null,
    reactions: reactions(api),
  };
  if (i.pull) {
    const pullApi = `${repoApi(ctx, repo)}/pulls/${i.number}`;
    body['draft'] = i.pull.draft;
    body['pull_request'] = {
      url: pullApi,
      html_url: web,
      diff_url: `${web}.diff`,
      patch_url: `${web}.patch`,
      merged_at: isoOrNull(i.pull.mergedAt),
    };
  }
  return body;
}

export function searchItem(ctx: RenderContext, repo: Repo, i: Issue): Record<string, unknown> {
  return { ...issue(ctx, repo, i), score: 1 };
}

export function comment(ctx: RenderContext, repo: Repo, c: Comment): Record<string, unknown> {
  const web = `${repoWeb(ctx, repo)}/issues/${c.issueNumber}#issuecomment-${c.id}`;
  return {
    id: c.id,
    node_id: c.nodeId,
    url: `${repoApi(ctx, repo)}/issues/comments/${c.id}`,
    html_url: web,
    body: c.body,
    user: simpleUser(ctx, c.user),
    created_at: iso(c.createdAt),
    updated_at: iso(c.updatedAt),
    issue_url: `${repoApi(ctx, repo)}/issues/${c.issueNumber}`,
    author_association: authorAssociation(repo, c.user),
    performed_via_github_app: null,
    reactions: reactions(`${repoApi(ctx, repo)}/issues/comments/${c.id}`),
  };
}

function reactions(api: string): Record<string, unknown> {
  return {
    url: `${api}/reactions`,
    total_count: 0,
    '+1': 0,
    '-1': 0,
    laugh: 0,
    hooray: 0,
    confused: 0,
    heart: 0,
    rocket: 0,
    eyes: 0,
  };
}
