import { parseDuration } from '../../core/duration.ts';
import type { DeployedVersion, World } from '../world.ts';
import { guid } from './ids.ts';
import type { FunctionAppScenario } from './scenario.ts';
import { resolveInstant } from '../scenario/instant.ts';

/** Kudu DeployStatus (Kudu.Contracts/Deployment/DeployStatus.cs). */
export const DEPLOY_STATUS = {
  pending: 0,
  building: 1,
  deploying: 2,
  failed: 3,
  success: 4,
  complete: 5,
} as const;

export interface Deployment {
  id: string;
  status: number;
  startTime: number;
  endTime?: number;
  author: string;
  authorEmail?: string;
  deployer: string;
  message: string;
  active: boolean;
}

export interface FunctionApp {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  /** Oldest first. */
  deployments: Deployment[];
  deployMs: number;
  nextFailure?: { message?: string };
}

/**
 * Function apps' deployments (the ARM view of Kudu's deployment log). A deploy goes Pending ->
 * Building -> Deploying -> Success (4) and becomes the active one, or ends Failed (3), leaving the
 * previous deployment active.
 */
export class FunctionApps {
  readonly apps: FunctionApp[] = [];
  readonly #world: World;

  constructor(world: World) {
    this.#world = world;
  }

  add(subscriptionId: string, resourceGroup: string, input: FunctionAppScenario): void {
    const app: FunctionApp = {
      subscriptionId,
      resourceGroup,
      name: input.name,
      deployments: [],
      deployMs: parseDuration(input.deployDuration) ?? 90_000,
      nextFailure: input.nextDeployment,
    };
    // Relative times count from the scenario start, which is the clock's time while seeding.
    const seededAt = this.#world.clock.now();
    input.deployments.forEach((d, index) => {
      const startTime = resolveInstant(d.startTime, seededAt);
      app.deployments.push({
        id: d.id ?? guid(`kudu:${subscriptionId}/${resourceGroup}/${input.name}:${index}`),
        status: d.status,
        startTime,
        endTime:
          d.status >= DEPLOY_STATUS.failed
            ? d.endTime
              ? resolveInstant(d.endTime, seededAt)
              : startTime + 90_000
            : undefined,
        author: d.author,
        authorEmail: d.authorEmail,
        deployer: d.deployer,
        message: d.message,
        active: false,
      });
    });
    const active = [...app.deployments]
      .reverse()
      .find((d) => d.status === DEPLOY_STATUS.success || d.status === DEPLOY_STATUS.complete);
    if (active) active.active = true;
    this.apps.push(app);
  }

  find(subscriptionId: string, resourceGroup: string, name: string): FunctionApp | undefined {
    return this.apps.find(
      (a) =>
        a.subscriptionId.toLowerCase() === subscriptionId.toLowerCase() &&
        a.resourceGroup.toLowerCase() === resourceGroup.toLowerCase() &&
        a.name.toLowerCase() === name.toLowerCase(),
    );
  }

  deploy(app: FunctionApp, version: DeployedVersion): void {
    const now = this.#world.clock.now();
    const failure = app.nextFailure;
    app.nextFailure = undefined;
    const deployment: Deployment = {
      id: guid(
        `kudu:${app.subscriptionId}/${app.resourceGroup}/${app.name}:deploy:${this.#world.nextId(`kudu:${app.name}`)}`,
      ),
      status: DEPLOY_STATUS.pending,
      startTime: now,
      author: version.deployer ?? 'N/A',
      deployer: 'GITHUB_ZIP_DEPLOY_FUNCTIONS_V1',
      message:
        version.message ??
        JSON.stringify({
          type: 'deployment',
          sha: version.commitSha ?? version.tag,
          repoName: '',
          actor: version.deployer ?? '',
        }),
      active: false,
    };
    app.deployments.push(deployment);
    const label = `function-app: ${app.name} deployment ${deployment.id}`;
    const step = (at: number, status: number) =>
      this.#world.scheduler.at(at, `${label} status ${status}`, () => {
        deployment.status = status;
      });
    step(now + 5_000, DEPLOY_STATUS.building);
    step(now + 15_000, DEPLOY_STATUS.deploying);
    this.#world.scheduler.at(now + Math.max(app.deployMs, 20_000), `${label} ends`, (at) => {
      deployment.endTime = at;
      if (failure) {
        deployment.status = DEPLOY_STATUS.failed;
        deployment.message =
          failure.message ?? 'Deployment Failed. Error: Failed to sync triggers for function app.';
        return;
      }
      deployment.status = DEPLOY_STATUS.success;
      for (const d of app.deployments) d.active = d === deployment;
    });
  }
}
