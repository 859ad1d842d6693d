import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadEstate } from '../../config/load.ts';
import { VirtualClock } from '../../core/clock.ts';
import { PndError, exitCodeFor } from '../../core/errors.ts';
import type { Journal } from '../../journal/index.ts';
import { offlineProviders } from '../../../test/support/offline-providers.ts';
import { deployDayRequest } from './request.ts';
import { assertTimeoutHoldsDwell } from './timeout-holds-dwell.ts';

function targets(file: string, env: string) {
  const { estate } = loadEstate(file, {});
  return deployDayRequest(estate, {
    env,
    dryRun: true,
    clock: new VirtualClock('2026-11-25T08:00:00Z'),
    journal: {} as Journal,
    providers: offlineProviders(),
    issue: false,
  }).targets;
}

const MINUTE = 60_000;
const refusal = (run: () => void): PndError | undefined => {
  try {
    run();
    return undefined;
  } catch (error) {
    if (error instanceof PndError) return error;
    throw error;
  }
};

describe('a --timeout that cannot hold the dwell is refused before anything runs', () => {
  it('the seed estate: TT02 dwells 10m; 9m is refused (exit 2, says which and what to do), 10m is not', () => {
    const tt02 = targets('examples/tilgangsinfo/pnd.yaml', 'tt02');
    const error = refusal(() => assertTimeoutHoldsDwell(tt02, 'post-deployed', 9 * MINUTE, '9m'));
    expect(error).toBeInstanceOf(PndError);
    expect(exitCodeFor(error!)).toBe(2);
    expect(error!.message).toBe('The timeout is shorter than the dwell of TT02.');
    expect(error!.details.where).toBe('--timeout 9m');
    expect(String(error!.details.hint)).toMatch(/--timeout 10m or more.*--until deployed/);
    expect(refusal(() => assertTimeoutHoldsDwell(tt02, 'post-deployed', 10 * MINUTE, '10m'))).toBeUndefined();
    // Deploying only verifies nothing: no dwell to hold.
    expect(refusal(() => assertTimeoutHoldsDwell(tt02, 'deployed', MINUTE, '1m'))).toBeUndefined();
  });

  it('a second estate: staging dwells 5m with checks; live has no checks, so no dwell to wait for', () => {
    const file = 'test/fixtures/second-estate/pnd.yaml';
    const staging = targets(file, 'staging');
    expect(refusal(() => assertTimeoutHoldsDwell(staging, 'verified', 4 * MINUTE, '4m'))?.message).toBe(
      'The timeout is shorter than the dwell of Staging.',
    );
    expect(refusal(() => assertTimeoutHoldsDwell(staging, 'verified', 5 * MINUTE, '5m'))).toBeUndefined();
    const live = targets(file, 'live');
    expect(refusal(() => assertTimeoutHoldsDwell(live, 'post-deployed', MINUTE, '1m'))).toBeUndefined();
  });

  it('refuses exactly when the timeout is under the longest dwell of a target with checks: property', () => {
    const tt02 = targets('examples/tilgangsinfo/pnd.yaml', 'tt02');
    fc.assert(
      fc.property(
        fc.array(fc.record({ dwellMs: fc.integer({ min: 0, max: 86_400_000 }), checked: fc.boolean() }), {
          maxLength: 8,
        }),
        fc.integer({ min: 0, max: 86_400_000 }),
        (shapes, timeoutMs) => {
          const made = shapes.map((shape, i) => ({
            ...tt02[i % tt02.length]!,
            dwellMs: shape.dwellMs,
            checks: shape.checked ? tt02[0]!.checks : () => [],
          }));
          const longest = Math.max(0, ...shapes.filter((s) => s.checked).map((s) => s.dwellMs));
          const refused =
            refusal(() => assertTimeoutHoldsDwell(made, 'post-deployed', timeoutMs, 'x')) !== undefined;
          expect(refused).toBe(timeoutMs < longest);
        },
      ),
    );
  });
});
