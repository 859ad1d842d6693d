import type { Mount } from '../mount.ts';
import type { World } from '../world.ts';
import type { ArmScenario } from './scenario.ts';

export interface ArmSim {
  mounts: Mount[];
}

// Placeholder until the arm simulation lands.
export function createArmSim(_world: World, _scenario: ArmScenario | undefined): ArmSim {
  return { mounts: [] };
}
