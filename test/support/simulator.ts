import { afterEach } from 'vitest';
import { VirtualClock } from '../../src/core/clock.ts';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../src/sim/simulator.ts';
import { scanSimulator } from './secrets-scan.ts';
import { loadSpecValidator, type SpecValidator } from '../../src/sim/spec/index.ts';

// One spec validator for every simulator a test file starts: it holds only the loaded
// descriptions and the compiled Ajv schemas, which a new simulator would otherwise load and
// compile again (most of a short test's CPU).
let sharedValidator: SpecValidator | undefined;

/**
 * `startSimulator` for a test file: every simulator a test starts is stopped after that test,
 * whether it passed or not, so no file repeats the bookkeeping. Then the secrets scan reads what
 * reached it (secrets-scan.ts): a leaked token fails the test.
 */
export function useSimulators(): (options: SimulatorOptions) => Promise<Simulator> {
  const running: Simulator[] = [];
  afterEach(async () => {
    const stopped = running.splice(0);
    await Promise.all(stopped.map((sim) => sim.stop()));
    for (const sim of stopped) await scanSimulator(sim);
  });
  return async (options) => {
    sharedValidator ??= loadSpecValidator();
    const sim = await startSimulator({ validator: sharedValidator, ...options });
    running.push(sim);
    return sim;
  };
}

/**
 * The clock a test's GitHub client paces its writes on: production spacing (1 s, 3 s for
 * notifying writes) kept in virtual time that jumps ahead at each wait, so no test waits on real
 * write spacing. Its `now()` tells when, in that time, each write was let through.
 */
export function pacingClock(): VirtualClock {
  return new VirtualClock(0, { autoAdvance: true });
}
