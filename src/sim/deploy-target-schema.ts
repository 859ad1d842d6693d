import { z } from 'zod';

/**
 * A deploy target in a scenario: where a deployer's job lands (an Azure DevOps release stage, a
 * GitHub Actions job). Mirrors `DeployTarget` in world.ts; the runtime simulations (Kubernetes,
 * ARM) roll the target when the deploy job runs.
 */
export const deployTargetSchema = z
  .discriminatedUnion('kind', [
    z
      .object({
        kind: z.literal('kubernetes-workload'),
        cluster: z.string().describe('Cluster name as in the kubernetes section.'),
        namespace: z.string().default('default'),
        workloadKind: z.enum(['DaemonSet', 'Deployment']).default('DaemonSet'),
        name: z.string(),
      })
      .strict(),
    z
      .object({
        kind: z.literal('container-app'),
        subscriptionId: z.string(),
        resourceGroup: z.string(),
        name: z.string(),
      })
      .strict(),
    z
      .object({
        kind: z.literal('function-app'),
        subscriptionId: z.string(),
        resourceGroup: z.string(),
        name: z.string(),
      })
      .strict(),
  ])
  .describe('What a deploy job changes in the runtime estate (the Azure and Kubernetes simulations).');
