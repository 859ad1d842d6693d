import type { Router } from '../../router.ts';
import { notFound } from '../errors.ts';
import { fullSha, shaFor } from '../node-id.ts';
import { paginate } from '../paging.ts';
import { contextOf } from '../render/context.ts';
import { checkRun, combinedStatus, simpleStatus } from '../render/commits.ts';
import { combinedState, latestCheckRuns, latestStatuses, resolveRef } from '../state/commits.ts';
import type { Repo } from '../state/repos.ts';
import { isResponse, ok, repoOf, type GitHubDeps } from './common.ts';

/** CI of a commit: the combined status (older status API) and check runs. */
export function registerCommitRoutes(router: Router, deps: GitHubDeps): void {
  /** A SHA, branch or tag; an unknown SHA-looking ref is a commit without CI. */
  const shaOf = (repo: Repo, ref: string): string | undefined =>
    resolveRef(repo, ref) ??
    (/^[0-9a-f]{7,40}$/.test(ref)
      ? fullSha(ref)
      : ref === repo.defaultBranch
        ? shaFor(`${repo.fullName}:${ref}`)
        : undefined);

  router.get('/repos/{owner}/{repo}/commits/{ref}/status', (req) => {
    const repo = repoOf(deps, req);
    if (isResponse(repo)) return repo;
    const sha = shaOf(repo, req.params['ref'] ?? '');
    if (!sha) return notFound();
    const all = repo.statuses.get(sha) ?? [];
    const latest = latestStatuses(all);
    const page = paginate(req, latest);
    const ctx = contextOf(req);
    return ok(
      combinedStatus(
        ctx,
        repo,
        sha,
        combinedState(all),
        page.items.map((s) => simpleStatus(ctx, repo, s)),
        latest.length,
      ),
      page.headers,
    );
  });

  router.get('/repos/{owner}/{repo}/commits/{ref}/check-runs', (req) => {
    const repo = repoOf(deps, req);
    if (isResponse(repo)) return repo;
    const sha = shaOf(repo, req.params['ref'] ?? '');
    if (!sha) return notFound();
    const q = req.query;
    const all = repo.checkRuns.get(sha) ?? [];
    const list = (q.get('filter') === 'all' ? all : latestCheckRuns(all))
      .filter((c) => !q.get('check_name') || c.name === q.get('check_name'))
      .filter((c) => !q.get('status') || c.status === q.get('status'));
    const page = paginate(req, list);
    const ctx = contextOf(req);
    return ok(
      { total_count: list.length, check_runs: page.items.map((c) => checkRun(ctx, repo, c)) },
      page.headers,
    );
  });
}
