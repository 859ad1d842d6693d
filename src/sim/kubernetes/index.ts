import type { Mount } from '../mount.ts';
import type { World } from '../world.ts';
import type { KubernetesScenario } from './scenario.ts';

export interface KubernetesSim {
  mounts: Mount[];
}

// Placeholder until the kubernetes simulation lands.
export function createKubernetesSim(_world: World, _scenario: KubernetesScenario | undefined): KubernetesSim {
  return { mounts: [] };
}
