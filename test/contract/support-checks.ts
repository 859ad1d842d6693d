import { loadEstate } from '../../src/config/load.ts';
import type { Check } from '../../src/config/schema.ts';
import { VirtualClock } from '../../src/core/clock.ts';
import { checkAccessFromSim } from '../../src/demo/sim-check-access.ts';
import { simAccess } from '../../src/demo/sim-access.ts';
import { createCheckRunner, type CheckAccess } from '../../src/providers/registry.ts';
import { loadScenario } from '../../src/sim/scenario/load.ts';
import type { Simulator, SimulatorOptions } from '../../src/sim/simulator.ts';
import type { CheckFixture } from './suites/check.ts';

/**
 * A check kind's fixture on the seed estate: its first check of `kind` in TT02 as configured
 * (healthy as the scenario stands), the same resource renamed (missing), and the same check with
 * credentials the simulator does not accept (refused).
 */
export async function seedCheckFixture(
  start: (options: SimulatorOptions) => Promise<Simulator>,
  kind: Check['kind'],
): Promise<CheckFixture> {
  const scenario = await loadScenario('examples/tilgangsinfo/scenario.yaml');
  const clock = new VirtualClock(scenario.start, { autoAdvance: true });
  const sim = await start({ scenario, clock, warn: () => {} });
  const access = checkAccessFromSim(simAccess(sim));
  const { estate } = loadEstate('examples/tilgangsinfo/pnd.yaml', {});
  const check = estate.components
    .flatMap((c) => c.environments.tt02?.checks ?? [])
    .find((c): c is Check => c.kind === kind)!;
  const refusedAccess: CheckAccess = {
    ca: access.ca,
    arm: {
      endpoint: access.arm.endpoint,
      credential: {
        getToken: async () => ({ token: 'not-a-token', expiresOnTimestamp: Date.now() + 3_600_000 }),
      },
    },
    kubernetes: (cluster) => ({ ...access.kubernetes(cluster), token: 'not-a-token' }) as never,
  };
  return {
    sim,
    clock,
    healthy: createCheckRunner(check, access, clock),
    missing: createCheckRunner({ ...check, name: 'no-such-resource' }, access, clock),
    refused: createCheckRunner(check, refusedAccess, clock),
  };
}
