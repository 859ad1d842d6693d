import { nodeId } from '../node-id.ts';
import type { Repo } from './repos.ts';
import type { GitHubStore } from './store.ts';
import type { User } from './users.ts';

export interface Release {
  id: number;
  nodeId: string;
  tag: string;
  name: string | null;
  draft: boolean;
  prerelease: boolean;
  /** The commit the tag points at (or will, once a draft is published). */
  targetSha: string;
  targetCommitish: string;
  body: string | null;
  author: User;
  createdAt: number;
  publishedAt: number | null;
  updatedAt: number;
  makeLatest: 'true' | 'false' | 'legacy';
}

export interface ReleasePatch {
  tag_name?: string;
  target_commitish?: string;
  name?: string;
  body?: string;
  draft?: boolean;
  prerelease?: boolean;
  make_latest?: 'true' | 'false' | 'legacy';
}

export function createRelease(
  store: GitHubStore,
  repo: Repo,
  release: Omit<Release, 'id' | 'nodeId'> & { id?: number },
): Release {
  const id = store.idOr('release', release.id, 190_000_001);
  const created: Release = { ...release, id, nodeId: nodeId('RE', `${repo.fullName}:${id}`) };
  repo.releases.push(created);
  return created;
}

/** Releases newest first; drafts only for callers with push access (GitHub hides them otherwise). */
export function listReleases(repo: Repo, withDrafts: boolean): Release[] {
  return repo.releases
    .filter((r) => withDrafts || !r.draft)
    .sort((a, b) => b.createdAt - a.createdAt || b.id - a.id);
}

/**
 * Applies a PATCH. Returns whether this call published a draft, which is what starts
 * `on: release` workflows.
 */
export function updateRelease(release: Release, patch: ReleasePatch, at: number): { published: boolean } {
  if (patch.tag_name !== undefined) release.tag = patch.tag_name;
  if (patch.target_commitish !== undefined) release.targetCommitish = patch.target_commitish;
  if (patch.name !== undefined) release.name = patch.name;
  if (patch.body !== undefined) release.body = patch.body;
  if (patch.prerelease !== undefined) release.prerelease = patch.prerelease;
  if (patch.make_latest !== undefined) release.makeLatest = patch.make_latest;
  let published = false;
  if (patch.draft === false && release.draft) {
    release.draft = false;
    release.publishedAt = at;
    published = true;
  } else if (patch.draft === true && !release.draft) {
    release.draft = true;
    release.publishedAt = null;
  }
  release.updatedAt = at;
  return { published };
}
