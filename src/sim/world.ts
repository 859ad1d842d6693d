import type { VirtualClock } from '../core/clock.ts';
import type { Scheduler } from './scheduler.ts';
import type { z } from 'zod';

/**
 * What a deploy changes in the runtime estate. The deployer simulations (Azure DevOps releases,
 * GitHub Actions jobs) call `world.deploy(target, version)` when a deploy job runs; the runtime
 * simulations (Kubernetes, Azure) register how each kind of target rolls.
 */
export type DeployTarget =
  | {
      kind: 'kubernetes-workload';
      cluster: string;
      namespace: string;
      workloadKind: 'DaemonSet' | 'Deployment';
      name: string;
    }
  | { kind: 'container-app'; subscriptionId: string; resourceGroup: string; name: string }
  | { kind: 'function-app'; subscriptionId: string; resourceGroup: string; name: string };

export interface DeployedVersion {
  /** Image tag or version label, e.g. "2026.11.25" or a commit SHA. */
  tag: string;
  /** Full image reference for container targets, e.g. "acr.io/altinn-authentication:1.2.3". */
  image?: string;
  commitSha?: string;
  /** Who or what deployed it (shows as a function app deployment's author/deployer). */
  deployer?: string;
  message?: string;
}

export type DeployHandler<K extends DeployTarget['kind']> = (
  target: Extract<DeployTarget, { kind: K }>,
  version: DeployedVersion,
) => void;

export interface EventDefinition<S extends z.ZodType> {
  schema: S;
  run: (args: z.infer<S>) => void;
  description: string;
}

/**
 * The shared simulated estate: one clock, one scheduler, cross-vendor deploy effects and named
 * scenario events (used by the scenario timeline and the control API's fault injection).
 */
export class World {
  readonly clock: VirtualClock;
  readonly scheduler: Scheduler;
  #deployers = new Map<string, DeployHandler<DeployTarget['kind']>>();
  #events = new Map<string, EventDefinition<z.ZodType>>();
  #ids = new Map<string, number>();

  constructor(clock: VirtualClock, scheduler: Scheduler) {
    this.clock = clock;
    this.scheduler = scheduler;
  }

  /** Deterministic ids per namespace, starting at `start`. */
  nextId(namespace: string, start = 1): number {
    const next = this.#ids.get(namespace) ?? start;
    this.#ids.set(namespace, next + 1);
    return next;
  }

  /** Keeps generated ids above the ids a scenario seeded. */
  reserveId(namespace: string, used: number): void {
    const next = this.#ids.get(namespace) ?? 1;
    if (used >= next) this.#ids.set(namespace, used + 1);
  }

  nowIso(): string {
    return new Date(this.clock.now()).toISOString();
  }

  onDeploy<K extends DeployTarget['kind']>(kind: K, handler: DeployHandler<K>): void {
    this.#deployers.set(kind, handler as unknown as DeployHandler<DeployTarget['kind']>);
  }

  deploy(target: DeployTarget, version: DeployedVersion): void {
    const handler = this.#deployers.get(target.kind);
    if (!handler) throw new Error(`No simulated runtime handles deploy targets of kind ${target.kind}.`);
    handler(target, version);
  }

  defineEvent<S extends z.ZodType>(name: string, definition: EventDefinition<S>): void {
    this.#events.set(name, definition as unknown as EventDefinition<z.ZodType>);
  }

  eventNames(): { name: string; description: string }[] {
    return [...this.#events].map(([name, d]) => ({ name, description: d.description }));
  }

  /** Runs a named event now; throws with a readable message when the name or args are wrong. */
  fire(name: string, args: unknown): void {
    const definition = this.#events.get(name);
    if (!definition) {
      throw new Error(`Unknown simulator event "${name}". Known: ${[...this.#events.keys()].join(', ')}.`);
    }
    const parsed = definition.schema.safeParse(args ?? {});
    if (!parsed.success) {
      throw new Error(`Invalid arguments for event "${name}": ${parsed.error.message}`);
    }
    definition.run(parsed.data);
  }
}
