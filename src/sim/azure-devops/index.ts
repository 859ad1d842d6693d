import { z } from 'zod';
import type { Mount } from '../mount.ts';
import { PREFIX } from '../prefixes.ts';
import { Router } from '../router.ts';
import type { World } from '../world.ts';
import { addBuildRoutes } from './build-routes.ts';
import { BuildStore } from './build-store.ts';
import { ProjectIndex } from './context.ts';
import { Directory } from './identities.ts';
import { adoProfile } from './profile.ts';
import type { EntraDirectory } from '../entra/directory.ts';
import { addReleaseRoutes } from './release-routes.ts';
import { ReleaseStore } from './release-store.ts';
import { azureDevOpsScenarioSchema, type AzureDevOpsScenario } from './scenario.ts';

export interface AzureDevOpsSim {
  mounts: Mount[];
  releases: ReleaseStore;
  builds: BuildStore;
}

/**
 * Azure DevOps Services: classic Release pipelines on the vsrm host (`/ado/vsrm`) and builds on
 * the dev host (`/ado/dev`), one organization/project tree shared by both, as on the real hosts.
 */
export function createAzureDevOpsSim(
  world: World,
  section: AzureDevOpsScenario | undefined,
  entra?: EntraDirectory,
): AzureDevOpsSim {
  // Parsing again applies the defaults when a test passes a hand-written section.
  const scenario = azureDevOpsScenarioSchema.parse(section ?? {});
  const directory = new Directory(scenario);
  const projects = new ProjectIndex();
  const releases = new ReleaseStore(world, directory);
  const builds = new BuildStore(world, directory);
  for (const input of scenario.projects) {
    const project = projects.add(input.organization, input.name, input.id);
    releases.addProject(project, input);
    builds.addProject(project, input);
  }
  releases.renumberSeededApprovals();

  defineEvents(world, releases);

  const releaseRouter = new Router();
  addReleaseRoutes(releaseRouter, projects, releases, directory);
  const buildRouter = new Router();
  addBuildRoutes(buildRouter, projects, builds);

  return {
    releases,
    builds,
    mounts: [
      {
        vendor: 'azure-devops-release',
        prefix: PREFIX.azureDevOpsRelease,
        profile: adoProfile('azure-devops-release', directory, world, entra),
        router: releaseRouter,
        specs: ['azure-devops-release'],
      },
      {
        vendor: 'azure-devops-build',
        prefix: PREFIX.azureDevOpsBuild,
        profile: adoProfile('azure-devops-build', directory, world, entra),
        router: buildRouter,
        specs: ['azure-devops-build'],
      },
    ],
  };
}

function defineEvents(world: World, releases: ReleaseStore): void {
  world.defineEvent('azure-devops.release-created', {
    description:
      'A new release of a classic release definition is created now; stages triggered after release open their pre-deployment approvals.',
    schema: z
      .object({
        definitionId: z.number().int(),
        version: z.string(),
        image: z.string().optional(),
        createdBy: z.string().optional(),
        description: z.string().optional(),
      })
      .strict(),
    run: (args) => {
      releases.createRelease(args);
    },
  });
  world.defineEvent('azure-devops.deployment-fails', {
    description: 'The next deploy job of the matching release stages ends failed (or partiallySucceeded).',
    schema: z
      .object({
        releaseId: z.number().int().optional(),
        definitionId: z.number().int().optional(),
        environment: z.string().optional().describe('Stage name, e.g. "Staging".'),
        outcome: z.enum(['failed', 'partiallySucceeded']).default('failed'),
      })
      .strict(),
    run: ({ outcome, ...filter }) => {
      releases.failNextDeployment(filter, outcome);
    },
  });
}
