import { gitHubPrincipal } from '../profile.ts';
import type { Router } from '../../router.ts';
import type { SimRequest, SimResponse } from '../../types.ts';
import { notFound, validationFailed } from '../errors.ts';
import { paginate } from '../paging.ts';
import { contextOf } from '../render/context.ts';
import { release as renderRelease } from '../render/releases.ts';
import { listReleases, updateRelease, type Release, type ReleasePatch } from '../state/releases.ts';
import type { Repo } from '../state/repos.ts';
import { canPush } from '../state/users.ts';
import { bodyOf, callerOf, intParam, isResponse, ok, repoOf, type GitHubDeps } from './common.ts';

/**
 * Releases. Drafts exist only for callers with push access. Publishing a draft (PATCH draft:false)
 * starts the repository's `on: release` workflows as the publishing user.
 */
export function registerReleaseRoutes(router: Router, deps: GitHubDeps): void {
  const { store, actions } = deps;

  const releaseOf = (req: SimRequest): { repo: Repo; release: Release; push: boolean } | SimResponse => {
    const repo = repoOf(deps, req);
    if (isResponse(repo)) return repo;
    const id = intParam(req, 'release_id');
    if (isResponse(id)) return id;
    const push = canPush(callerOf(deps, req), repo.fullName);
    const release = repo.releases.find((r) => r.id === id && (push || !r.draft));
    return release ? { repo, release, push } : notFound();
  };

  router.get('/repos/{owner}/{repo}/releases', (req) => {
    const repo = repoOf(deps, req);
    if (isResponse(repo)) return repo;
    const list = listReleases(repo, canPush(callerOf(deps, req), repo.fullName));
    const page = paginate(req, list);
    const ctx = contextOf(req);
    return ok(
      page.items.map((r) => renderRelease(ctx, repo, r)),
      page.headers,
    );
  });

  router.get('/repos/{owner}/{repo}/releases/{release_id}', (req) => {
    const found = releaseOf(req);
    if (isResponse(found)) return found;
    return ok(renderRelease(contextOf(req), found.repo, found.release));
  });

  router.patch('/repos/{owner}/{repo}/releases/{release_id}', (req) => {
    const found = releaseOf(req);
    if (isResponse(found)) return found;
    const { repo, release, push } = found;
    if (!push) return notFound();
    const body = bodyOf(req);
    if (isResponse(body)) return body;
    const patch = body as ReleasePatch;
    if (
      patch.tag_name !== undefined &&
      repo.releases.some((r) => r !== release && r.tag === patch.tag_name && !r.draft)
    ) {
      return validationFailed([{ resource: 'Release', code: 'already_exists', field: 'tag_name' }]);
    }
    const { published } = updateRelease(release, patch, store.now());
    // Events made with an Actions GITHUB_TOKEN start no workflow run (GitHub's rule against
    // recursive runs; "Triggering a workflow from a workflow" in the Actions docs).
    const byActionsToken = deps.store.tokens.get(gitHubPrincipal(req.principal).token)?.actions === true;
    if (published && !byActionsToken) {
      const caller = callerOf(deps, req);
      for (const workflow of repo.workflows.filter((w) => w.on === 'release')) {
        actions.start(repo, workflow, {
          event: 'release',
          headSha: release.targetSha,
          headBranch: release.tag,
          actor: caller,
        });
      }
    }
    return ok(renderRelease(contextOf(req), repo, release));
  });
}
