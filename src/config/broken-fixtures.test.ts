import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PndError, exitCodeFor } from '../core/errors.ts';
import { configProblemsOf, loadEstate } from './load.ts';

const DIR = 'test/fixtures/config/broken';
const fixtures = readdirSync(DIR)
  .filter((name) => name.endsWith('.yaml'))
  .sort();

function expectations(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/^# expect: (\d+:\d+ .+)$/gm)].map(
    (match) => match[1] ?? '',
  );
}

function failure(file: string): unknown {
  try {
    loadEstate(file, {});
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('broken configurations', () => {
  it('has at least 15 fixtures', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(15);
  });

  it.each(fixtures)('%s reports exactly the expected problems', (name) => {
    const file = join(DIR, name);
    const expected = expectations(file);
    expect(expected.length, 'the fixture lists its expectations').toBeGreaterThan(0);

    const error = failure(file);
    expect(error).toBeInstanceOf(PndError);
    expect(exitCodeFor(error)).toBe(2);
    const report = configProblemsOf(error);
    expect(report).toBeDefined();
    const actual = report?.problems.map((problem) => `${problem.line}:${problem.column} ${problem.message}`);
    expect(actual).toEqual(expected);
    // The error itself points at the first problem, for commands that print only one line.
    expect((error as PndError).details.where).toBe(`${file}:${expected[0]?.split(' ')[0]}`);
    for (const problem of report?.problems ?? [])
      expect(problem.where).toBe(`${file}:${problem.line}:${problem.column}`);
  });
});
