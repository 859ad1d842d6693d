import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PndError } from '../../core/errors.ts';
import { startSimulator } from '../simulator.ts';
import { loadScenario, parseScenario } from './load.ts';

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

  it('bounds what seeding costs: node, replica and pod counts, durations, located', () => {
    const cluster = (body: string) =>
      [
        'name: x',
        "start: '2026-11-23T05:00:00Z'",
        'kubernetes:',
        '  clusters:',
        '    - name: c1',
        body,
        '',
      ].join('\n');
    expect(problemsOf(cluster('      nodes: 100000000')).map((p) => p.where)).toEqual(['scenario.yaml:6:14']);
    expect(
      problemsOf(
        cluster(
          [
            '      nodes: 5000',
            '      daemonSets:',
            ...[1, 2, 3, 4, 5].map((i) => `        - { name: d${i}, image: i }`),
          ].join('\n'),
        ),
      ).map((p) => p.path),
    ).toEqual(['kubernetes.clusters[0].daemonSets[4].nodes']);
    expect(
      problemsOf(
        cluster(['      deployments:', '        - { name: d, image: i, replicas: 100000000 }'].join('\n')),
      ).map((p) => p.where),
    ).toEqual(['scenario.yaml:7:42']);
    expect(
      problemsOf(
        [
          'name: x',
          "start: '2026-11-23T05:00:00Z'",
          'timeline:',
          "  - { after: '99999999w', event: e }",
          '',
        ].join('\n'),
      ).map((p) => p.where),
    ).toEqual(['scenario.yaml:4:14']);
  });

  it('refuses a YAML alias bomb at its first alias', () => {
    const bomb = [
      'name: bomb',
      "start: '2026-11-23T05:00:00Z'",
      'description: x',
      'a: &a [x, x, x, x, x, x, x, x, x]',
      ...['b', 'c', 'd', 'e', 'f', 'g'].map(
        (name, i) => `${name}: &${name} [${Array(9).fill(`*${'abcdefg'[i]}`).join(', ')}]`,
      ),
      '',
    ].join('\n');
    let error: unknown;
    try {
      parseScenario(bomb, 'bomb.yaml');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(PndError);
    expect((error as PndError).code).toBe('input-invalid');
    expect((error as PndError).details.where).toBe('bomb.yaml:5:8');
  });

  it('refuses an issue or pull request number given twice, at the second', () => {
    const problems = problemsOf(
      [
        'name: x',
        "start: '2026-11-23T05:00:00Z'",
        'github:',
        '  repositories:',
        '    - fullName: acme/app',
        '      issues:',
        '        - { number: 3, title: a }',
        '      pulls:',
        '        - { number: 3, title: b, user: "renovate[bot]" }',
        '',
      ].join('\n'),
    );
    expect(problems.map((p) => [p.where, p.path])).toEqual([
      ['scenario.yaml:9:21', 'github.repositories[0].pulls[0].number'],
    ]);
  });

  it('refuses invalid UTF-8 and NUL bytes at their line and column; a BOM is fine', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pnd-scenario-'));
    const file = (name: string, bytes: Buffer) =>
      writeFile(join(dir, name), bytes).then(() => join(dir, name));
    const head = Buffer.from("name: x\nstart: '2026-11-23T05:00:00Z'\ndescription: TT");
    const refusal = async (path: string) => {
      const error = await loadScenario(path).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(PndError);
      return error as PndError;
    };
    const latin1 = await file('latin1.yaml', Buffer.concat([head, Buffer.from([0xff, 0x30, 0x32, 0x0a])]));
    expect((await refusal(latin1)).details.where).toBe(`${latin1}:3:16`);
    const cut = await file('cut.yaml', Buffer.concat([head, Buffer.from('ø02\n'), Buffer.from([0xc3])]));
    expect((await refusal(cut)).details.where).toBe(`${cut}:4:1`);
    const nul = await file('nul.yaml', Buffer.concat([head, Buffer.from('ø\u000002\n')]));
    const nulError = await refusal(nul);
    expect([nulError.message, nulError.details.where]).toEqual(['The file holds a NUL byte.', `${nul}:3:17`]);
    const bom = await file(
      'bom.yaml',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), head, Buffer.from('ø02\n')]),
    );
    expect((await loadScenario(bom)).description).toBe('TTø02');
  });

  it('creates a --state-dir that does not exist yet', async () => {
    const stateDir = join(await mkdtemp(join(tmpdir(), 'pnd-state-')), 'new', 'nested');
    const sim = await startSimulator({
      scenario: parseScenario("name: x\nstart: '2026-11-23T05:00:00Z'\n"),
      stateDir,
      warn: () => {},
    });
    try {
      expect(existsSync(join(stateDir, 'ca.pem'))).toBe(true);
    } finally {
      await sim.stop();
    }
  });
});
