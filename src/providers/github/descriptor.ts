import { githubEndpointsSchema } from '../../config/schema-endpoints.ts';
import type { ProviderDescriptor } from '../descriptor.ts';
import { GitHubEnvironmentDeployer } from './environment-deployer.ts';

/** GitHub: environments with required reviewers, the weekly issue, the board, dependency PRs. */
export const github = {
  id: 'github',
  title: 'GitHub',
  docs: 'docs/providers/github.md',
  provides: ['Deployer', 'IssueTracker', 'ProjectBoard', 'DependencyPRs'],
  settings: githubEndpointsSchema,
  credentials: [
    'GITHUB_TOKEN',
    'GH_TOKEN',
    'PND_GITHUB_APP_ID + PND_GITHUB_APP_PRIVATE_KEY(_FILE) (GitHub App)',
    'PND_GITHUB_PUBLISH_TOKEN (publishes drafts)',
  ],
  deployers: {
    'github-environment': (config, context) =>
      new GitHubEnvironmentDeployer(
        config,
        context.github,
        context.repoFacts,
        config.draftRelease ? context.publisher : undefined,
        { publisherIsActionsToken: context.settings.github.publisherIsActionsToken === true },
      ),
  },
  // GET /user answers 403 to an installation token: a GitHub App is named by its bot, from GET /app.
  probe: async (context) =>
    context.settings.github.app
      ? `${(await context.github.rest.apps.getAuthenticated()).data?.slug ?? 'app'}[bot]`
      : (await context.github.rest.users.getAuthenticated()).data.login,
} satisfies ProviderDescriptor;
