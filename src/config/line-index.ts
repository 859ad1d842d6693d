/**
 * Offsets → 1-based line:column, computed from the text itself. The yaml package's LineCounter
 * misses line starts after some syntax errors (an unclosed flow mapping, found by the mutation
 * test), which put later errors past the end of their line.
 */
export interface LineIndex {
  /** Offset where each line starts. */
  starts: number[];
  length: number;
}

export function indexLines(text: string): LineIndex {
  const starts = [0];
  for (let offset = text.indexOf('\n'); offset !== -1; offset = text.indexOf('\n', offset + 1)) {
    starts.push(offset + 1);
  }
  return { starts, length: text.length };
}

export function linePosition(index: LineIndex, offset: number): { line: number; column: number } {
  const clamped = Math.min(Math.max(offset, 0), index.length);
  // Binary search for the last line that starts at or before the offset.
  let low = 0;
  let high = index.starts.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if ((index.starts[middle] ?? 0) <= clamped) low = middle;
    else high = middle - 1;
  }
  return { line: low + 1, column: clamped - (index.starts[low] ?? 0) + 1 };
}
