const cache = new Map<number, string>();

/** GitHub writes instants without milliseconds: "2026-11-23T04:00:00Z". */
export function iso(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  let text = cache.get(seconds);
  if (text === undefined) {
    // Rendering a page formats the same few instants hundreds of times; a bounded memo of them
    // keeps date formatting out of the simulator's throughput profile.
    if (cache.size > 10_000) cache.clear();
    text = new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
    cache.set(seconds, text);
  }
  return text;
}

export function isoOrNull(ms: number | null | undefined): string | null {
  return ms === null || ms === undefined ? null : iso(ms);
}
