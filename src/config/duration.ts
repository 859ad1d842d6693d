/**
 * Durations in pnd.yaml are short strings ("6d", "144h", "1d12h", "10m") rather than numbers, so a
 * reader never has to guess the unit. Units are fixed-length: a day is 24 hours here; the train
 * engine applies calendar rules (time zone, DST) itself where they matter.
 */
export const DURATION_PATTERN = /^(?=\d)(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

const UNIT_MS = [7 * 24 * 3_600_000, 24 * 3_600_000, 3_600_000, 60_000, 1_000] as const;

export function isDuration(text: string): boolean {
  return DURATION_PATTERN.test(text);
}

/** Milliseconds in a duration string; throws RangeError on text that `isDuration` rejects. */
export function parseDuration(text: string): number {
  const match = DURATION_PATTERN.exec(text);
  if (!match) throw new RangeError(`Not a duration: ${JSON.stringify(text)}`);
  let total = 0;
  UNIT_MS.forEach((unit, index) => {
    const amount = match[index + 1];
    if (amount !== undefined) total += Number(amount) * unit;
  });
  return total;
}
