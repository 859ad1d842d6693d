import { parseDuration as parseAnyDuration } from '../core/duration.ts';

/**
 * Durations in pnd.yaml are short strings ("6d", "144h", "1d12h", "10m") rather than numbers, so a
 * reader never has to guess the unit. Units are fixed-length: a day is 24 hours here; the train
 * engine applies calendar rules (time zone, DST) itself where they matter.
 */
export const DURATION_PATTERN = /^(?=\d)(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

export function isDuration(text: string): boolean {
  return DURATION_PATTERN.test(text);
}

/** Milliseconds in a duration string; throws RangeError on text that `isDuration` rejects. */
export function parseDuration(text: string): number {
  // pnd.yaml admits a stricter grammar than core's parser (whole units, largest first), so the
  // pattern decides and core does the arithmetic.
  const ms = isDuration(text) ? parseAnyDuration(text) : undefined;
  if (ms === undefined) throw new RangeError(`Not a duration: ${JSON.stringify(text)}`);
  return ms;
}
