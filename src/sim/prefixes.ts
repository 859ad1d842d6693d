/**
 * Where each vendor API is mounted on the simulator's one HTTPS port. Clients are configured with
 * `base + prefix` exactly as they would be with the vendor's host (see the README's "simulator").
 * No vendor uses these prefixes, nor `/_sim` (the control API).
 */
export const PREFIX = {
  github: '/gh',
  githubGraphql: '/gh/graphql',
  azureDevOpsRelease: '/ado/vsrm',
  azureDevOpsBuild: '/ado/dev',
  arm: '/arm',
  /** Followed by the cluster name: `/k8s/platform-staging-02-aks`. */
  kubernetes: '/k8s',
  /** Entra ID (login.microsoftonline.com): AZURE_AUTHORITY_HOST. */
  entra: '/entra',
  /** GitHub Actions' OIDC token service and issuer (token.actions.githubusercontent.com). */
  actionsOidc: '/gh-oidc',
} as const;
