import { createHash } from 'node:crypto';
import type { World } from '../world.ts';
import type { AdoIdentity, Directory } from './identities.ts';
import type { AdoProject } from './release-model.ts';
import type { AdoProjectScenario } from './scenario.ts';
import { resolveInstant } from '../scenario/instant.ts';

export type BuildStatus = 'completed' | 'inProgress' | 'notStarted' | 'cancelling' | 'postponed';
export type BuildResult = 'succeeded' | 'partiallySucceeded' | 'failed' | 'canceled';

export interface BuildDefinition {
  id: number;
  name: string;
  path: string;
  project: AdoProject;
}

export interface Build {
  id: number;
  definition: BuildDefinition;
  buildNumber: string;
  status: BuildStatus;
  /** The result once completed. */
  finalResult: BuildResult;
  queueTime: number;
  startTime: number;
  finishTime: number;
  sourceBranch: string;
  sourceVersion: string;
  message: string;
  tags: string[];
  reason: string;
  requestedFor: AdoIdentity;
}

const MINUTE = 60_000;

function yyyymmdd(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10).replaceAll('-', '');
}

/**
 * Build pipelines and their runs. A build whose start or finish lies after the clock's "now" is
 * not started or in progress, and moves on by itself when the virtual clock gets there.
 */
export class BuildStore {
  readonly definitions = new Map<number, BuildDefinition>();
  readonly builds = new Map<number, Build>();
  readonly #world: World;
  readonly #directory: Directory;

  constructor(world: World, directory: Directory) {
    this.#world = world;
    this.#directory = directory;
  }

  addProject(project: AdoProject, scenario: AdoProjectScenario): void {
    for (const def of scenario.buildDefinitions) this.definitions.set(def.id, { ...def, project });
    for (const input of scenario.builds) {
      const definition = this.definitions.get(input.definitionId);
      if (!definition)
        throw new Error(
          `Azure DevOps scenario: build ${input.id} names unknown build definition ${input.definitionId}.`,
        );
      // Relative times count from the scenario start, which is the clock's time while seeding.
      const seededAt = this.#world.clock.now();
      const queueTime = resolveInstant(input.queueTime, seededAt);
      const startTime = input.startTime ? resolveInstant(input.startTime, seededAt) : queueTime + 20_000;
      const finishTime = input.finishTime
        ? resolveInstant(input.finishTime, seededAt)
        : startTime + 5 * MINUTE;
      const now = this.#world.clock.now();
      const build: Build = {
        id: input.id,
        definition,
        buildNumber: input.buildNumber ?? `${yyyymmdd(queueTime)}.${input.id}`,
        status:
          input.status ?? (now < startTime ? 'notStarted' : now < finishTime ? 'inProgress' : 'completed'),
        finalResult: input.result,
        queueTime,
        startTime,
        finishTime,
        sourceBranch: input.sourceBranch,
        sourceVersion: input.sourceVersion ?? createHash('sha1').update(`build:${input.id}`).digest('hex'),
        message: input.message,
        tags: input.tags,
        reason: input.reason,
        requestedFor: input.requestedFor
          ? this.#directory.resolve(input.requestedFor)
          : this.#directory.defaultUser,
      };
      this.builds.set(build.id, build);
      this.#world.reserveId('ado-build', build.id);
      if (input.status === undefined) this.#schedule(build);
    }
  }

  #schedule(build: Build): void {
    const label = `azure-devops: build ${build.buildNumber}`;
    if (build.status === 'notStarted') {
      this.#world.scheduler.at(build.startTime, `${label} starts`, () => {
        build.status = 'inProgress';
      });
    }
    if (build.status !== 'completed') {
      this.#world.scheduler.at(build.finishTime, `${label} completes`, () => {
        build.status = 'completed';
      });
    }
  }
}
