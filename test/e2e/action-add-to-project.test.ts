import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { labelFilterInput, labelMismatch } from '../../src/action/label-filter.ts';
import { runAction } from '../../src/action/main.ts';
import { parseScenario } from '../../src/sim/scenario/load.ts';
import { runBundle } from '../support/action.ts';
import { useSimulators } from '../support/simulator.ts';

const startSimulator = useSimulators();

describe('labeled / label-operator (actions/add-to-project semantics)', () => {
  it('OR: one of; AND: all of; NOT: none of; case-insensitive; an empty list matches', () => {
    const f = (labeled: string, op = '') => labelFilterInput(labeled, op)!;
    expect(labelMismatch(f('Bug, docs'), ['bug'])).toBeUndefined();
    expect(labelMismatch(f('bug,docs'), ['feature'])).toMatch(/does not have one of the labels: bug, docs/);
    expect(labelMismatch(f('bug,docs', 'AND'), ['bug'])).toMatch(/all the labels/);
    expect(labelMismatch(f('bug,docs', 'and'), ['DOCS', 'bug'])).toBeUndefined();
    expect(labelMismatch(f('bug', 'NOT'), ['Bug'])).toMatch(/has one of the labels/);
    expect(labelMismatch(f('', 'not'), ['bug'])).toBeUndefined();
    expect(labelFilterInput('', '')).toBeUndefined();
    expect(() => labelFilterInput('bug', 'XOR')).toThrow(/OR, AND or NOT/);
    const label = fc.stringMatching(/^[a-z]{1,5}$/);
    fc.assert(
      fc.property(fc.array(label, { minLength: 1 }), fc.array(label), (wanted, have) => {
        const or = labelMismatch(f(wanted.join(',')), have) === undefined;
        const not = labelMismatch(f(wanted.join(','), 'not'), have) === undefined;
        const and = labelMismatch(f(wanted.join(','), 'and'), have) === undefined;
        expect(or).toBe(!not);
        expect(and).toBe(wanted.every((w) => have.includes(w)));
        if (and) expect(or).toBe(true);
      }),
    );
  });
});

describe('the Action as a drop-in for an add-to-project step', () => {
  let stdout: string[];
  beforeEach(() => {
    stdout = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stdout.push(String(chunk));
      return true;
    });
  });
  afterEach(() => vi.restoreAllMocks());

  async function setUp(event: object) {
    const sim = await startSimulator({
      scenario: parseScenario(`
name: drop-in
start: '${new Date().toISOString()}'
github:
  users: [{ login: oncall-sam, push: ['acme/*'] }]
  tokens: [{ token: ghp_sam, login: oncall-sam }]
  repositories:
    - fullName: acme/release-train
      labels: [release-train]
  projects:
    - { owner: acme, number: 7, title: Train }
`),
      warn: () => {},
    });
    const workspace = await mkdtemp(join(tmpdir(), 'pnd-drop-in-'));
    await mkdir(join(workspace, '.github'), { recursive: true });
    await writeFile(join(workspace, '.github', 'ISSUE_TEMPLATE.md'), '---\ntitle: Week\n---\n- [ ] Ship\n');
    await writeFile(join(workspace, 'event.json'), JSON.stringify(event));
    const env = {
      GITHUB_API_URL: sim.urls.github,
      GITHUB_REPOSITORY: 'acme/release-train',
      GITHUB_WORKSPACE: workspace,
      GITHUB_EVENT_PATH: join(workspace, 'event.json'),
      GITHUB_EVENT_NAME: 'issues',
      NODE_EXTRA_CA_CERTS: sim.caFile,
      'INPUT_GITHUB-TOKEN': 'ghp_sam',
      'INPUT_PROJECT-URL': 'https://github.com/orgs/acme/projects/7',
    };
    return { sim, env };
  }

  it('takes project-url and github-token, and returns the board item as itemId', async () => {
    const { sim, env } = await setUp({ issue: { number: 1, labels: [{ name: 'Release' }] } });
    // As a process (the CA is read at start-up), from the sources: dist/ is rebuilt at merge.
    const run = await runBundle({ ...env, INPUT_LABELED: 'release, train' }, 'src/action/main.ts');
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs.status).toBe('created');
    expect(run.outputs.itemId).toMatch(/^PVTI_/);
    expect(
      sim.log.mutations().some((m) => JSON.stringify(m.body ?? '').includes('addProjectV2ItemById')),
    ).toBe(true);
  });

  it('says so in a notice and writes nothing when the labels do not match', async () => {
    const { sim, env } = await setUp({ issue: { number: 3, labels: [{ name: 'bug' }] } });
    const result = await runAction({ ...env, INPUT_LABELED: 'release', 'INPUT_LABEL-OPERATOR': 'AND' });
    expect(result).toEqual({ status: 'skipped' });
    expect(stdout.join('')).toMatch(/::notice::Skipping: issue #3 does not match the labeled filter \(AND\)/);
    expect(sim.log.mutations()).toEqual([]);
  });

  it('fails clearly on conflicting or incomplete inputs', async () => {
    const { env } = await setUp({});
    await expect(runAction({ ...env, INPUT_PROJECT: 'acme/8' })).rejects.toThrow(/name different boards/);
    const noBoard = { ...env, 'INPUT_PROJECT-URL': '', INPUT_LABELED: 'release' };
    await expect(runAction(noBoard)).rejects.toThrow(/no project board/);
    await expect(runAction({ ...env, 'INPUT_GITHUB-TOKEN': '' })).rejects.toThrow(/GITHUB_TOKEN/);
  });
});
