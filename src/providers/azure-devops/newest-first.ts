/** One page of a list Azure DevOps orders by id, newest first (releases, approvals). */
export interface IdPage<T> {
  value: T[];
  /** `x-ms-continuationtoken`: sent while older items remain. */
  continuationToken?: string;
}

/** Reads the page at a continuation token: none for the newest page, a number or the service's own. */
export type ReadIdPage<T> = (token: number | string | undefined) => Promise<IdPage<T>>;

export interface NewestFirstOptions<T> {
  /**
   * Pages that reach further down the list, the first one included, as a sequential reading would
   * read them (`Infinity`: to the end). Pages that fill a hole between pages read are counted
   * apart, up to as many again.
   */
  pages: number;
  /** True when the newest items (read without a hole) answer everything asked: reading stops. */
  enough?: (newestFirst: T[]) => boolean;
  /** Most pages reaching further down asked at once (the client's in-flight cap). */
  wave: number;
}

export interface NewestFirst<T> {
  /** The newest items of the list with none left out, newest first, each once. */
  items: T[];
  /** Whether `items` reach the end of the list. */
  complete: boolean;
}

/**
 * Guessed tokens are spaced by this share of the id stride the pages read so far show, so that
 * pages overlap a little rather than leave holes: a hole costs one more round trip, an overlap a
 * few releases read twice. Ids shared with other projects make a page's span vary by about a
 * tenth around the estimate; 0.8 leaves a hole only when a page is a quarter denser than the
 * average.
 */
const SPACING = 0.8;

/** A run of ids whose items are all known (present ones read, absent ones known to be absent). */
interface Run {
  lo: number;
  hi: number;
}

/**
 * The newest items of a list the service orders by id, newest first, with `$top` items a page
 * and a continuation token that is an id (`continuationToken` is an integer in the spec; the
 * service sends the id of the next item). Reading it page after page costs one round trip a
 * page; this reads the first page, estimates the id stride from it and asks the pages further
 * down at once, at guessed tokens spaced by that stride, then fills any hole the guesses left
 * between pages from the token that continues the page above the hole. What it returns is
 * exactly what reading page after page gives: items are only returned from the top of the list
 * down to the first id not known, and an id is known only from what a page proves.
 *
 * A page read at token t proves every id from just below t (t itself when the service includes
 * it: the ids it returns are proof enough) down to its last item: everything between is on it,
 * as the list is in id order. The page's continuation token n proves more when the service reads
 * it as "ids up to n" (nothing lies between n and the last item); read as "ids below n", n is the
 * last item itself. Both readings are allowed for, since the spec only says "the releases after
 * the continuation token". A page without a continuation token proves everything below t.
 *
 * Should the tokens not be ids after all (a token that is not a number, or a page holding ids
 * above the token it was read at), the reading starts over page after page with the service's
 * own tokens.
 */
export async function readNewestFirst<T extends { id: number }>(
  read: ReadIdPage<T>,
  options: NewestFirstOptions<T>,
): Promise<NewestFirst<T>> {
  try {
    return await readByIds(read, options);
  } catch (error) {
    if (!(error instanceof TokensAreNotIds)) throw error;
    return readInTurn(read, options);
  }
}

class TokensAreNotIds extends Error {}

async function readByIds<T extends { id: number }>(
  read: ReadIdPage<T>,
  options: NewestFirstOptions<T>,
): Promise<NewestFirst<T>> {
  const byId = new Map<number, T>();
  const known: Run[] = [];
  /** Tokens the service sent: continuing from one is exact, whatever it means by it. */
  const sent = new Set<number>();
  const asked = new Set<number | undefined>();
  /** Ids per item of the full pages, by the lowest id each proves: the density there. */
  const density = new Map<number, number>();
  let pageSize = 0;

  const take = async (token: number | undefined): Promise<void> => {
    asked.add(token);
    const page = await read(token);
    const ids = page.value.map((item) => item.id);
    if (token !== undefined && ids.some((id) => id > token)) throw new TokensAreNotIds();
    const raw = page.continuationToken;
    if (raw !== undefined && !/^\d+$/.test(raw)) throw new TokensAreNotIds();
    const next = raw === undefined ? undefined : Number(raw);
    for (const item of page.value) if (!byId.has(item.id)) byId.set(item.id, item);
    for (const id of ids) known.push({ lo: id, hi: id });
    const hi = token === undefined ? Infinity : token - 1;
    const last = ids.length > 0 ? Math.min(...ids) : undefined;
    const lo = next === undefined ? -Infinity : Math.min(next + 1, last ?? Infinity);
    if (next !== undefined) sent.add(next);
    if (lo <= hi) known.push({ lo, hi });
    if (next !== undefined && ids.length > 0) {
      const top = token === undefined ? Math.max(...ids) : hi;
      density.set(lo, (top - lo + 1) / ids.length);
      pageSize = Math.max(pageSize, ids.length);
    }
  };

  /** The token that continues the list below `lo`, the lowest id of a known run. */
  const below = (lo: number): number => (sent.has(lo - 1) ? lo - 1 : lo);
  /**
   * How far apart to guess tokens below `lo`: a little less than a page spans at the density of
   * the page that ends there (the nearest evidence), or of all pages read.
   */
  const strideBelow = (lo: number): number => {
    const all = [...density.values()];
    const perItem = density.get(lo) ?? all.reduce((a, b) => a + b, 0) / Math.max(all.length, 1);
    return Math.max(1, Math.floor(SPACING * pageSize * perItem));
  };

  await take(undefined);
  let reached = 1;
  let filled = 0;
  for (;;) {
    const runs = merge(known);
    const top = runs[0]!;
    const newest = [...byId.values()].filter((item) => item.id >= top.lo).sort((a, b) => b.id - a.id);
    if (top.lo === -Infinity) return { items: newest, complete: true };
    if (options.enough?.(newest)) return { items: newest, complete: false };

    // Each hole between known runs is read from the token that continues the run above it,
    // with guessed pages down to the run below when one page will not fill it.
    const tokens: number[] = [];
    for (let i = 0; i + 1 < runs.length; i++) {
      const from = below(runs[i]!.lo);
      const stride = strideBelow(runs[i]!.lo);
      for (let t = from; filled < options.pages && (t === from || t - 1 > runs[i + 1]!.hi); t -= stride) {
        tokens.push(t);
        filled++;
      }
    }
    // Below everything known, as far as a sequential reading's page budget goes.
    const lowest = runs.at(-1)!;
    if (lowest.lo > -Infinity && reached < options.pages) {
      const from = below(lowest.lo);
      const stride = strideBelow(lowest.lo);
      const room = Math.min(options.pages - reached, Math.max(1, options.wave - tokens.length));
      for (let k = 0; k < room && from - k * stride >= 1; k++) {
        tokens.push(from - k * stride);
        reached++;
      }
    }
    const fresh = [...new Set(tokens)].filter((token) => !asked.has(token));
    if (fresh.length === 0) return { items: newest, complete: false };
    await Promise.all(fresh.map(take));
  }
}

/** Page after page with the service's own tokens: what `readByIds` gives when tokens are not ids. */
async function readInTurn<T extends { id: number }>(
  read: ReadIdPage<T>,
  options: NewestFirstOptions<T>,
): Promise<NewestFirst<T>> {
  const items: T[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  for (let pages = 0; pages < options.pages; pages++) {
    const page = await read(token);
    items.push(...page.value);
    token = page.continuationToken;
    if (token === undefined) return { items, complete: true };
    // A token that repeats would loop forever; the service never does that, a proxy might.
    if (seen.has(token) || options.enough?.(items)) break;
    seen.add(token);
  }
  return { items, complete: false };
}

/** Runs joined where they overlap or touch, highest first. */
function merge(runs: Run[]): Run[] {
  const sorted = [...runs].sort((a, b) => b.hi - a.hi);
  const merged: Run[] = [];
  for (const run of sorted) {
    const last = merged.at(-1);
    if (last && run.hi >= last.lo - 1) last.lo = Math.min(last.lo, run.lo);
    else merged.push({ ...run });
  }
  return merged;
}
