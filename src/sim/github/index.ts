import type { Mount } from '../mount.ts';
import type { World } from '../world.ts';
import type { GitHubScenario } from './scenario.ts';

export interface GitHubSim {
  mounts: Mount[];
}

// Placeholder until the github simulation lands.
export function createGitHubSim(_world: World, _scenario: GitHubScenario | undefined): GitHubSim {
  return { mounts: [] };
}
