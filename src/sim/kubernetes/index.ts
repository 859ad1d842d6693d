import { z } from 'zod';
import type { Mount } from '../mount.ts';
import { PREFIX } from '../prefixes.ts';
import { Router } from '../router.ts';
import type { World } from '../world.ts';
import { Controllers } from './controllers.ts';
import type { Workload } from './model.ts';
import { kubernetesProfile } from './profile.ts';
import type { EntraDirectory } from '../entra/directory.ts';
import { addKubernetesRoutes } from './routes.ts';
import { kubernetesScenarioSchema, type KubernetesScenario, type PodFault } from './scenario.ts';

export interface KubernetesSim {
  mounts: Mount[];
  controllers: Controllers;
}

/** The AKS clusters' API servers, one per cluster under `/k8s/{cluster}`. */
export function createKubernetesSim(
  world: World,
  section: KubernetesScenario | undefined,
  entra?: EntraDirectory,
): KubernetesSim {
  const scenario = kubernetesScenarioSchema.parse(section ?? {});
  const controllers = new Controllers(world);
  for (const cluster of scenario.clusters) controllers.addCluster(cluster, world.clock.now());

  world.onDeploy('kubernetes-workload', (target, version) => {
    const workload = controllers.find(target.cluster, target.workloadKind, target.namespace, target.name);
    if (!workload) {
      throw new Error(
        `Kubernetes simulation: no ${target.workloadKind} ${target.namespace}/${target.name} in cluster ${target.cluster}.`,
      );
    }
    controllers.deploy(workload, version);
  });
  defineEvents(world, controllers);

  const router = new Router();
  addKubernetesRoutes(router, controllers, world);
  return {
    controllers,
    mounts: [
      {
        vendor: 'kubernetes',
        prefix: `${PREFIX.kubernetes}/{cluster}`,
        profile: kubernetesProfile(controllers.clusters, world, entra),
        router,
        specs: ['kubernetes'],
      },
    ],
  };
}

const workloadArgs = {
  cluster: z.string(),
  namespace: z.string().default('default'),
  kind: z.enum(['DaemonSet', 'Deployment']).default('DaemonSet'),
  name: z.string(),
};

function defineEvents(world: World, controllers: Controllers): void {
  const target = (args: { cluster: string; namespace: string; kind: Workload['kind']; name: string }) => {
    const workload = controllers.find(args.cluster, args.kind, args.namespace, args.name);
    if (!workload)
      throw new Error(`No ${args.kind} ${args.namespace}/${args.name} in cluster ${args.cluster}.`);
    return workload;
  };
  const scope = z
    .enum(['current', 'next-rollout'])
    .default('next-rollout')
    .describe('current: the pods running now; next-rollout: the new pods of the next rollout.');
  const faults: [string, PodFault, string][] = [
    [
      'kubernetes.crash-loop',
      'crash-loop',
      'Containers exit with an error and restart with back-off (CrashLoopBackOff, lastState.terminated.reason Error).',
    ],
    [
      'kubernetes.image-pull-backoff',
      'image-pull-backoff',
      'The image cannot be pulled (ErrImagePull, then ImagePullBackOff).',
    ],
    [
      'kubernetes.oom-killed',
      'oom-killed',
      'Containers are OOMKilled (exit code 137) and restart with back-off.',
    ],
    [
      'kubernetes.create-container-config-error',
      'create-container-config-error',
      'Containers cannot be created: a Secret they reference is missing (CreateContainerConfigError).',
    ],
  ];
  const pods = z
    .number()
    .int()
    .positive()
    .optional()
    .describe('scope current: how many of the running pods (in name order); default all of them.');
  for (const [name, fault, description] of faults) {
    world.defineEvent(name, {
      description,
      schema: z.object({ ...workloadArgs, scope, pods }).strict(),
      run: (args) => controllers.applyFault(target(args), fault, args.scope, 0, args.pods),
    });
  }
  world.defineEvent('kubernetes.stuck-rollout', {
    description:
      'A rollout stops after `updated` pods were replaced (the rollout in progress, or the next one).',
    schema: z
      .object({
        ...workloadArgs,
        updated: z.number().int().nonnegative().default(1),
        scope: scope.default('next-rollout'),
      })
      .strict(),
    run: (args) =>
      controllers.applyFault(
        target(args),
        'stuck',
        args.scope === 'current' ? 'current' : 'next-rollout',
        args.updated,
      ),
  });
  world.defineEvent('kubernetes.pods-recover', {
    description: 'A workload recovers: failing pods become healthy and a stuck rollout goes on.',
    schema: z.object(workloadArgs).strict(),
    run: (args) => controllers.recover(target(args)),
  });
}
