import { describe, expect, it } from 'vitest';
import type { ChangeFeedReader } from '../../../src/capabilities/change-feed.ts';
import type { VirtualClock } from '../../../src/core/clock.ts';
import { PndError } from '../../../src/core/errors.ts';
import type { Simulator } from '../../../src/sim/simulator.ts';

export interface ChangeFeedFixture {
  sim: Simulator;
  clock: VirtualClock;
  /** A feed with relevant changes in the week before the clock's time. */
  feed: ChangeFeedReader;
  refused: ChangeFeedReader;
}

const WEEK = 7 * 86_400_000;

/** The ChangeFeed capability's contract (src/capabilities/change-feed.ts). */
export function describeChangeFeedContract(name: string, make: () => Promise<ChangeFeedFixture>): void {
  describe(`ChangeFeed contract: ${name}`, () => {
    it('lists relevant changes since a time, newest first, each with an id, a label and its hashtags; reads only', async () => {
      const { sim, clock, feed } = await make();
      const before = sim.log.lastSeq;
      const since = clock.now() - WEEK;
      const changes = await feed.changes(since);
      expect(sim.log.mutations(before)).toEqual([]);
      expect(changes.length).toBeGreaterThan(0);
      const at = changes.map((c) => Date.parse(c.at));
      expect(at).toEqual([...at].sort((a, b) => b - a));
      for (const c of changes) {
        expect(c.id).not.toBe('');
        expect(c.label).not.toBe('');
        expect(c.hashtags.length).toBeGreaterThan(0);
        expect(Date.parse(c.at)).toBeGreaterThanOrEqual(since);
      }
    });

    it('lists nothing since a time after every change', async () => {
      const { clock, feed } = await make();
      expect(await feed.changes(clock.now() + 60_000)).toEqual([]);
    });

    it('maps a refused credential to a PndError', async () => {
      const { clock, refused } = await make();
      const failure = await refused.changes(clock.now() - WEEK).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(PndError);
      expect((failure as PndError).code).toBe('auth-failed');
    });
  });
}
