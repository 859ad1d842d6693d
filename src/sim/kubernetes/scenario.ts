import { instantSchema } from '../scenario/instant.ts';
import { isScenarioDuration, MAX_CLUSTER_NODES, MAX_SCENARIO_PODS } from '../limits.ts';
import { z } from 'zod';

const duration = z.string().refine((s) => isScenarioDuration(s), {
  message: 'Expected a duration of at most a year, such as "20s" or "10m".',
});

export const podFaultSchema = z
  .enum(['crash-loop', 'image-pull-backoff', 'oom-killed', 'create-container-config-error', 'stuck'])
  .describe(
    'crash-loop: containers exit with an error and back off (CrashLoopBackOff); image-pull-backoff: the image cannot be pulled; oom-killed: containers are OOMKilled and restart; create-container-config-error: the container cannot be created because a Secret or ConfigMap it references is missing (CreateContainerConfigError); stuck: the rollout stops after `stuckAfter` updated pods.',
  );

const rolloutFlagsSchema = z
  .object({
    fault: podFaultSchema,
    stuckAfter: z
      .number()
      .int()
      .nonnegative()
      .default(1)
      .describe('stuck: how many pods get updated before the rollout stops.'),
  })
  .strict();

const workloadFields = {
  name: z.string(),
  namespace: z.string().default('default'),
  image: z
    .string()
    .describe(
      'The container image now running, e.g. "altinncr.azurecr.io/altinn-authentication:20261117.2".',
    ),
  container: z.string().optional().describe('Container name; default the workload name.'),
  labels: z
    .record(z.string(), z.string())
    .optional()
    .describe('Selector and pod template labels; default {app: <name>}.'),
  generation: z.number().int().positive().default(1).describe('metadata.generation now (observed).'),
  createdAt: instantSchema.optional().describe('Creation time; default 30 days before the scenario start.'),
  podsSince: instantSchema
    .optional()
    .describe('When the running pods started (the last rollout); default the creation time.'),
  podStartup: duration.default('20s').describe('How long a new pod takes from creation to Ready.'),
  nextRollout: rolloutFlagsSchema
    .optional()
    .describe('What goes wrong with the next rollout of this workload.'),
};

const daemonSetSchema = z
  .object({
    ...workloadFields,
    nodes: z
      .number()
      .int()
      .positive()
      .max(MAX_CLUSTER_NODES)
      .optional()
      .describe("Nodes it runs on; default the cluster's node count."),
  })
  .strict();

const deploymentSchema = z
  .object({
    ...workloadFields,
    replicas: z.number().int().nonnegative().max(MAX_SCENARIO_PODS).default(2),
    progressDeadline: duration.default('10m').describe('spec.progressDeadlineSeconds, as a duration.'),
  })
  .strict();

const clusterSchema = z
  .object({
    name: z.string().describe('Cluster name; its API server is at <simulator>/k8s/<name>.'),
    tokens: z.array(z.string()).default(['k8s-token']).describe('Bearer tokens the API server accepts.'),
    nodes: z
      .number()
      .int()
      .positive()
      .max(MAX_CLUSTER_NODES)
      .default(3)
      .describe(
        `Node count (DaemonSets run one pod per node), at most ${MAX_CLUSTER_NODES} as in Kubernetes.`,
      ),
    daemonSets: z.array(daemonSetSchema).default([]),
    deployments: z.array(deploymentSchema).default([]),
  })
  .strict();

export const kubernetesScenarioSchema = z
  .object({
    clusters: z.array(clusterSchema).default([]),
  })
  .strict()
  .superRefine((section, ctx) => {
    // Every pod is simulated with its own timers: the total, not only each count, is bounded.
    let pods = 0;
    for (const [c, cluster] of section.clusters.entries()) {
      const workloads = [
        ...cluster.daemonSets.map((d, i) => ({
          pods: d.nodes ?? cluster.nodes,
          path: ['daemonSets', i, 'nodes'],
        })),
        ...cluster.deployments.map((d, i) => ({ pods: d.replicas, path: ['deployments', i, 'replicas'] })),
      ];
      for (const workload of workloads) {
        pods += workload.pods;
        // A count over the limit on its own is already refused where it stands.
        if (pods <= MAX_SCENARIO_PODS || workload.pods > MAX_SCENARIO_PODS) continue;
        ctx.addIssue({
          code: 'custom',
          path: ['clusters', c, ...workload.path],
          message: `The scenario's workloads run more than ${MAX_SCENARIO_PODS} pods in all; the simulator seeds at most that many.`,
        });
        return;
      }
    }
  });

export type KubernetesScenario = z.infer<typeof kubernetesScenarioSchema>;
export type ClusterScenario = z.infer<typeof clusterSchema>;
export type DaemonSetScenario = z.infer<typeof daemonSetSchema>;
export type DeploymentScenario = z.infer<typeof deploymentSchema>;
export type PodFault = z.infer<typeof podFaultSchema>;
