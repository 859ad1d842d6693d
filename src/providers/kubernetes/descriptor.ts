import { kubernetesClusterSchema } from '../../config/schema-endpoints.ts';
import { once, type ProviderDescriptor } from '../descriptor.ts';
import { kubernetesWorkloadRunner } from './workload-check.ts';

/** Kubernetes (AKS or any cluster): DaemonSet and Deployment rollouts. The SDK loads on first run. */
export const kubernetes = {
  id: 'kubernetes',
  title: 'Kubernetes',
  docs: 'docs/providers/kubernetes.md',
  provides: ['Check'],
  settings: kubernetesClusterSchema,
  credentials: [
    'the kubeconfig context named as the cluster',
    'PND_KUBERNETES_TOKEN_<CLUSTER> or PND_KUBERNETES_TOKEN with endpoints.kubernetes',
    'an Entra ID token for AKS (endpoints.kubernetes auth: azure)',
  ],
  checks: {
    'kubernetes-workload': (check, access, clock) => {
      // Resolved now, so a missing credential is reported before anything runs.
      const target = access.kubernetes(check.cluster);
      return kubernetesWorkloadRunner(
        check,
        once(async () =>
          (await import('./client.ts')).createKubeClients(
            target,
            access.timeoutMs ? { timeoutMs: access.timeoutMs } : {},
          ),
        ),
        clock,
        'context' in target
          ? `the user of kubeconfig context "${target.context}"`
          : (target.identity ?? 'the bearer token for the cluster'),
      );
    },
  },
} satisfies ProviderDescriptor;
