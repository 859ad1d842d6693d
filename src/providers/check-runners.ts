import type { TokenCredential } from '@azure/core-auth';
import type { Check } from '../config/schema.ts';
import type { Clock } from '../core/clock.ts';
import { createContainerAppsClient, createWebSiteClient } from './azure/clients.ts';
import { createKubeClients, type KubeTarget } from './kubernetes/client.ts';
import { containerAppRunner } from './azure/container-app-check.ts';
import { functionAppRunner } from './azure/function-app-check.ts';
import { kubernetesWorkloadRunner } from './kubernetes/workload-check.ts';
import type { CheckRunner } from '../capabilities/check.ts';

/**
 * How the checks reach the vendors. Production: the public ARM endpoint with
 * DefaultAzureCredential, and a kubeconfig context (or `endpoints.kubernetes`) per cluster. Tests
 * and the demo: the simulator's URLs, its CA and static credentials.
 */
export interface CheckAccess {
  /** PEM of the CA that signs the ARM endpoint's certificate (the simulator's); default Node's. */
  ca?: string;
  arm: { endpoint?: string; credential?: TokenCredential };
  /** The API server (or kubeconfig context) of a cluster named in a check. */
  kubernetes: (cluster: string) => KubeTarget;
}

/** The one place that lists the check kinds: a new kind is a runner file and a line here. */
export function createCheckRunner(check: Check, access: CheckAccess, clock: Clock): CheckRunner {
  const arm = { endpoint: access.arm.endpoint, credential: access.arm.credential, ca: access.ca };
  switch (check.kind) {
    case 'kubernetes-workload':
      return kubernetesWorkloadRunner(check, createKubeClients(access.kubernetes(check.cluster)), clock);
    case 'container-app':
      return containerAppRunner(check, createContainerAppsClient(check.subscriptionId, arm), clock);
    case 'function-app':
      return functionAppRunner(check, createWebSiteClient(check.subscriptionId, arm), clock);
  }
}
