import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { PndError } from '../../core/errors.ts';
import { parseScenario } from './load.ts';

const problemsOf = (text: string) => {
  try {
    parseScenario(text, 'scenario.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(PndError);
    return (error as PndError).details.problems as { where: string; path: string }[];
  }
  throw new Error('expected the scenario to be refused');
};

describe('scenario loading', () => {
  it('loads the seed estate scenario', () => {
    const text = readFileSync(
      new URL('../../../examples/tilgangsinfo/scenario.yaml', import.meta.url),
      'utf8',
    );
    expect(parseScenario(text).name).toBe('tilgangsinfo-monday');
  });

  it('locates every problem at file:line:col', () => {
    const problems = problemsOf(
      ['name: x', "start: 'yesterday'", 'sneaky: 1', 'faults:', '  - kind: explode', ''].join('\n'),
    );
    expect(problems.map((p) => p.where)).toEqual([
      'scenario.yaml:2:8',
      'scenario.yaml:3:1',
      'scenario.yaml:5:11',
    ]);
  });

  it('reports YAML syntax errors with their position', () => {
    const problems = problemsOf('name: x\nstart: [\n');
    expect(problems[0]!.where).toMatch(/^scenario\.yaml:\d+:\d+$/);
  });
});
