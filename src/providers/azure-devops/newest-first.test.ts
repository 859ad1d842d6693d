import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readNewestFirst, type IdPage } from './newest-first.ts';

// The newest items of an id-ordered list, the pages after the first asked at once: always a hole-
// free top of the list (what reading page after page gives), whichever way the service reads its
// continuation token, and in few round trips.

interface Item {
  id: number;
}

/**
 * A list paged as Azure DevOps pages it: newest first, `top` a page. `upTo`: a token t gives the
 * ids up to t and the next token is the id of the next item (what the simulator does); `below`:
 * the ids below t, the next token the page's last id. `opaque`: tokens that are not ids.
 */
function list(ids: number[], top: number, tokens: 'upTo' | 'below' | 'opaque') {
  const all = [...new Set(ids)].sort((a, b) => b - a).map((id) => ({ id }));
  const asked: (number | string | undefined)[] = [];
  const read = async (token: number | string | undefined): Promise<IdPage<Item>> => {
    asked.push(token);
    await Promise.resolve();
    let from: Item[];
    if (tokens === 'opaque') from = all.slice(token === undefined ? 0 : Number(String(token).slice(1)));
    else if (token === undefined) from = all;
    else if (typeof token === 'string') throw new Error(`a token that is not a number: ${token}`);
    else from = all.filter((i) => (tokens === 'upTo' ? i.id <= token : i.id < token));
    const value = from.slice(0, top);
    if (from.length <= top) return { value };
    const offset = all.indexOf(from[top]!);
    const next = tokens === 'upTo' ? from[top]!.id : tokens === 'below' ? value.at(-1)!.id : `p${offset}`;
    return { value, continuationToken: String(next) };
  };
  return { all, read, asked };
}

/**
 * Answers every request made in one turn of the reader together: the number of batches is the
 * number of round trips, whatever the machine's speed.
 */
function gated<T>(read: (token: number | string | undefined) => Promise<T>) {
  const waiting: (() => void)[] = [];
  let rounds = 0;
  const gatedRead = (token: number | string | undefined) =>
    new Promise<void>((resolve) => waiting.push(resolve)).then(() => read(token));
  const drive = async <R>(work: Promise<R>): Promise<R> => {
    let done = false;
    const result = work.finally(() => (done = true));
    while (!done) {
      await new Promise((resolve) => setImmediate(resolve));
      if (waiting.length === 0) continue;
      rounds++;
      for (const release of waiting.splice(0)) release();
    }
    return result;
  };
  return { read: gatedRead, drive, rounds: () => rounds };
}

const ids = (items: Item[]) => items.map((i) => i.id);

describe('readNewestFirst', () => {
  it('returns a hole-free top of the list, complete when it reaches the end, for any ids and tokens', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          // Dense: one project alone on the id counter.
          fc
            .tuple(fc.integer({ min: 1, max: 50 }), fc.nat({ max: 400 }))
            .map(([first, n]) => Array.from({ length: n }, (_, i) => first + i)),
          // Sparse and uneven: other projects share the counter, in bursts.
          fc.uniqueArray(fc.integer({ min: 1, max: 5000 }), { maxLength: 400 }),
          fc
            .array(fc.tuple(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 40 })), {
              maxLength: 30,
            })
            .map((bursts) => {
              let id = 0;
              return bursts.flatMap(([gap, n]) => Array.from({ length: n }, () => (id += gap)));
            }),
        ),
        fc.integer({ min: 1, max: 12 }),
        fc.constantFrom('upTo' as const, 'below' as const, 'opaque' as const),
        fc.oneof(fc.integer({ min: 1, max: 8 }), fc.constant(Infinity)),
        fc.integer({ min: 1, max: 10 }),
        fc.option(fc.nat({ max: 300 }), { nil: undefined }),
        async (spread, top, tokens, pages, wave, wanted) => {
          const { all, read } = list(spread, top, tokens);
          const enough = wanted === undefined ? undefined : (items: Item[]) => items.length >= wanted;
          const result = await readNewestFirst(read, { pages, wave, ...(enough ? { enough } : {}) });
          expect(ids(result.items)).toEqual(ids(all.slice(0, result.items.length)));
          if (result.complete) expect(result.items).toHaveLength(all.length);
          // Without a budget nor a reason to stop, the reading goes to the end.
          if (pages === Infinity && !enough) expect(result.complete).toBe(true);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('reads 400 sparse releases in two round trips, where one page after another takes four', async () => {
    // The deploy benchmark's project: 100 definitions, 4 releases each, ids 4 in every 10.
    const spread = Array.from({ length: 100 }, (_, d) => [1, 2, 3, 4].map((k) => 1000 + d * 10 + k)).flat();
    const { all, read, asked } = list(spread, 100, 'upTo');
    const net = gated(read);
    const result = await net.drive(readNewestFirst(net.read, { pages: 5, wave: 10 }));
    expect(result).toEqual({ items: all, complete: true });
    expect(net.rounds()).toBe(2);
    expect(asked.length).toBeLessThanOrEqual(5);
  });

  it('fills the holes its guesses leave when the list gets denser further down, in one more round trip', async () => {
    // The newest 100 are 5 ids apart, the older ones 3 apart: guessed pages leave holes.
    const spread = [
      ...Array.from({ length: 100 }, (_, i) => 10_000 - 5 * i),
      ...Array.from({ length: 300 }, (_, i) => 9_000 - 3 * i),
    ];
    const { all, read } = list(spread, 100, 'upTo');
    const net = gated(read);
    const result = await net.drive(readNewestFirst(net.read, { pages: 8, wave: 10 }));
    expect(result).toEqual({ items: all, complete: true });
    expect(net.rounds()).toBe(3);
  });

  it('does not count the id of a guessed token as read when the service gives the ids below it', async () => {
    // Page 1 (100, 90, 80) has 7 ids an item: the guesses are 80 and 64. The page at 80 ends at 65,
    // and the page at 64 starts below it: 64 is nobody's until the hole is read.
    const { all, read, asked } = list([100, 90, 80, 79, 72, 65, 64, 50, 40], 3, 'below');
    const result = await readNewestFirst(read, { pages: 3, wave: 10 });
    expect(asked).toEqual([undefined, 80, 64, 65]);
    expect(result).toEqual({ items: all, complete: true });
  });

  it('continues with the service’s own tokens when they are not ids', async () => {
    const spread = Array.from({ length: 250 }, (_, i) => i + 1);
    const { all, read, asked } = list(spread, 100, 'opaque');
    const result = await readNewestFirst(read, { pages: 5, wave: 10 });
    expect(result).toEqual({ items: all, complete: true });
    expect(asked.slice(-3)).toEqual([undefined, 'p100', 'p200']);
  });

  it('makes one request when the first page holds the whole list or enough of it', async () => {
    for (const [n, enough] of [
      [80, undefined],
      [400, (items: Item[]) => items.length >= 60],
    ] as const) {
      const { read, asked } = list(
        Array.from({ length: n }, (_, i) => i + 1),
        100,
        'upTo',
      );
      await readNewestFirst(read, { pages: 5, wave: 10, ...(enough ? { enough } : {}) });
      expect(asked).toEqual([undefined]);
    }
  });
});
