import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../src/core/clock.ts';
import type { SimAccess } from '../../src/demo/sim-access.ts';
import type { FaultRule } from '../../src/sim/faults.ts';
import type { LoggedRequest } from '../../src/sim/request-log.ts';
import type { MemoryBudgetStats } from '../../src/sim/memory-budget.ts';
import { SIMULATOR_ENV, SIMULATOR_NODE_FLAGS } from '../../src/sim/process-settings.ts';
import { peakRssMiB } from './load.ts';
import type { SimCommand } from './sim-process.ts';

/**
 * A simulator running in its own process (bench/lib/sim-process.ts), seen from the bench: its
 * access (URLs, CA, tokens), a clock bridged to its virtual clock, and its log and faults.
 * pnd trusts it through its CA like any server (`access.ca`), never by turning TLS checks off.
 */
export class RemoteSim {
  readonly access: SimAccess;
  /**
   * pnd's clock in the bench: the simulator's virtual time. A sleep moves the simulator's clock
   * at once (as an auto-advancing VirtualClock does in process), so polling takes no real time.
   */
  readonly clock: Clock;
  readonly #child: ChildProcess;
  #now: number;
  #next = 0;
  readonly #waiting = new Map<number, (value: unknown) => void>();

  private constructor(child: ChildProcess, access: SimAccess, now: number) {
    this.#child = child;
    this.access = access;
    this.#now = now;
    child.on('message', (message: { id: number; value: unknown }) => {
      this.#waiting.get(message.id)?.(message.value);
      this.#waiting.delete(message.id);
    });
    this.clock = {
      now: () => this.#now,
      sleep: async (ms) => {
        this.#now = (await this.#ask({ op: 'advance', ms: Math.max(0, ms) })) as number;
      },
    };
  }

  /** Starts the simulator process on a scenario: its YAML text, or an object (sent as JSON). */
  static start(scenario: string | object): Promise<RemoteSim> {
    const file = join(mkdtempSync(join(tmpdir(), 'pnd-bench-sim-')), 'scenario.yaml');
    writeFileSync(file, typeof scenario === 'string' ? scenario : JSON.stringify(scenario));
    // With the process settings `pnd sim` gives itself, so its memory is what a user's would be.
    const child = fork(new URL('./sim-process.ts', import.meta.url), [file], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      execArgv: [...process.execArgv, ...SIMULATOR_NODE_FLAGS],
      env: { ...process.env, ...SIMULATOR_ENV },
    });
    return new Promise((resolve, reject) => {
      child.once('exit', (code) =>
        reject(new Error(`The simulator process exited (${code}) before it was ready.`)),
      );
      child.once('message', (message: { ready: { access: SimAccess; now: number } }) =>
        resolve(new RemoteSim(child, message.ready.access, message.ready.now)),
      );
    });
  }

  #ask(command: SimCommand): Promise<unknown> {
    const id = this.#next++;
    return new Promise((resolve) => {
      this.#waiting.set(id, resolve);
      this.#child.send({ id, command });
    });
  }

  /** Moves virtual time to `instant` (never backwards). */
  async set(instant: number): Promise<void> {
    this.#now = (await this.#ask({ op: 'set', at: instant })) as number;
  }

  async fault(rule: FaultRule): Promise<void> {
    await this.#ask({ op: 'fault', rule });
  }

  async clearFaults(): Promise<void> {
    await this.#ask({ op: 'clear-faults' });
  }

  async lastSeq(): Promise<number> {
    return (await this.#ask({ op: 'last-seq' })) as number;
  }

  /** The request log after `since` (without request bodies). */
  async entries(since = 0): Promise<LoggedRequest[]> {
    return (await this.#ask({ op: 'entries', since })) as LoggedRequest[];
  }

  async resetInFlight(): Promise<void> {
    await this.#ask({ op: 'reset-in-flight' });
  }

  /** The most requests in flight at once per vendor since the last reset. */
  async maxInFlight(): Promise<Record<string, number>> {
    return (await this.#ask({ op: 'max-in-flight' })) as Record<string, number>;
  }

  /** Serial mode: the simulator handles one request at a time, each after the previous answer. */
  async serial(on: boolean): Promise<void> {
    await this.#ask({ op: 'serial', on });
  }

  /**
   * Spec validation of requests and answers on or off. The benches validate their warm-up run and
   * time the others without: the simulator is one thread, and validating large answers one after
   * another (real services answer parallel requests in parallel) would be timed as pnd's.
   */
  async validate(on: boolean): Promise<void> {
    await this.#ask({ op: 'validate', on });
  }

  async problems(): Promise<number> {
    return (await this.#ask({ op: 'problems' })) as number;
  }

  /** The simulator process's CPU time so far and its resident memory. */
  async cpu(): Promise<{ ms: number; rssMiB: number }> {
    return (await this.#ask({ op: 'cpu' })) as { ms: number; rssMiB: number };
  }

  /** The simulator process's memory budget so far (src/sim/memory-budget.ts), or null without one (the default: see sim-process.ts). */
  async memoryBudget(): Promise<MemoryBudgetStats | null> {
    return (await this.#ask({ op: 'memory' })) as MemoryBudgetStats | null;
  }

  /** The simulator process's peak resident memory so far (VmHWM, Linux), in MiB. */
  peakRssMiB(): Promise<number | undefined> {
    return peakRssMiB(this.#child.pid!);
  }

  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.#child.once('exit', resolve));
    await this.#ask({ op: 'stop' });
    await exited;
  }
}
