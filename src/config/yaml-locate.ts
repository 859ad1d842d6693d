import { isAlias, isMap, isScalar, isSeq, type Document, type Node } from 'yaml';
import { linePosition, type LineIndex } from './line-index.ts';
import type { PathSegment } from './problems.ts';

/**
 * Maps a path in the parsed estate back to the YAML source, so every problem can name the
 * file:line:col a person has to edit.
 */

export interface SourcePosition {
  line: number;
  column: number;
}

/** Point at the value (wrong values), or at the key (unknown keys, keys that name nothing). */
export type Anchor = 'value' | 'key';

interface Step {
  value: Node | null;
  /** The key that holds `value` in its mapping; absent for list items and the root. */
  key?: Node;
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return typeof key === 'string' ? key : undefined;
}

function startOf(node: Node | null | undefined): number | undefined {
  return node?.range?.[0];
}

/** `key:` with nothing after it: the parser places the empty value after the colon; the key reads better. */
function isEmptyValue(node: Node | null): boolean {
  return node === null || (isScalar(node) && node.value === null && node.range?.[0] === node.range?.[1]);
}

/** Walks as far along `path` as the document goes; aliases are followed to what they name. */
function walk(doc: Document, path: readonly PathSegment[]): { steps: Step[]; complete: boolean } {
  const steps: Step[] = [{ value: doc.contents }];
  let current: Node | null = doc.contents;
  for (const segment of path) {
    if (isAlias(current)) current = (current.resolve(doc) as Node | undefined) ?? null;
    let next: Step | undefined;
    if (isMap(current)) {
      const pair = current.items.find((item) => keyText(item.key) === String(segment));
      if (pair) next = { value: (pair.value as Node | null) ?? null, key: pair.key as Node };
    } else if (isSeq(current) && typeof segment === 'number') {
      const item = current.items[segment] as Node | undefined;
      if (item !== undefined) next = { value: item };
    }
    if (next === undefined) return { steps, complete: false };
    steps.push(next);
    current = next.value;
  }
  return { steps, complete: true };
}

/**
 * Source offset for a problem at `path`. A missing key points at the key that names its mapping
 * (or at the mapping itself for list items and the root); an empty value points at its key.
 */
export function offsetOf(doc: Document, path: readonly PathSegment[], anchor: Anchor): number {
  const { steps, complete } = walk(doc, path);
  const last = steps.at(-1);
  if (last === undefined) return 0;
  const keyStart = startOf(last.key);
  const valueStart = startOf(last.value);
  if (keyStart !== undefined && (!complete || anchor === 'key' || isEmptyValue(last.value))) return keyStart;
  return valueStart ?? keyStart ?? 0;
}

export function positionOf(
  doc: Document,
  lines: LineIndex,
  path: readonly PathSegment[],
  anchor: Anchor,
): SourcePosition {
  return linePosition(lines, offsetOf(doc, path, anchor));
}
