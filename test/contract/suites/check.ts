import { describe, expect, it } from 'vitest';
import type { CheckRunner } from '../../../src/capabilities/check.ts';
import type { Check } from '../../../src/config/schema.ts';
import type { VirtualClock } from '../../../src/core/clock.ts';
import { PndError } from '../../../src/core/errors.ts';
import type { Simulator } from '../../../src/sim/simulator.ts';

/** What a check kind's test file hands the suite. */
export interface CheckFixture {
  sim: Simulator;
  clock: VirtualClock;
  /** A runner of a resource that is healthy as the scenario stands. */
  healthy: CheckRunner;
  /** A runner of a resource the vendor does not have. */
  missing: CheckRunner;
  /** A runner whose credential the vendor refuses. */
  refused: CheckRunner;
}

/**
 * The Check capability's contract (src/capabilities/check.ts), in the unstorage manner: every
 * check kind runs it against the simulator through a few-line test file.
 */
export function describeCheckContract(kind: Check['kind'], make: () => Promise<CheckFixture>): void {
  describe(`Check contract: ${kind}`, () => {
    it('passes a healthy resource with evidence read at the clock’s time, reading only, within its request budget', async () => {
      const { sim, clock, healthy } = await make();
      expect(healthy.kind).toBe(kind);
      expect(healthy.label).not.toBe('');
      const before = sim.log.lastSeq;
      const result = await healthy.run({});
      expect(result).toMatchObject({ kind, check: healthy.label, status: 'pass' });
      expect(result.reason).not.toBe('');
      expect(result.evidence.length).toBeGreaterThan(0);
      for (const e of result.evidence) {
        expect(e.read).toMatch(/^GET /);
        expect(Date.parse(e.at)).toBeLessThanOrEqual(clock.now());
      }
      const requests = sim.log.entries(before);
      expect(sim.log.mutations(before)).toEqual([]);
      expect(requests.length).toBeGreaterThan(0);
      expect(requests.length).toBeLessThanOrEqual(healthy.requestsPerRun);
    });

    it('fails, naming the resource, when the vendor does not have it', async () => {
      const { missing } = await make();
      const result = await missing.run({});
      expect(result.status).toBe('fail');
      expect(result.reason).toMatch(/not found|no such|does not exist/i);
    });

    it('raises a PndError naming where, never a vendor error, when the credential is refused', async () => {
      const { refused } = await make();
      const failure = await refused.run({}).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(PndError);
      expect((failure as PndError).code).toBe('auth-failed');
      expect(String((failure as PndError).details.where)).not.toBe('');
    });
  });
}
