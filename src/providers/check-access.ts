import type { TokenCredential } from '@azure/core-auth';
import type { AzureClientOptions } from './azure/clients.ts';
import type { KubeTarget } from './kubernetes/client.ts';

/**
 * How the checks reach the vendors. Production: the public ARM endpoint with
 * DefaultAzureCredential, and a kubeconfig context (or `endpoints.kubernetes`) per cluster. Tests
 * and the demo: the simulator's URLs, its CA and static credentials.
 */
export interface CheckAccess {
  /** PEM of the CA that signs the ARM endpoint's certificate (the simulator's); default Node's. */
  ca?: string;
  /** Without a credential, DefaultAzureCredential (created with the client, when a check runs). */
  arm: { endpoint?: string; credential?: TokenCredential; retry?: AzureClientOptions['retry'] };
  /** Real milliseconds one request may take (default 30 s each for ARM and Kubernetes). */
  timeoutMs?: number;
  /** The API server (or kubeconfig context) of a cluster named in a check. */
  kubernetes: (cluster: string) => KubeTarget;
}
