import { z } from 'zod';
import { duration, httpsUrl, remoteName } from './formats.ts';

/**
 * Where the vendor APIs live. The defaults are the public clouds; tests and `pnd demo` point them at
 * the estate simulator, which serves HTTPS too — so plain http is never needed and never allowed.
 */

export const DEFAULT_GITHUB_API_URL = 'https://api.github.com';

/** GitHub's GraphQL endpoint next to a REST base URL: github.com, or GHES's /api/v3 → /api/graphql. */
export function graphqlUrlFor(apiUrl: string): string {
  const base = apiUrl.replace(/\/+$/, '');
  if (base === DEFAULT_GITHUB_API_URL) return `${base}/graphql`;
  if (base.endsWith('/api/v3')) return `${base.slice(0, -'/v3'.length)}/graphql`;
  return `${base}/graphql`;
}

/** Also validates GITHUB_API_URL when it stands in for a missing apiUrl. */
export const githubApiUrlSchema = httpsUrl(
  'REST API base URL. When omitted, the GITHUB_API_URL environment variable (set in GitHub Actions and by the simulator) is used, else the default.',
);

export const githubEndpointsSchema = z
  .strictObject({
    apiUrl: githubApiUrlSchema.default(DEFAULT_GITHUB_API_URL),
    graphqlUrl: httpsUrl('GraphQL API URL (Projects v2). Derived from apiUrl when omitted.').optional(),
    writeSpacing: z
      .strictObject({
        write: duration('Pause between two requests that create or change content.').default('1s'),
        notifying: duration(
          'Pause before a request that notifies people (comments, reviews, merges, releases).',
        ).default('3s'),
      })
      .prefault({})
      .describe(
        "How far apart pnd sends GitHub requests that create content, per GitHub's guidance against secondary rate limits (at least 1 s, 3 s for ones that notify). Reads are never spaced. Lower it only for a GitHub Enterprise Server whose administrators turned secondary rate limits off.",
      ),
  })
  // Resolved here so that consumers always get a GraphQL URL that matches the REST one.
  .transform((github) => ({ ...github, graphqlUrl: github.graphqlUrl ?? graphqlUrlFor(github.apiUrl) }))
  .describe('GitHub (github.com or GitHub Enterprise Server).');

export const azureDevOpsEndpointsSchema = z
  .strictObject({
    releaseUrl: httpsUrl('Release Management API base URL (classic releases and approvals).').default(
      'https://vsrm.dev.azure.com',
    ),
    buildUrl: httpsUrl('Core API base URL (builds, used by change feeds).').default('https://dev.azure.com'),
  })
  .describe('Azure DevOps Services.');

export const azureResourceManagerEndpointsSchema = z
  .strictObject({
    url: httpsUrl('Azure Resource Manager base URL.').default('https://management.azure.com'),
  })
  .describe('Azure Resource Manager (Container Apps, Function Apps).');

export const kubernetesClusterSchema = z
  .strictObject({
    server: httpsUrl('API server URL of the cluster.'),
    caFile: remoteName('PEM file with the CA that signed the API server certificate.').optional(),
    auth: z
      .enum(['token', 'azure'])
      .default('token')
      .describe(
        'token: a bearer token from PND_KUBERNETES_TOKEN_<CLUSTER> (the name upper-cased, other characters as _), else PND_KUBERNETES_TOKEN. azure: an Entra ID token for the AKS server application from the Azure credential (AKS with Entra ID integration), renewed before expiry.',
      ),
  })
  .describe('How to reach one cluster without a kubeconfig context.');

export const endpointsSchema = z
  .strictObject({
    github: githubEndpointsSchema.prefault({}),
    azureDevOps: azureDevOpsEndpointsSchema.prefault({}),
    azureResourceManager: azureResourceManagerEndpointsSchema.prefault({}),
    kubernetes: z
      .record(z.string().min(1), kubernetesClusterSchema)
      .optional()
      .describe(
        'Per cluster name used in checks: its API server. Clusters not listed are looked up as kubeconfig contexts.',
      ),
  })
  .describe('Base URLs of the vendor APIs. Omit the section to use the public clouds.');

export type GithubEndpoints = z.output<typeof githubEndpointsSchema>;
export type KubernetesCluster = z.output<typeof kubernetesClusterSchema>;
export type Endpoints = z.output<typeof endpointsSchema>;
