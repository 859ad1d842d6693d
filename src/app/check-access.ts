import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { CheckAccess } from '../providers/registry.ts';
import type { Estate } from '../config/schema.ts';
import { PndError } from '../core/errors.ts';
import { RefreshingToken } from '../providers/token-refresh.ts';
import type { AzureCredential } from '../providers/azure/credential.ts';

/** The AKS Entra ID server application (the same in every tenant; kubelogin's --server-id). */
export const AKS_SCOPE = '6dae42f8-4368-4678-94ff-3960e28e3630/.default';

/** PND_KUBERNETES_TOKEN_<CLUSTER>: the cluster name upper-cased, anything else than A-Z0-9 as _. */
export function clusterTokenVariable(cluster: string): string {
  return `PND_KUBERNETES_TOKEN_${cluster.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/**
 * How the checks reach the vendors in production: ARM at the configured endpoint with the
 * command's Azure credential; a cluster through the kubeconfig context of the same name (what
 * `az aks get-credentials` creates), or through `endpoints.kubernetes` with its own bearer token
 * (PND_KUBERNETES_TOKEN_<CLUSTER>, else PND_KUBERNETES_TOKEN) or, with `auth: azure`, an Entra ID
 * token for AKS from the same Azure credential, renewed before it expires.
 */
export function checkAccessFor(
  estate: Estate,
  configFile: string,
  env: NodeJS.ProcessEnv,
  azure?: AzureCredential,
): CheckAccess {
  const aksTokens = new Map<string, RefreshingToken>();
  return {
    arm: { endpoint: estate.endpoints.azureResourceManager.url, ...(azure ? { credential: azure } : {}) },
    kubernetes: (cluster) => {
      const configured = estate.endpoints.kubernetes?.[cluster];
      if (!configured) return { context: cluster };
      const ca = configured.caFile
        ? readFileSync(resolve(dirname(configFile), configured.caFile), 'utf8')
        : undefined;
      const target = { server: configured.server, name: cluster, ...(ca ? { ca } : {}) };
      if (configured.auth === 'azure' && azure) {
        let tokens = aksTokens.get(cluster);
        if (!tokens) aksTokens.set(cluster, (tokens = new RefreshingToken(azure, AKS_SCOPE)));
        const shared = tokens;
        return { ...target, token: () => shared.get(), identity: 'the Azure credential (Entra ID, AKS)' };
      }
      const variable = clusterTokenVariable(cluster);
      const own = env[variable];
      const token = own ?? env.PND_KUBERNETES_TOKEN;
      if (!token) {
        throw new PndError('credential-missing', `No Kubernetes token for cluster ${cluster} is set.`, {
          details: {
            where: `endpoints.kubernetes.${cluster}`,
            vendor: 'Kubernetes',
            credential: `${variable} or PND_KUBERNETES_TOKEN`,
            hint: `Export ${variable} (or PND_KUBERNETES_TOKEN for every cluster) with a bearer token that may get and list DaemonSets, Deployments and Pods, set \`auth: azure\` for AKS with Entra ID, or remove the entry to use the kubeconfig context of that name.`,
          },
        });
      }
      return { ...target, token, identity: own ? variable : 'PND_KUBERNETES_TOKEN' };
    },
  };
}
