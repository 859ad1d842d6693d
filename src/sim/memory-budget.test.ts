import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMemoryBudget, lastResortCollection, startMemoryBudget } from './memory-budget.ts';

const MiB = 1_048_576;

/** A process whose resident set is `live` plus garbage that only a collection gives back. */
function fakeProcess(live: number) {
  const state = { live, garbage: 0, collections: 0 };
  return {
    state,
    residentBytes: () => state.live + state.garbage,
    collect: () => {
      state.collections++;
      state.garbage = 0;
    },
  };
}

describe('memory budget', () => {
  it('collects only above the target, and what a collection frees is given back', () => {
    const p = fakeProcess(60 * MiB);
    const budget = createMemoryBudget({ targetBytes: 100 * MiB, ...p });
    p.state.garbage = 40 * MiB; // exactly at the target: nothing to do
    budget.check();
    expect(p.state.collections).toBe(0);
    p.state.garbage = 41 * MiB;
    budget.check();
    expect(p.state.collections).toBe(1);
    expect(p.residentBytes()).toBe(60 * MiB);
    expect(budget.stats()).toMatchObject({
      targetBytes: 100 * MiB,
      workingTargetBytes: 100 * MiB,
      collections: 1,
    });
  });

  it('moves its working target up when the live data outgrows it, says so, and comes back down', () => {
    const p = fakeProcess(90 * MiB);
    const raised: number[] = [];
    const budget = createMemoryBudget({
      targetBytes: 100 * MiB,
      ...p,
      onRaised: (working) => raised.push(working),
    });
    p.state.garbage = 20 * MiB;
    budget.check(); // 110 -> 90 left: collecting at 100 again would free almost nothing
    expect(budget.stats().workingTargetBytes).toBe(Math.ceil(90 * MiB * 1.2));
    expect(raised).toEqual([]); // the headroom is the budget at work; the live data still fits
    p.state.live = 120 * MiB; // now the live data itself is over the target
    p.state.garbage = 20 * MiB;
    budget.check();
    expect(raised).toEqual([Math.ceil(120 * MiB * 1.2)]);
    p.state.garbage = 30 * MiB;
    budget.check(); // still outgrown: not said again
    expect(raised).toHaveLength(1);
    expect(p.state.collections).toBe(3);
    p.state.live = 90 * MiB;
    p.state.garbage = 15 * MiB; // 105: above the configured target, under the working one
    budget.check();
    expect(p.state.collections).toBe(3);
    // The live data shrinks (a scenario's big page is gone): the next collection lowers it again.
    p.state.live = 40 * MiB;
    p.state.garbage = 180 * MiB;
    budget.check();
    expect(p.state.collections).toBe(4);
    expect(budget.stats().workingTargetBytes).toBe(100 * MiB);
    expect(raised).toHaveLength(1);
  });

  it('collects exactly when over its working target and always ends under it: property over live sizes and allocation', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 10, max: 400 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: -20, max: 20 })), {
          minLength: 1,
          maxLength: 200,
        }),
        (liveMiB, steps) => {
          const p = fakeProcess(liveMiB * MiB);
          const budget = createMemoryBudget({ targetBytes: 100 * MiB, ...p });
          for (const [garbageMiB, liveChangeMiB] of steps) {
            p.state.garbage += garbageMiB * MiB;
            p.state.live = Math.max(MiB, p.state.live + liveChangeMiB * MiB);
            const before = p.residentBytes();
            const working = budget.stats().workingTargetBytes;
            const collections = p.state.collections;
            budget.check();
            expect(p.state.collections - collections).toBe(before > working ? 1 : 0);
            expect(p.residentBytes()).toBeLessThanOrEqual(budget.stats().workingTargetBytes);
            expect(budget.stats().workingTargetBytes).toBeGreaterThanOrEqual(100 * MiB);
          }
        },
      ),
    );
  });

  it('accounts the time collections take', () => {
    const p = fakeProcess(10 * MiB);
    let clock = 0;
    const budget = createMemoryBudget({
      targetBytes: 20 * MiB,
      ...p,
      collect: () => {
        clock += 7;
        p.collect();
      },
      now: () => clock,
    });
    p.state.garbage = 30 * MiB;
    budget.check();
    p.state.garbage = 30 * MiB;
    budget.check();
    expect(budget.stats().collectMs).toBe(14);
  });

  it('is off without a target or without a memory-reducing collection', () => {
    expect(startMemoryBudget({ targetBytes: 0, collect: () => {} })).toBeUndefined();
    // Vitest's workers run without --expose-gc, as a test runner should: no collection to ask for.
    expect(lastResortCollection()).toBeUndefined();
    expect(startMemoryBudget({ targetBytes: 100 * MiB })).toBeUndefined();
  });
});
