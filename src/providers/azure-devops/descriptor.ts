import { azureDevOpsEndpointsSchema } from '../../config/schema-endpoints.ts';
import type { ProviderDescriptor } from '../descriptor.ts';
import { AdoBuildChangeFeed } from './build-change-feed.ts';
import { AdoReleaseDeployerImpl } from './release-deployer.ts';

/** Azure DevOps: classic release stages with approvals, and build pipelines as change feeds. */
export const azureDevOps = {
  id: 'azure-devops',
  title: 'Azure DevOps',
  docs: 'docs/providers/azure-devops.md',
  provides: ['Deployer', 'ChangeFeed'],
  settings: azureDevOpsEndpointsSchema,
  credentials: [
    'AZURE_DEVOPS_TOKEN (PAT)',
    'Entra ID through the Azure credential (GitHub OIDC federation, client secret, DefaultAzureCredential)',
  ],
  deployers: {
    'ado-release': (config, context) =>
      new AdoReleaseDeployerImpl(
        config,
        context.ado(config.organization, config.project),
        () => context.pendingApprovals(config.organization, config.project),
        () => context.recentReleases(config.organization, config.project, config.definitionId),
      ),
  },
  changeFeeds: {
    'ado-build': (config, context) =>
      new AdoBuildChangeFeed(config, context.ado(config.organization, config.project)),
  },
  // The project's pending approvals: the read every deploy day starts with.
  probe: async (context, scope) => {
    if (!scope) return 'no project to probe';
    const pending = await context.pendingApprovals(scope.organization, scope.project);
    return `${scope.organization}/${scope.project}: ${pending.length} pending approvals readable`;
  },
} satisfies ProviderDescriptor;
