import { Router } from '../../router.ts';
import type { GitHubDeps } from '../routes/common.ts';

/**
 * `POST /graphql`. The handler, graphql-js (~130 modules) and GitHub's schema are loaded on the
 * first GraphQL request, not at start: a simulator serving REST only never holds them (memory,
 * issue 12 item 11).
 */
export function createGraphqlRouter(deps: GitHubDeps, warn: (message: string) => void): Router {
  const router = new Router();
  router.post('/', async (req) => {
    const { handleGraphql } = await import('./handler.ts');
    return handleGraphql(deps, warn, req);
  });
  return router;
}
