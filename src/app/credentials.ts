import { PndError } from '../core/errors.ts';
import type { AdoCredential } from '../providers/azure-devops/client.ts';
import { entraTokenFor } from '../providers/azure/entra.ts';

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
 * AZURE_DEVOPS_TOKEN as a PAT; without it, an Entra ID token from the platform's credential chain
 * (az login, workload identity, managed identity) for Azure DevOps.
 */
export async function azureDevOpsCredential(env: NodeJS.ProcessEnv): Promise<AdoCredential> {
  if (env.AZURE_DEVOPS_TOKEN) return { pat: env.AZURE_DEVOPS_TOKEN };
  try {
    return { bearer: await entraTokenFor(AZURE_DEVOPS_SCOPE) };
  } catch (cause) {
    throw new PndError('auth-failed', 'No Azure DevOps credential was found.', {
      cause,
      details: {
        where: 'environment',
        hint: 'Export AZURE_DEVOPS_TOKEN with a PAT that has Release (read, write & execute) and Build (read), or sign in with `az login`.',
      },
    });
  }
}
