import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { PndError } from '../core/errors.ts';
import { configProblemsOf, parseEstate } from './load.ts';
import type { ConfigProblem } from './problems.ts';

/**
 * Whatever a person does to a valid pnd.yaml, loading it either succeeds or fails with a
 * config-invalid PndError whose every location exists in the file: never a crash, never a
 * line:col an editor cannot jump to.
 */

const EXAMPLE = readFileSync('examples/tilgangsinfo/pnd.yaml', 'utf8');

type Path = Array<string | number>;

/** Paths to every mapping (for inserts), every key (for deletes) and every scalar (for replaces). */
function collect(value: unknown, path: Path, out: { maps: Path[]; keys: Path[]; scalars: Path[] }): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => collect(item, [...path, index], out));
  } else if (typeof value === 'object' && value !== null) {
    out.maps.push(path);
    for (const [key, child] of Object.entries(value)) {
      out.keys.push([...path, key]);
      collect(child, [...path, key], out);
    }
  } else {
    out.scalars.push(path);
  }
}

const TARGETS = { maps: [] as Path[], keys: [] as Path[], scalars: [] as Path[] };
collect(parseDocument(EXAMPLE).toJS(), [], TARGETS);

const interestingValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(
    '',
    '~',
    'PLACEHOLDER-x',
    'http://example.com',
    '6 days',
    'tt02',
    'production',
    'Europe/Olso',
  ),
  fc.constant(null),
  fc.integer({ min: -5, max: 500 }),
);

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('replace' as const), pick: fc.nat(), value: interestingValue }),
  fc.record({
    kind: fc.constant('insert' as const),
    pick: fc.nat(),
    key: fc.string({ minLength: 1, maxLength: 12 }),
    value: interestingValue,
  }),
  fc.record({ kind: fc.constant('drop-line' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('splice-text' as const), pick: fc.nat(), text: fc.string({ maxLength: 8 }) }),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function pickFrom<T>(list: readonly T[], pick: number): T {
  const item = list[pick % list.length];
  if (item === undefined) throw new Error('nothing to pick from');
  return item;
}

function apply(text: string, change: Mutation): string {
  switch (change.kind) {
    case 'drop-line': {
      const lines = text.split('\n');
      lines.splice(change.pick % lines.length, 1);
      return lines.join('\n');
    }
    case 'splice-text': {
      const at = change.pick % (text.length + 1);
      return text.slice(0, at) + change.text + text.slice(at);
    }
    default: {
      const doc = parseDocument(text);
      if (doc.errors.length > 0) return text;
      try {
        if (change.kind === 'delete') doc.deleteIn(pickFrom(TARGETS.keys, change.pick));
        if (change.kind === 'replace') doc.setIn(pickFrom(TARGETS.scalars, change.pick), change.value);
        if (change.kind === 'insert')
          doc.setIn([...pickFrom(TARGETS.maps, change.pick), change.key], change.value);
        return doc.toString();
      } catch {
        // An earlier change removed or replaced the collection this path goes through.
        return text;
      }
    }
  }
}

function assertInBounds(text: string, problems: ConfigProblem[]): void {
  const lines = text.split('\n');
  for (const problem of problems) {
    if (problem.line === undefined) continue;
    expect(problem.line).toBeGreaterThanOrEqual(1);
    expect(problem.line).toBeLessThanOrEqual(lines.length);
    expect(problem.column).toBeGreaterThanOrEqual(1);
    expect(problem.column).toBeLessThanOrEqual((lines[problem.line - 1]?.length ?? 0) + 1);
    expect(problem.where).toBe(`pnd.yaml:${problem.line}:${problem.column}`);
  }
}

describe('mutations of the example', () => {
  it('never throw anything but a config-invalid PndError, with locations inside the file', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (changes) => {
        const text = changes.reduce(apply, EXAMPLE);
        try {
          const { warnings } = parseEstate(text, 'pnd.yaml', {});
          assertInBounds(text, warnings);
        } catch (error) {
          expect(error).toBeInstanceOf(PndError);
          expect((error as PndError).code).toBe('config-invalid');
          const report = configProblemsOf(error);
          expect(report?.problems.length).toBeGreaterThan(0);
          assertInBounds(text, report?.problems ?? []);
          assertInBounds(text, report?.warnings ?? []);
        }
      }),
      { numRuns: 400 },
    );
  });
});
