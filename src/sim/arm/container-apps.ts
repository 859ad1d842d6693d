import { parseDuration } from '../../core/duration.ts';
import type { DeployedVersion, World } from '../world.ts';
import { guid, token } from './ids.ts';
import type { ContainerAppFault, ContainerAppScenario } from './scenario.ts';
import { resolveInstant } from '../scenario/instant.ts';

const DAY = 86_400_000;

export interface Revision {
  name: string;
  image: string;
  createdAt: number;
  lastActiveAt: number;
  active: boolean;
  replicas: number;
  trafficWeight: number;
  healthState: 'Healthy' | 'Unhealthy' | 'None';
  provisioningState: 'Provisioning' | 'Provisioned' | 'Failed' | 'Deprovisioning' | 'Deprovisioned';
  runningState: 'Running' | 'Processing' | 'Stopped' | 'Degraded' | 'Failed' | 'Unknown';
  provisioningError?: string;
}

export interface ContainerApp {
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  name: string;
  container: string;
  activeRevisionsMode: 'Single' | 'Multiple';
  createdAt: number;
  modifiedAt: number;
  provisioningState: 'InProgress' | 'Succeeded' | 'Failed' | 'Canceled' | 'Deleting';
  runningStatus: 'Progressing' | 'Running' | 'Stopped' | 'Suspended' | 'Ready';
  /** Revisions, oldest first. */
  revisions: Revision[];
  latestRevisionName: string;
  latestReadyRevisionName: string;
  environmentDomain: string;
  provisioningMs: number;
  nextFault?: ContainerAppFault;
}

/**
 * Container Apps: each deploy (a new image) makes a new revision. It is Provisioning/Processing
 * at once and becomes latestRevisionName; after the provisioning time it is Provisioned, Running
 * and Healthy, becomes latestReadyRevisionName, and in Single mode takes all traffic while the
 * previous revision is deactivated (guessed: Deprovisioned/Stopped, no replicas).
 */
export class ContainerApps {
  readonly apps: ContainerApp[] = [];
  readonly #world: World;

  constructor(world: World) {
    this.#world = world;
  }

  add(
    subscriptionId: string,
    resourceGroup: string,
    location: string,
    input: ContainerAppScenario,
    start: number,
  ): void {
    const createdAt = input.createdAt ? resolveInstant(input.createdAt, start) : start - 60 * DAY;
    const app: ContainerApp = {
      subscriptionId,
      resourceGroup,
      location,
      name: input.name,
      container: input.container ?? input.name,
      activeRevisionsMode: input.activeRevisionsMode,
      createdAt,
      modifiedAt: createdAt,
      provisioningState: 'Succeeded',
      runningStatus: 'Running',
      revisions: [],
      latestRevisionName: '',
      latestReadyRevisionName: '',
      environmentDomain: `${token(`env:${subscriptionId}/${resourceGroup}`, 6)}-${token(`envid:${resourceGroup}`, 8)}.${location}.azurecontainerapps.io`,
      provisioningMs: parseDuration(input.provisioningTime) ?? 45_000,
      nextFault: input.nextRevision,
    };
    const all = [
      ...input.history.map((h) => ({ ...h, at: resolveInstant(h.createdAt, start) })),
      {
        suffix: undefined,
        image: input.image,
        at: input.latestRevisionAt ? resolveInstant(input.latestRevisionAt, start) : createdAt,
      },
    ];
    all.forEach((entry, index) => {
      const latest = index === all.length - 1;
      const active = latest || app.activeRevisionsMode === 'Multiple';
      app.revisions.push({
        name: `${app.name}--${entry.suffix ?? token(`${app.name}:${entry.image}:${index}`, 7)}`,
        image: entry.image,
        createdAt: entry.at,
        lastActiveAt: latest ? entry.at : (all[index + 1]?.at ?? entry.at),
        active,
        replicas: active ? 1 : 0,
        trafficWeight: latest ? 100 : 0,
        healthState: active ? 'Healthy' : 'None',
        provisioningState: active ? 'Provisioned' : 'Deprovisioned',
        runningState: active ? 'Running' : 'Stopped',
      });
    });
    const latest = app.revisions.at(-1)!;
    app.latestRevisionName = latest.name;
    app.latestReadyRevisionName = latest.name;
    app.modifiedAt = latest.createdAt;
    this.apps.push(app);
  }

  find(subscriptionId: string, resourceGroup: string, name: string): ContainerApp | undefined {
    return this.apps.find(
      (a) =>
        a.subscriptionId.toLowerCase() === subscriptionId.toLowerCase() &&
        a.resourceGroup.toLowerCase() === resourceGroup.toLowerCase() &&
        a.name.toLowerCase() === name.toLowerCase(),
    );
  }

  image(app: ContainerApp): string {
    return app.revisions.find((r) => r.name === app.latestRevisionName)!.image;
  }

  deploy(app: ContainerApp, version: DeployedVersion): void {
    const fault = app.nextFault;
    app.nextFault = undefined;
    if (fault === 'stays-on-old-image') return;
    const now = this.#world.clock.now();
    const current = this.image(app);
    const image = version.image ?? `${current.replace(/:[^:/]+$/, '')}:${version.tag}`;
    const revision: Revision = {
      name: `${app.name}--${token(`${app.name}:${image}:${this.#world.nextId(`aca-revision:${app.name}`)}`, 7)}`,
      image,
      createdAt: now,
      lastActiveAt: now,
      active: true,
      replicas: 0,
      trafficWeight: 0,
      healthState: 'None',
      provisioningState: 'Provisioning',
      runningState: 'Processing',
    };
    app.revisions.push(revision);
    app.latestRevisionName = revision.name;
    app.provisioningState = 'InProgress';
    app.runningStatus = 'Progressing';
    app.modifiedAt = now;
    this.#world.scheduler.at(
      now + app.provisioningMs,
      `container-app: ${revision.name} provisioned`,
      (at) => {
        if (revision.provisioningState !== 'Provisioning') return;
        if (fault === 'provisioning-failed') return this.fail(app, revision, at);
        this.#ready(app, revision, at, fault === 'unhealthy');
      },
    );
  }

  /** The revision fails to provision: it never gets traffic, the previous one keeps serving. */
  fail(app: ContainerApp, revision: Revision, at: number, message?: string): void {
    Object.assign(revision, {
      provisioningState: 'Failed',
      runningState: 'Failed',
      healthState: 'Unhealthy',
      active: false,
      replicas: 0,
      trafficWeight: 0,
      provisioningError:
        message ??
        `Container '${app.container}' was terminated with exit code '1' and reason 'ProcessExited'. One or more containers for revision '${revision.name}' has failed to start.`,
    });
    app.provisioningState = 'Failed';
    app.runningStatus = 'Running';
    app.modifiedAt = at;
  }

  markUnhealthy(revision: Revision): void {
    Object.assign(revision, { healthState: 'Unhealthy', runningState: 'Degraded' });
  }

  setNextFault(app: ContainerApp, fault: ContainerAppFault): void {
    app.nextFault = fault;
  }

  #ready(app: ContainerApp, revision: Revision, at: number, unhealthy: boolean): void {
    Object.assign(revision, {
      provisioningState: 'Provisioned',
      runningState: unhealthy ? 'Degraded' : 'Running',
      healthState: unhealthy ? 'Unhealthy' : 'Healthy',
      replicas: 1,
      trafficWeight: 100,
    });
    if (app.activeRevisionsMode === 'Single') {
      for (const old of app.revisions) {
        if (old === revision || !old.active) continue;
        Object.assign(old, {
          active: false,
          replicas: 0,
          trafficWeight: 0,
          healthState: 'None',
          provisioningState: 'Deprovisioned',
          runningState: 'Stopped',
          lastActiveAt: at,
        });
      }
    }
    app.latestReadyRevisionName = revision.name;
    app.provisioningState = 'Succeeded';
    app.runningStatus = 'Running';
    app.modifiedAt = at;
  }
}

export function containerAppId(app: ContainerApp): string {
  return `/subscriptions/${app.subscriptionId}/resourceGroups/${app.resourceGroup}/providers/Microsoft.App/containerapps/${app.name}`;
}

export function environmentId(app: ContainerApp): string {
  return `/subscriptions/${app.subscriptionId}/resourceGroups/${app.resourceGroup}/providers/Microsoft.App/managedEnvironments/${app.resourceGroup.replace(/-rg$/, '')}-env`;
}

export function systemGuid(app: ContainerApp): string {
  return guid(`aca:${app.subscriptionId}/${app.resourceGroup}/${app.name}`);
}
