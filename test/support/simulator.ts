import { afterEach } from 'vitest';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../src/sim/simulator.ts';
import { scanSimulator } from './secrets-scan.ts';

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
    for (const sim of stopped) scanSimulator(sim);
  });
  return async (options) => {
    const sim = await startSimulator(options);
    running.push(sim);
    return sim;
  };
}
