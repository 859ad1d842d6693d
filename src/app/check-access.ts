import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { CheckAccess } from '../providers/registry.ts';
import type { Estate } from '../config/schema.ts';
import { PndError } from '../core/errors.ts';

/**
 * How the checks reach the vendors in production: ARM at the configured endpoint with the
 * platform's credential chain (az login, workload or managed identity); a cluster through the
 * kubeconfig context of the same name (what `az aks get-credentials` creates), or through
 * `endpoints.kubernetes` with a bearer token from PND_KUBERNETES_TOKEN.
 */
export function checkAccessFor(estate: Estate, configFile: string, env: NodeJS.ProcessEnv): CheckAccess {
  return {
    // No credential: the ARM clients use DefaultAzureCredential, loaded with them when a check runs.
    arm: { endpoint: estate.endpoints.azureResourceManager.url },
    kubernetes: (cluster) => {
      const configured = estate.endpoints.kubernetes?.[cluster];
      if (!configured) return { context: cluster };
      const token = env.PND_KUBERNETES_TOKEN;
      if (!token) {
        throw new PndError('input-invalid', 'PND_KUBERNETES_TOKEN is not set.', {
          details: {
            where: `endpoints.kubernetes.${cluster}`,
            hint: 'Export a bearer token that may get and list DaemonSets, Deployments and Pods, or remove the entry to use the kubeconfig context of that name.',
          },
        });
      }
      const ca = configured.caFile
        ? readFileSync(resolve(dirname(configFile), configured.caFile), 'utf8')
        : undefined;
      return { server: configured.server, token, name: cluster, ...(ca ? { ca } : {}) };
    },
  };
}
