import { iso, isoOrNull } from '../time.ts';
import { appNodeId } from '../node-id.ts';
import { APPS, type CheckRun, type CommitStatus } from '../state/commits.ts';
import type { Repo } from '../state/repos.ts';
import { repoApi, repoWeb, type RenderContext } from './context.ts';
import { minimalRepo } from './repos.ts';

export function simpleStatus(ctx: RenderContext, repo: Repo, s: CommitStatus): Record<string, unknown> {
  return {
    url: `${repoApi(ctx, repo)}/statuses/${s.sha}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${s.creator.id}?v=4`,
    id: s.id,
    node_id: s.nodeId,
    state: s.state,
    description: s.description,
    target_url: s.targetUrl,
    context: s.context,
    created_at: iso(s.createdAt),
    updated_at: iso(s.updatedAt),
  };
}

export function combinedStatus(
  ctx: RenderContext,
  repo: Repo,
  sha: string,
  state: string,
  statuses: Record<string, unknown>[],
  totalCount: number,
): Record<string, unknown> {
  return {
    state,
    statuses,
    sha,
    total_count: totalCount,
    repository: minimalRepo(ctx, repo),
    commit_url: `${repoApi(ctx, repo)}/commits/${sha}`,
    url: `${repoApi(ctx, repo)}/commits/${sha}/status`,
  };
}

export function integration(ctx: RenderContext, slug: string): Record<string, unknown> {
  const app = APPS[slug] ?? { id: 1, name: slug, owner: slug };
  const at = iso(Date.UTC(2018, 7, 1));
  return {
    id: app.id,
    slug,
    node_id: appNodeId(app.id),
    owner: {
      login: app.owner,
      id: app.id * 10,
      node_id: `MDEyOk9yZ2FuaXphdGlvbj${app.id}`,
      avatar_url: `https://avatars.githubusercontent.com/u/${app.id * 10}?v=4`,
      gravatar_id: '',
      url: `${ctx.api}/users/${app.owner}`,
      html_url: `${ctx.web}/${app.owner}`,
      followers_url: `${ctx.api}/users/${app.owner}/followers`,
      following_url: `${ctx.api}/users/${app.owner}/following{/other_user}`,
      gists_url: `${ctx.api}/users/${app.owner}/gists{/gist_id}`,
      starred_url: `${ctx.api}/users/${app.owner}/starred{/owner}{/repo}`,
      subscriptions_url: `${ctx.api}/users/${app.owner}/subscriptions`,
      organizations_url: `${ctx.api}/users/${app.owner}/orgs`,
      repos_url: `${ctx.api}/users/${app.owner}/repos`,
      events_url: `${ctx.api}/users/${app.owner}/events{/privacy}`,
      received_events_url: `${ctx.api}/users/${app.owner}/received_events`,
      type: 'Organization',
      user_view_type: 'public',
      site_admin: false,
    },
    name: app.name,
    description: '',
    external_url: `https://github.com/apps/${slug}`,
    html_url: `${ctx.web}/apps/${slug}`,
    created_at: at,
    updated_at: at,
    permissions: { checks: 'write', metadata: 'read' },
    events: [],
  };
}

export function checkRun(ctx: RenderContext, repo: Repo, c: CheckRun): Record<string, unknown> {
  const api = `${repoApi(ctx, repo)}/check-runs/${c.id}`;
  const web = `${repoWeb(ctx, repo)}/runs/${c.id}`;
  return {
    id: c.id,
    name: c.name,
    node_id: c.nodeId,
    head_sha: c.headSha,
    external_id: '',
    url: api,
    html_url: web,
    details_url: web,
    status: c.status,
    conclusion: c.conclusion,
    started_at: iso(c.startedAt),
    completed_at: isoOrNull(c.completedAt),
    output: {
      title: c.conclusion === 'failure' ? `${c.name} failed` : null,
      summary: null,
      text: null,
      annotations_count: 0,
      annotations_url: `${api}/annotations`,
    },
    check_suite: { id: c.checkSuiteId },
    app: integration(ctx, c.app),
    pull_requests: [],
  };
}
