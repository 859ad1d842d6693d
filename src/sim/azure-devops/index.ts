import type { Mount } from '../mount.ts';
import type { World } from '../world.ts';
import type { AzureDevOpsScenario } from './scenario.ts';

export interface AzureDevOpsSim {
  mounts: Mount[];
}

// Placeholder until the azure-devops simulation lands.
export function createAzureDevOpsSim(_world: World, _scenario: AzureDevOpsScenario | undefined): AzureDevOpsSim {
  return { mounts: [] };
}
