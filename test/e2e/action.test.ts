import { mkdtemp, readFile, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACTION_BUNDLE, buildActionBundle } from '../../src/action/bundle.ts';
import { parseScenario } from '../../src/sim/scenario/load.ts';
import { runBundle } from '../support/action.ts';
import { useSimulators } from '../support/simulator.ts';

const startSimulator = useSimulators();

describe('the GitHub Action bundle', () => {
  it('is up to date with the sources (run npm run bundle:action when this fails)', async () => {
    const committed = await readFile(ACTION_BUNDLE, 'utf8');
    expect(committed === (await buildActionBundle(process.cwd())), `${ACTION_BUNDLE} is stale`).toBe(true);
  }, 60_000);

  it('creates the week’s issue from a create-an-issue template, then finds it on a rerun', async () => {
    const now = new Date();
    const sim = await startSimulator({
      scenario: parseScenario(`
name: action
start: '${now.toISOString()}'
github:
  users: [{ login: oncall-kari, push: ['Altinn/*'] }]
  tokens: [{ token: ghp_kari, login: oncall-kari }]
  repositories:
    - fullName: Altinn/altinn-authorization
      labels: [kind/deploy_patch, team/tilgangsinfo]
  projects:
    - { owner: Altinn, number: 42, title: Tilgangsinfo }
`),
      warn: () => {},
    });
    const workspace = await mkdtemp(join(tmpdir(), 'pnd-action-ws-'));
    await mkdir(join(workspace, '.github', 'ISSUE_TEMPLATE'), { recursive: true });
    await writeFile(
      join(workspace, '.github', 'ISSUE_TEMPLATE', 'deploy.md'),
      "---\ntitle: Deploy & Patching {{ date | date('GGGG [W]WW') }}\nlabels: 'kind/deploy_patch, team/tilgangsinfo'\n---\n- [ ] Deploy to TT02 ({{ env.GITHUB_REPOSITORY }})\n",
    );
    const env = {
      GITHUB_TOKEN: 'ghp_kari',
      GITHUB_API_URL: sim.urls.github,
      GITHUB_REPOSITORY: 'Altinn/altinn-authorization',
      GITHUB_WORKSPACE: workspace,
      NODE_EXTRA_CA_CERTS: sim.caFile,
      TZ: 'Europe/Oslo',
      INPUT_FILENAME: '.github/ISSUE_TEMPLATE/deploy.md',
      INPUT_PROJECT: 'https://github.com/orgs/Altinn/projects/42',
      'INPUT_PROJECT-FIELDS': 'Status=In progress',
      INPUT_UPDATE_EXISTING: 'false',
    };
    const first = await runBundle(env);
    expect(first.stdout).not.toMatch(/::error::/);
    expect(first.code).toBe(0);
    expect(first.outputs.status).toBe('created');
    expect(first.outputs.url).toMatch(/\/Altinn\/altinn-authorization\/issues\/\d+$/);

    const issue = sim.log.mutations().find((e) => e.template === '/repos/{owner}/{repo}/issues');
    expect((issue?.body as { body: string }).body).toContain(
      '- [ ] Deploy to TT02 (Altinn/altinn-authorization)',
    );
    expect((issue?.body as { body: string }).body).toMatch(
      /<!-- pnd:week=\d{4}-W\d{2} team=altinn-authorization -->/,
    );

    const seq = sim.log.lastSeq;
    const second = await runBundle(env);
    expect(second.code).toBe(0);
    expect(second.outputs).toMatchObject({ status: 'unchanged', number: first.outputs.number });
    expect(sim.log.mutations(seq)).toEqual([]);
    expect(sim.problems()).toEqual([]);
  }, 90_000);

  it('fails the step, naming file:line:col, on a template error', async () => {
    const workspace = await mkdtemp(join(tmpdir(), 'pnd-action-ws-'));
    await writeFile(join(workspace, 'bad.md'), '---\ntitle: W{{ date | date(\n---\nbody\n');
    const run = await runBundle({
      GITHUB_TOKEN: 'x',
      GITHUB_REPOSITORY: 'o/r',
      GITHUB_WORKSPACE: workspace,
      INPUT_FILENAME: 'bad.md',
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/::error::.*bad\.md:2:\d+/);
  }, 30_000);
});
