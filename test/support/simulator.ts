import { afterEach } from 'vitest';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../src/sim/simulator.ts';

/**
 * `startSimulator` for a test file: every simulator a test starts is stopped after that test,
 * whether it passed or not, so no file repeats the bookkeeping.
 */
export function useSimulators(): (options: SimulatorOptions) => Promise<Simulator> {
  const running: Simulator[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((sim) => sim.stop()));
  });
  return async (options) => {
    const sim = await startSimulator(options);
    running.push(sim);
    return sim;
  };
}
