import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitEvenly } from './dependency-prs.ts';

describe('splitEvenly (how the dependency listing spreads repositories over queries)', () => {
  it('spreads 100 repositories over 4 queries, keeps a small listing in one, caps a query at the maximum', () => {
    const sizes = (n: number) =>
      splitEvenly(
        Array.from({ length: n }, (_, i) => i),
        100,
        25,
        4,
      ).map((c) => c.length);
    expect(sizes(0)).toEqual([]);
    expect(sizes(1)).toEqual([1]);
    expect(sizes(49)).toEqual([49]);
    expect(sizes(50)).toEqual([25, 25]);
    expect(sizes(100)).toEqual([25, 25, 25, 25]);
    expect(sizes(400)).toEqual([100, 100, 100, 100]);
    expect(sizes(401)).toEqual([81, 81, 81, 81, 77]);
  });

  it('keeps every item once and in order, within the maximum, in no more queries than needed', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(), { maxLength: 700 }),
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 100 }),
        (items, max, parallel, rawMin) => {
          const min = Math.min(rawMin, max);
          const chunks = splitEvenly(items, max, min, parallel);
          expect(chunks.flat()).toEqual(items);
          expect(chunks.every((c) => c.length > 0 && c.length <= max)).toBe(true);
          expect(chunks.length).toBeLessThanOrEqual(Math.max(Math.ceil(items.length / max), parallel));
          // Even: all but the last are one size, the last no larger.
          const size = chunks[0]?.length ?? 0;
          expect(chunks.slice(0, -1).every((c) => c.length === size)).toBe(true);
          expect(chunks.every((c) => c.length <= size)).toBe(true);
          // Spreading for parallelism never makes a query smaller than `min` (but the last).
          if (chunks.length > Math.ceil(items.length / max))
            expect(chunks.slice(0, -1).every((c) => c.length >= min)).toBe(true);
        },
      ),
    );
  });
});
