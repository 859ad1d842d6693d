/**
 * The estate simulator in a process of its own for the benchmarks (bench/lib/remote-sim.ts forks
 * it), so that a bench's figures for pnd are pnd's: the simulator's CPU, garbage collection and
 * event-loop turns are not in the measured process. Driven over IPC: the virtual clock, faults,
 * the request log, the most requests in flight per vendor, and a serial mode (one request
 * handled at a time) for baselines that make the same requests one after another.
 *
 *   fork('bench/lib/sim-process.ts', [scenarioFile])   (YAML, or JSON, which is YAML too)
 */
import { readFileSync } from 'node:fs';
import { simAccess, type SimAccess } from '../../src/demo/sim-access.ts';
import { VirtualClock } from '../../src/core/clock.ts';
import type { FaultRule } from '../../src/sim/faults.ts';
import { parseScenario } from '../../src/sim/scenario/load.ts';
import { startSimulator } from '../../src/sim/simulator.ts';
import { startMemoryBudget } from '../../src/sim/memory-budget.ts';

export type SimCommand =
  | { op: 'advance'; ms: number }
  | { op: 'set'; at: number }
  | { op: 'fault'; rule: FaultRule }
  | { op: 'clear-faults' }
  | { op: 'entries'; since: number }
  | { op: 'last-seq' }
  | { op: 'reset-in-flight' }
  | { op: 'max-in-flight' }
  | { op: 'serial'; on: boolean }
  | { op: 'validate'; on: boolean }
  | { op: 'problems' }
  | { op: 'cpu' }
  | { op: 'memory' }
  | { op: 'stop' };

const file = process.argv[2] as string;
const scenario = parseScenario(readFileSync(file, 'utf8'), file);
const clock = new VirtualClock(scenario.start);
const sim = await startSimulator({ scenario, clock, warn: (m) => process.stderr.write(`${m}\n`) });
// Without the memory budget `pnd sim` runs under (src/sim/memory-budget.ts) unless
// BENCH_SIM_MEMORY_TARGET (MiB) asks for it: these benches time pnd, and a memory-reducing
// collection pauses the simulator 40-300 ms at their heap sizes, which a bench would count as
// pnd's round trips (measured: bench:deploy at 200 components, 3.8 and 4.0 round trips without
// it, 5.0 and 5.8 with it). bench:sim, which measures the simulator, runs it as `pnd sim` does.
const memoryTargetMiB = Number(process.env.BENCH_SIM_MEMORY_TARGET ?? 0);
const budget = startMemoryBudget({ targetBytes: memoryTargetMiB * 1048576 });

const inFlight = new Map<string, number>();
const maxInFlight = new Map<string, number>();
let serial = false;
let turn: Promise<void> = Promise.resolve();
const releases: (() => void)[] = [];

sim.intercept = {
  before: (entry) => {
    const now = (inFlight.get(entry.vendor) ?? 0) + 1;
    inFlight.set(entry.vendor, now);
    maxInFlight.set(entry.vendor, Math.max(maxInFlight.get(entry.vendor) ?? 0, now));
    if (!serial) return undefined;
    // Serial mode: this request is handled (delay fault included) once the one before it answered.
    const previous = turn;
    turn = new Promise((resolve) => releases.push(resolve));
    return previous;
  },
  after: (entry) => {
    inFlight.set(entry.vendor, (inFlight.get(entry.vendor) ?? 1) - 1);
    releases.shift()?.();
    return undefined;
  },
};

const answer = (id: number, value: unknown) => process.send?.({ id, value });

process.on('message', (message: { id: number; command: SimCommand }) => {
  const { id, command } = message;
  switch (command.op) {
    case 'advance':
      clock.advance(command.ms);
      return answer(id, clock.now());
    case 'set':
      if (command.at > clock.now()) clock.set(command.at);
      return answer(id, clock.now());
    case 'fault':
      sim.faults.add(command.rule);
      return answer(id, null);
    case 'clear-faults':
      sim.faults.clear();
      return answer(id, null);
    case 'entries':
      // Bodies stay here: the benches count and classify requests, they do not read payloads.
      return answer(
        id,
        sim.log.entries(command.since).map(({ body: _body, ...entry }) => entry),
      );
    case 'last-seq':
      return answer(id, sim.log.lastSeq);
    case 'reset-in-flight':
      maxInFlight.clear();
      return answer(id, null);
    case 'max-in-flight':
      return answer(id, Object.fromEntries(maxInFlight));
    case 'serial':
      serial = command.on;
      return answer(id, null);
    case 'validate':
      sim.validating = command.on;
      return answer(id, null);
    case 'problems':
      return answer(id, sim.problems().length);
    case 'cpu': {
      const { user, system } = process.cpuUsage();
      return answer(id, {
        ms: (user + system) / 1000,
        rssMiB: Math.round(process.memoryUsage().rss / 1048576),
      });
    }
    case 'memory':
      return answer(id, budget?.stats() ?? null);
    case 'stop':
      void sim.stop().then(() => {
        answer(id, null);
        process.exit(0);
      });
      return;
  }
});

/** simAccess needs every vendor's token; a GitHub-only scenario (deps-gather) gets empty ones. */
function access(): SimAccess {
  try {
    return simAccess(sim);
  } catch {
    const github = scenario.github?.tokens?.[0]?.token ?? '';
    return { ca: sim.caPem, urls: sim.urls, tokens: { github, azureDevOps: '', arm: '', kubernetes: {} } };
  }
}

process.send?.({ ready: { access: access(), now: clock.now() } });
