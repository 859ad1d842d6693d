import type { Mount } from '../mount.ts';
import { PREFIX } from '../prefixes.ts';
import { Router } from '../router.ts';
import type { World } from '../world.ts';
import { defineGitHubEvents } from './events.ts';
import { createGraphqlRouter } from './graphql/router.ts';
import { createGitHubProfile } from './profile.ts';
import { RateLimits } from './rate-limit.ts';
import { registerActionsRoutes } from './routes/actions.ts';
import { registerAppRoutes } from './routes/apps.ts';
import type { GitHubDeps } from './routes/common.ts';
import { registerCommitRoutes } from './routes/commits.ts';
import { registerDeploymentRoutes } from './routes/deployments.ts';
import { registerIssueRoutes } from './routes/issues.ts';
import { registerPullRoutes } from './routes/pulls.ts';
import { registerReleaseRoutes } from './routes/releases.ts';
import { registerRepoRoutes } from './routes/repos.ts';
import { registerSearchRoutes } from './routes/search.ts';
import { gitHubScenarioSchema, type GitHubScenario } from './scenario.ts';
import { Actions } from './state/actions.ts';
import { seedGitHub } from './state/seed.ts';
import { GitHubStore } from './state/store.ts';

export interface GitHubSim {
  mounts: Mount[];
  /** The state behind the mounts, for tests that look underneath the API. */
  store: GitHubStore;
}

export interface GitHubSimOptions {
  /** Loud messages (a deploy target no runtime handles, an invalid GraphQL query); default stderr. */
  warn?: (message: string) => void;
}

/** GitHub REST at `/gh` (validated against spec 'github') and GraphQL at `/gh/graphql`. */
export function createGitHubSim(
  world: World,
  scenario: GitHubScenario | undefined,
  options: GitHubSimOptions = {},
): GitHubSim {
  const warn = options.warn ?? ((message: string) => process.stderr.write(`${message}\n`));
  const store = new GitHubStore(world);
  const limits = new RateLimits(world.clock);
  const actions = new Actions(store, warn);
  seedGitHub(store, actions, scenario ?? gitHubScenarioSchema.parse({}));
  const deps: GitHubDeps = { store, actions, limits };
  defineGitHubEvents(world, deps);

  const router = new Router();
  registerRepoRoutes(router, deps);
  registerIssueRoutes(router, deps);
  registerSearchRoutes(router, deps);
  registerReleaseRoutes(router, deps);
  registerActionsRoutes(router, deps);
  registerDeploymentRoutes(router, deps);
  registerPullRoutes(router, deps);
  registerCommitRoutes(router, deps);
  registerAppRoutes(router, deps);

  const rest: Mount = {
    vendor: 'github',
    prefix: PREFIX.github,
    profile: createGitHubProfile('github', deps),
    router,
    specs: ['github'],
    conditionalGet: true,
  };
  const graphql: Mount = {
    vendor: 'github-graphql',
    prefix: PREFIX.githubGraphql,
    profile: createGitHubProfile('github-graphql', deps),
    router: createGraphqlRouter(deps, warn),
    // Validated against GitHub's public GraphQL schema instead of an OpenAPI description.
    specs: [],
  };
  return { mounts: [rest, graphql], store };
}
