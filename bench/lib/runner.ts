/**
 * The one way the benchmarks run and report a measurement: the same number of runs for pnd and
 * for its baseline, each printed as median and range (min-max) of those runs.
 */
export interface Summary {
  runs: number;
  median: number;
  min: number;
  max: number;
}

export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new RangeError('No samples to summarize.');
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { runs: sorted.length, median, min: sorted[0]!, max: sorted[sorted.length - 1]! };
}

/** "1234 ms (1200-1300, 5 runs)", with a unit and decimals of choice. */
export function formatSummary(s: Summary, unit = 'ms', digits = 0): string {
  const f = (n: number) => n.toFixed(digits);
  return `${f(s.median)} ${unit} (${f(s.min)}-${f(s.max)}, ${s.runs} runs)`;
}

/**
 * Runs `fn` `runs` times one after another (after `warmUp` unmeasured runs) and returns what each
 * run reported: `fn` measures itself, so that it can leave out set-up and return several figures.
 */
export async function repeat<T>(runs: number, fn: (run: number) => Promise<T>, warmUp = 0): Promise<T[]> {
  for (let i = 0; i < warmUp; i++) await fn(-1 - i);
  const results: T[] = [];
  for (let i = 0; i < runs; i++) results.push(await fn(i));
  return results;
}

/** Wall time of `fn` in ms, with its result. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, value };
}
