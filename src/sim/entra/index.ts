import type { Mount } from '../mount.ts';
import { PREFIX } from '../prefixes.ts';
import type { World } from '../world.ts';
import { EntraDirectory } from './directory.ts';
import { actionsOidcProfile, actionsOidcRouter, entraProfile, entraRouter } from './routes.ts';
import { entraScenarioSchema, type EntraScenario } from './scenario.ts';

export interface EntraSim {
  directory: EntraDirectory;
  mounts: Mount[];
}

/**
 * Entra ID (login.microsoftonline.com at `/entra`) and the GitHub Actions OIDC token service
 * (`/gh-oidc`): the tokens they issue are accepted by the simulated ARM, Azure DevOps and
 * Kubernetes API servers for the right audience until they expire on the virtual clock.
 * Validated by test/contract/entra-token.test.ts against Microsoft's documented shapes (no
 * OpenAPI description of the token endpoint exists).
 */
export function createEntraSim(world: World, section: EntraScenario | undefined): EntraSim {
  const directory = new EntraDirectory(world, entraScenarioSchema.parse(section ?? {}));
  const actionsIssuer = (req: { url: URL }) => `${req.url.origin}${PREFIX.actionsOidc}`;
  return {
    directory,
    mounts: [
      {
        vendor: 'entra',
        prefix: PREFIX.entra,
        profile: entraProfile(world),
        secretBodies: true,
        router: entraRouter(world, directory, actionsIssuer),
        specs: [],
      },
      {
        vendor: 'github-actions-oidc',
        prefix: PREFIX.actionsOidc,
        profile: actionsOidcProfile(world, directory),
        router: actionsOidcRouter(directory),
        specs: [],
      },
    ],
  };
}
