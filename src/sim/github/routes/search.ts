import type { Router } from '../../router.ts';
import { validationFailed } from '../errors.ts';
import { paginate } from '../paging.ts';
import { contextOf } from '../render/context.ts';
import { searchItem } from '../render/issues.ts';
import { parseIssueQuery, searchIssues } from '../search/query.ts';
import { ok, type GitHubDeps } from './common.ts';

/** `GET /search/issues`: its own rate limit (30/min) is charged by the profile. */
export function registerSearchRoutes(router: Router, deps: GitHubDeps): void {
  router.get('/search/issues', (req) => {
    const q = req.query.get('q') ?? '';
    if (q.trim().length === 0) return validationFailed([{ resource: 'Search', field: 'q', code: 'missing' }]);
    if (q.length > 256) {
      return validationFailed([
        {
          resource: 'Search',
          field: 'q',
          code: 'invalid',
          message: 'The search is longer than 256 characters.',
        },
      ]);
    }
    const sort = req.query.get('sort') as 'created' | 'updated' | 'comments' | null;
    const order = req.query.get('order') === 'asc' ? 'asc' : 'desc';
    const { hits, missingRepos } = searchIssues(deps.store, parseIssueQuery(q), sort, order);
    if (missingRepos.length > 0) {
      return validationFailed([
        {
          resource: 'Search',
          field: 'q',
          code: 'invalid',
          message:
            'The listed users and repositories cannot be searched either because the resources do not exist or you do not have permission to view them.',
        },
      ]);
    }
    // GitHub serves at most 1,000 results of a search.
    const page = paginate(req, hits, 1000);
    const ctx = contextOf(req);
    return ok(
      {
        total_count: hits.length,
        incomplete_results: false,
        items: page.items.map((h) => searchItem(ctx, h.repo, h.issue)),
        search_type: 'lexical',
      },
      page.headers,
    );
  });
}
