import type { Router } from '../../router.ts';
import type { SimRequest, SimResponse } from '../../types.ts';
import { basicError, notFound, unprocessable, validationFailed } from '../errors.ts';
import { paginate } from '../paging.ts';
import { contextOf } from '../render/context.ts';
import { pullFull, pullSimple, review as renderReview } from '../render/pulls.ts';
import type { Issue } from '../state/issues.ts';
import { addReview, mergePull, type MergeMethod, type ReviewEvent } from '../state/pulls.ts';
import type { Repo } from '../state/repos.ts';
import { canPush } from '../state/users.ts';
import { bodyOf, callerOf, intParam, isResponse, ok, repoOf, type GitHubDeps } from './common.ts';

const MERGE_DOCS = 'https://docs.github.com/rest/pulls/pulls#merge-a-pull-request';
const REVIEW_DOCS = 'https://docs.github.com/rest/pulls/reviews#create-a-review-for-a-pull-request';

/** Pull requests: list (no author filter, as on GitHub), get, merge, reviews. */
export function registerPullRoutes(router: Router, deps: GitHubDeps): void {
  const { store } = deps;

  const pullOf = (req: SimRequest): { repo: Repo; issue: Issue } | SimResponse => {
    const repo = repoOf(deps, req);
    if (isResponse(repo)) return repo;
    const number = intParam(req, 'pull_number');
    if (isResponse(number)) return number;
    const issue = repo.issues.get(number);
    return issue?.pull ? { repo, issue } : notFound();
  };

  router.get('/repos/{owner}/{repo}/pulls', (req) => {
    const repo = repoOf(deps, req);
    if (isResponse(repo)) return repo;
    const q = req.query;
    const state = q.get('state') ?? 'open';
    const head = q.get('head');
    const base = q.get('base');
    const sort = q.get('sort') ?? 'created';
    const direction = q.get('direction') ?? (sort === 'created' ? 'desc' : 'asc');
    const key = (i: Issue): number =>
      sort === 'updated'
        ? i.updatedAt
        : sort === 'popularity'
          ? i.comments.length
          : sort === 'long-running'
            ? -i.createdAt
            : i.createdAt;
    const list = [...repo.issues.values()]
      .filter((i) => i.pull && (state === 'all' || i.state === state))
      .filter((i) => !base || i.pull!.base === base)
      // `head` is "user:ref" (or "org:ref"); the simulator keeps every branch in the base repository.
      .filter(
        (i) =>
          !head ||
          `${repo.owner.login}:${i.pull!.headRef}`.toLowerCase() === head.toLowerCase() ||
          i.pull!.headRef === head,
      )
      .sort((a, b) => (key(a) - key(b) || a.number - b.number) * (direction === 'asc' ? 1 : -1));
    const page = paginate(req, list);
    const ctx = contextOf(req);
    return ok(
      page.items.map((i) => pullSimple(ctx, repo, i)),
      page.headers,
    );
  });

  router.get('/repos/{owner}/{repo}/pulls/{pull_number}', (req) => {
    const found = pullOf(req);
    if (isResponse(found)) return found;
    return ok(pullFull(contextOf(req), found.repo, found.issue));
  });

  router.put('/repos/{owner}/{repo}/pulls/{pull_number}/merge', (req) => {
    const found = pullOf(req);
    if (isResponse(found)) return found;
    const body = bodyOf(req);
    if (isResponse(body)) return body;
    const caller = callerOf(deps, req);
    if (!canPush(caller, found.repo.fullName)) {
      return basicError(403, 'Resource not accessible by personal access token', MERGE_DOCS);
    }
    const method = (body['merge_method'] as MergeMethod | undefined) ?? 'merge';
    if (!['merge', 'squash', 'rebase'].includes(method)) {
      return validationFailed(
        [{ resource: 'PullRequest', field: 'merge_method', code: 'invalid' }],
        MERGE_DOCS,
      );
    }
    const sha = typeof body['sha'] === 'string' ? body['sha'] : undefined;
    const outcome = mergePull(store, found.repo, found.issue, caller, { method, sha });
    if (!outcome.ok) return basicError(outcome.status, outcome.message, MERGE_DOCS);
    return ok({ sha: outcome.sha, merged: true, message: 'Pull Request successfully merged' });
  });

  router.get('/repos/{owner}/{repo}/pulls/{pull_number}/reviews', (req) => {
    const found = pullOf(req);
    if (isResponse(found)) return found;
    const page = paginate(req, found.issue.pull!.reviews);
    const ctx = contextOf(req);
    return ok(
      page.items.map((r) => renderReview(ctx, found.repo, found.issue, r)),
      page.headers,
    );
  });

  router.post('/repos/{owner}/{repo}/pulls/{pull_number}/reviews', (req) => {
    const found = pullOf(req);
    if (isResponse(found)) return found;
    const body = bodyOf(req);
    if (isResponse(body)) return body;
    const result = addReview(store, found.repo, found.issue, callerOf(deps, req), {
      event: body['event'] as ReviewEvent | undefined,
      body: typeof body['body'] === 'string' ? body['body'] : undefined,
      commitId: typeof body['commit_id'] === 'string' ? body['commit_id'] : undefined,
    });
    if ('error' in result) return unprocessable([result.error], REVIEW_DOCS);
    return ok(renderReview(contextOf(req), found.repo, found.issue, result));
  });
}
