import type { Router } from '../../router.ts';
import { gitHubPrincipal } from '../profile.ts';
import type { Resource } from '../rate-limit.ts';
import { contextOf } from '../render/context.ts';
import { fullRepository } from '../render/repos.ts';
import { privateUser } from '../render/users.ts';
import { callerOf, isResponse, ok, repoOf, type GitHubDeps } from './common.ts';

/** The repository, the caller (`GET /user`) and `GET /rate_limit` (which costs nothing). */
export function registerRepoRoutes(router: Router, deps: GitHubDeps): void {
  router.get('/repos/{owner}/{repo}', (req) => {
    const repo = repoOf(deps, req);
    if (isResponse(repo)) return repo;
    return ok(fullRepository(contextOf(req), repo, callerOf(deps, req)));
  });

  router.get('/user', (req) => ok(privateUser(contextOf(req), callerOf(deps, req))));

  router.get('/rate_limit', (req) => {
    const p = gitHubPrincipal(req.principal);
    const view = (resource: Resource) => {
      const w = deps.limits.window(p.token, resource, p.limit);
      return {
        limit: w.limit,
        used: w.used,
        remaining: Math.max(0, w.limit - w.used),
        reset: Math.ceil(w.reset / 1000),
      };
    };
    const core = view('core');
    return ok({ resources: { core, search: view('search'), graphql: view('graphql') }, rate: core });
  });
}
