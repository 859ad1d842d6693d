import { iso, isoOrNull } from '../time.ts';
import type { Release } from '../state/releases.ts';
import type { Repo } from '../state/repos.ts';
import { repoApi, repoWeb, type RenderContext } from './context.ts';
import { simpleUser } from './users.ts';

export function release(ctx: RenderContext, repo: Repo, r: Release): Record<string, unknown> {
  const api = `${repoApi(ctx, repo)}/releases/${r.id}`;
  // A draft has no tag yet: GitHub shows it under an "untagged-..." URL and without archives.
  const webTag = r.draft ? `untagged-${r.nodeId.slice(-20).toLowerCase()}` : encodeURIComponent(r.tag);
  return {
    url: api,
    assets_url: `${api}/assets`,
    upload_url: `https://uploads.github.com/repos/${repo.fullName}/releases/${r.id}/assets{?name,label}`,
    html_url: `${repoWeb(ctx, repo)}/releases/tag/${webTag}`,
    id: r.id,
    author: simpleUser(ctx, r.author),
    node_id: r.nodeId,
    tag_name: r.tag,
    target_commitish: r.targetCommitish,
    name: r.name,
    draft: r.draft,
    immutable: false,
    prerelease: r.prerelease,
    created_at: iso(r.createdAt),
    updated_at: iso(r.updatedAt),
    published_at: isoOrNull(r.publishedAt),
    assets: [],
    tarball_url: r.draft ? null : `${repoApi(ctx, repo)}/tarball/${encodeURIComponent(r.tag)}`,
    zipball_url: r.draft ? null : `${repoApi(ctx, repo)}/zipball/${encodeURIComponent(r.tag)}`,
    body: r.body,
  };
}
