import { PndError } from '../core/errors.ts';
import type { AdoCredential } from '../providers/azure-devops/client.ts';
import { describeAzureIdentity, type AzureCredential } from '../providers/azure/credential.ts';
import { RefreshingToken } from '../providers/token-refresh.ts';

/** Azure DevOps' application id: an Entra token for it is accepted like a PAT. */
const AZURE_DEVOPS_SCOPE = '499b84ac-1321-427f-aa17-267ca6975798/.default';

export interface GitHubCredentials {
  token: string;
  publishToken?: string;
}

/** GITHUB_TOKEN (or GH_TOKEN), and optionally the identity that publishes drafts. Never printed. */
export function gitHubCredentials(env: NodeJS.ProcessEnv, purpose: string): GitHubCredentials {
  const token = env.GITHUB_TOKEN ?? env.GH_TOKEN;
  if (!token) {
    throw new PndError('input-invalid', 'GITHUB_TOKEN is not set.', {
      details: {
        where: 'environment',
        hint: `Export GITHUB_TOKEN: ${purpose}. See docs/providers/github.md for the permissions.`,
      },
    });
  }
  return { token, ...(env.PND_GITHUB_PUBLISH_TOKEN ? { publishToken: env.PND_GITHUB_PUBLISH_TOKEN } : {}) };
}

/**
 * AZURE_DEVOPS_TOKEN as a PAT; without it, an Entra ID token for Azure DevOps from the command's
 * one Azure credential, cached and renewed 5 minutes before it expires (a train runs for hours).
 * Nothing is asked of Entra until the first Azure DevOps request: a missing sign-in is then an
 * exit 4 naming Azure DevOps (providers/azure-devops/errors.ts).
 */
export function azureDevOpsCredential(env: NodeJS.ProcessEnv, azure: AzureCredential): AdoCredential {
  if (env.AZURE_DEVOPS_TOKEN)
    return { pat: env.AZURE_DEVOPS_TOKEN, identity: 'the PAT in AZURE_DEVOPS_TOKEN' };
  const token = new RefreshingToken(azure, AZURE_DEVOPS_SCOPE);
  const { kind, clientId } = describeAzureIdentity(env);
  return {
    token: () => token.get(),
    identity: clientId
      ? `the Entra ID application ${clientId} (${kind})`
      : `the Entra ID identity of ${kind}`,
  };
}
