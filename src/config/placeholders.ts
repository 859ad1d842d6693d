import { PLACEHOLDER_PREFIX } from './formats.ts';
import type { PathSegment } from './problems.ts';

/** Paths of every PLACEHOLDER-… string: values someone still has to look up before pnd can act on them. */
export function placeholderPaths(
  data: unknown,
  path: PathSegment[] = [],
): Array<{ path: PathSegment[]; value: string }> {
  if (typeof data === 'string') return data.startsWith(PLACEHOLDER_PREFIX) ? [{ path, value: data }] : [];
  if (Array.isArray(data)) return data.flatMap((item, index) => placeholderPaths(item, [...path, index]));
  if (typeof data === 'object' && data !== null) {
    return Object.entries(data).flatMap(([key, value]) => placeholderPaths(value, [...path, key]));
  }
  return [];
}
