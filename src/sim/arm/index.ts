import { z } from 'zod';
import type { Mount } from '../mount.ts';
import { PREFIX } from '../prefixes.ts';
import { Router } from '../router.ts';
import type { World } from '../world.ts';
import { addContainerAppRoutes } from './container-app-routes.ts';
import { ContainerApps } from './container-apps.ts';
import type { ArmTopology } from './context.ts';
import { addFunctionAppRoutes } from './function-app-routes.ts';
import { FunctionApps } from './function-apps.ts';
import { armProfile } from './profile.ts';
import type { EntraDirectory } from '../entra/directory.ts';
import { armScenarioSchema, type ArmScenario } from './scenario.ts';

export interface ArmSim {
  mounts: Mount[];
  containerApps: ContainerApps;
  functionApps: FunctionApps;
}

/**
 * Azure Resource Manager for the two resource types pnd checks: Microsoft.App container apps
 * (with revisions) and Microsoft.Web sites' deployments (function apps). One mount at `/arm`
 * validated against both descriptions. Its fault `vendor` is arm-container-apps for both types:
 * the server takes a mount's vendor for faults, and both share the one ARM endpoint.
 */
export function createArmSim(world: World, section: ArmScenario | undefined, entra?: EntraDirectory): ArmSim {
  const scenario = armScenarioSchema.parse(section ?? {});
  const containerApps = new ContainerApps(world);
  const functionApps = new FunctionApps(world);
  const topology: ArmTopology = { subscriptions: new Map() };
  const start = world.clock.now();
  for (const subscription of scenario.subscriptions) {
    const groups = new Map<string, { name: string; location: string }>();
    topology.subscriptions.set(subscription.id.toLowerCase(), groups);
    for (const group of subscription.resourceGroups) {
      groups.set(group.name.toLowerCase(), { name: group.name, location: group.location });
      for (const app of group.containerApps)
        containerApps.add(subscription.id, group.name, group.location, app, start);
      for (const app of group.functionApps) functionApps.add(subscription.id, group.name, app);
    }
  }

  world.onDeploy('container-app', (target, version) => {
    const app = containerApps.find(target.subscriptionId, target.resourceGroup, target.name);
    if (!app) throw new Error(`ARM simulation: no container app ${target.resourceGroup}/${target.name}.`);
    containerApps.deploy(app, version);
  });
  world.onDeploy('function-app', (target, version) => {
    const app = functionApps.find(target.subscriptionId, target.resourceGroup, target.name);
    if (!app) throw new Error(`ARM simulation: no function app ${target.resourceGroup}/${target.name}.`);
    functionApps.deploy(app, version);
  });
  defineEvents(world, containerApps, functionApps, scenario);

  const router = new Router();
  addContainerAppRoutes(router, world, topology, containerApps, scenario.pageSize);
  addFunctionAppRoutes(router, world, topology, functionApps, scenario.pageSize);
  return {
    containerApps,
    functionApps,
    mounts: [
      {
        vendor: 'arm-container-apps',
        prefix: PREFIX.arm,
        profile: armProfile(new Set(scenario.tokens), world, entra),
        router,
        specs: ['arm-container-apps', 'arm-web-apps'],
      },
    ],
  };
}

function defineEvents(
  world: World,
  containerApps: ContainerApps,
  functionApps: FunctionApps,
  scenario: ArmScenario,
): void {
  const onlySubscription = scenario.subscriptions.length === 1 ? scenario.subscriptions[0]!.id : undefined;
  const target = {
    subscriptionId: z.string().optional().describe('Default: the scenario has one subscription.'),
    resourceGroup: z.string(),
    name: z.string(),
  };
  const app = (args: { subscriptionId?: string; resourceGroup: string; name: string }) => {
    const found = containerApps.find(
      args.subscriptionId ?? onlySubscription ?? '',
      args.resourceGroup,
      args.name,
    );
    if (!found) throw new Error(`No container app ${args.resourceGroup}/${args.name}.`);
    return found;
  };
  world.defineEvent('container-app.provisioning-failed', {
    description:
      'A revision fails to provision: the one provisioning now (scope current) or the next deploy (scope next).',
    schema: z
      .object({
        ...target,
        scope: z.enum(['current', 'next']).default('next'),
        message: z.string().optional(),
      })
      .strict(),
    run: (args) => {
      const found = app(args);
      if (args.scope === 'next') return containerApps.setNextFault(found, 'provisioning-failed');
      const latest = found.revisions.find((r) => r.name === found.latestRevisionName)!;
      containerApps.fail(found, latest, world.clock.now(), args.message);
    },
  });
  world.defineEvent('container-app.unhealthy', {
    description:
      'The latest revision (scope current) or the next one (scope next) runs Degraded and Unhealthy.',
    schema: z.object({ ...target, scope: z.enum(['current', 'next']).default('next') }).strict(),
    run: (args) => {
      const found = app(args);
      if (args.scope === 'next') return containerApps.setNextFault(found, 'unhealthy');
      containerApps.markUnhealthy(found.revisions.find((r) => r.name === found.latestRevisionName)!);
    },
  });
  world.defineEvent('container-app.stays-on-old-image', {
    description:
      'The next deploy to the container app changes nothing: no new revision, the old image keeps running.',
    schema: z.object(target).strict(),
    run: (args) => containerApps.setNextFault(app(args), 'stays-on-old-image'),
  });
  world.defineEvent('function-app.deployment-failed', {
    description: 'The next deployment to the function app ends with status 3 (Failed) and this message.',
    schema: z.object({ ...target, message: z.string().optional() }).strict(),
    run: (args) => {
      const found = functionApps.find(
        args.subscriptionId ?? onlySubscription ?? '',
        args.resourceGroup,
        args.name,
      );
      if (!found) throw new Error(`No function app ${args.resourceGroup}/${args.name}.`);
      found.nextFailure = { message: args.message };
    },
  });
}
