// Issue 13, item 1 and 5: a template cannot leak a credential or run code, through the CLI
// (`pnd issue render`, `pnd issue create --dry-run`) or the bundled Action; the Action refuses
// plain http for its token and masks it. The Action's tests need the bundle: npm run bundle:action.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/sim/scenario/load.ts';
import { runBundle } from '../support/action.ts';
import { pnd, simulatorConfig } from '../support/cli.ts';
import { FAKE_TOKENS } from '../support/fake-tokens.ts';
import { useSimulators } from '../support/simulator.ts';

const startSimulator = useSimulators();
const TOKEN = FAKE_TOKENS.githubPat;
const PAT = FAKE_TOKENS.azureDevOpsPat;

const LEAKING = `---\ntitle: "T {{ env.GITHUB_TOKEN }} {{ date | date('GGGG') }}"\n---\n- [ ] body {{ env.AZURE_DEVOPS_TOKEN }}\n`;
const ESCAPES = {
  command: `{{ range.constructor("return process.getBuiltinModule('child_process').execSync('id').toString()")() }}`,
  passwd: `{{ range.constructor("return process.getBuiltinModule('fs').readFileSync('/etc/passwd', 'utf8')")() }}`,
};
const escaping = (expression: string) => `---\ntitle: T 2027\n---\n${expression}\n`;

async function templateFile(name: string, text: string | Buffer): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'pnd-escape-'));
  const file = join(dir, name);
  await writeFile(file, text);
  return file;
}

function expectNoLeak(output: string): void {
  expect(output).not.toContain(TOKEN);
  expect(output).not.toContain(PAT);
  expect(output).not.toMatch(/uid=\d+|root:x?:0:0/);
}

describe('pnd issue render: templates that try to leak or run code', () => {
  const env = { GITHUB_TOKEN: TOKEN, AZURE_DEVOPS_TOKEN: PAT, TZ: 'UTC' };

  it('withholds credential variables from env in the title and body, and says so', async () => {
    const file = await templateFile('leak.md', LEAKING);
    const run = await pnd(['--json', 'issue', 'render', '-t', file], env);
    expect(run.code).toBe(0);
    expectNoLeak(run.stdout + run.stderr);
    expect(JSON.parse(run.stdout)).toMatchObject({
      title: expect.stringMatching(/^T {2}\d{4}$/),
      body: '- [ ] body \n',
    });
    expect(run.stderr).toContain(
      `${file}:2:14: warning: The template reads a variable that holds a credential`,
    );
  });

  it.each(Object.entries(ESCAPES))(
    'refuses code from strings (%s) with exit 2 at file:line:col',
    async (_, expression) => {
      const file = await templateFile('escape.md', escaping(expression));
      const run = await pnd(['issue', 'render', '-t', file], env);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:4:\\d+`));
      expect(run.stderr).toMatch(/templates cannot run code/);
      expectNoLeak(run.stdout + run.stderr);
    },
  );

  it('stops a huge range and a huge output with exit 2', async () => {
    const slow = await pnd(
      [
        'issue',
        'render',
        '-t',
        await templateFile('slow.md', escaping('{{ range(0, 100000000) | length }}')),
      ],
      env,
    );
    expect(slow.code).toBe(2);
    expect(slow.stderr).toMatch(/longer to render than pnd allows|more memory to render than pnd allows/);
    const huge = await pnd(
      [
        'issue',
        'render',
        '-t',
        await templateFile(
          'huge.md',
          escaping('{% for i in range(0, 1100) %}{% for j in range(0, 1000) %}x{% endfor %}{% endfor %}'),
        ),
      ],
      env,
    );
    expect(huge.code).toBe(2);
    expect(huge.stderr).toMatch(/larger than pnd allows/);
    expect(huge.stdout).toBe('');
  }, 60_000);

  it('refuses a template that is not UTF-8 with exit 2 at file:line:col', async () => {
    const file = await templateFile(
      'latin1.md',
      Buffer.concat([
        Buffer.from('---\ntitle: T 2027\n---\nTT'),
        Buffer.from([0xe6, 0xf8]),
        Buffer.from('02\n'),
      ]),
    );
    const run = await pnd(['issue', 'render', '-t', file], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${file}:4:3`);
  });
});

const SCENARIO = `
name: template-escapes
start: '${new Date().toISOString()}'
github:
  users: [{ login: oncall-kari, push: ['Altinn/*'] }]
  tokens: [{ token: ${TOKEN}, login: oncall-kari }]
  repositories:
    - fullName: Altinn/altinn-authorization
      labels: [kind/deploy_patch, team/tilgangsinfo]
`;

describe('pnd issue create --dry-run: templates that try to leak or run code', () => {
  it('plans an issue without the token, and refuses code with exit 2 before any request', async () => {
    const sim = await startSimulator({ scenario: parseScenario(SCENARIO), warn: () => {} });
    const { config } = await simulatorConfig(sim, 'pnd-escape-', {});
    const env = { GITHUB_TOKEN: TOKEN, AZURE_DEVOPS_TOKEN: PAT, NODE_EXTRA_CA_CERTS: sim.caFile };
    const leak = await pnd(
      ['--json', 'issue', 'create', '-c', config, '-t', await templateFile('leak.md', LEAKING), '--dry-run'],
      env,
    );
    expect(leak.code).toBe(0);
    expect(JSON.parse(leak.stdout)).toMatchObject({
      title: expect.stringMatching(/^T {2}\d{4}$/),
      dryRun: true,
    });
    expectNoLeak(leak.stdout + leak.stderr);

    const seq = sim.log.lastSeq;
    const escape = await pnd(
      [
        'issue',
        'create',
        '-c',
        config,
        '-t',
        await templateFile('escape.md', escaping(ESCAPES.command)),
        '--dry-run',
      ],
      env,
    );
    expect(escape.code).toBe(2);
    expectNoLeak(escape.stdout + escape.stderr);
    expect(sim.log.mutations()).toEqual([]);
    expect(sim.log.lastSeq).toBe(seq);
  }, 60_000);
});

describe('the bundled Action: templates, http and masking', () => {
  async function workspaceWith(template: string): Promise<string> {
    const workspace = await mkdtemp(join(tmpdir(), 'pnd-action-ws-'));
    await writeFile(join(workspace, 'issue.md'), template);
    return workspace;
  }

  it('creates the issue without the credentials a template asks for, and masks them in the log', async () => {
    const sim = await startSimulator({ scenario: parseScenario(SCENARIO), warn: () => {} });
    const run = await runBundle({
      GITHUB_TOKEN: TOKEN,
      AZURE_DEVOPS_TOKEN: PAT,
      GITHUB_API_URL: sim.urls.github,
      GITHUB_REPOSITORY: 'Altinn/altinn-authorization',
      GITHUB_WORKSPACE: await workspaceWith(LEAKING),
      NODE_EXTRA_CA_CERTS: sim.caFile,
      INPUT_FILENAME: 'issue.md',
    });
    expect(run.code).toBe(0);
    // The runner reads these commands and never prints them; everything after shows *** instead.
    const masked = run.stdout.split('\n').filter((line) => line.startsWith('::add-mask::'));
    expect(masked.sort()).toEqual([`::add-mask::${PAT}`, `::add-mask::${TOKEN}`].sort());
    expectNoLeak(
      run.stdout
        .split('\n')
        .filter((line) => !line.startsWith('::add-mask::'))
        .join('\n'),
    );
    const created = sim.log.mutations().find((e) => e.template === '/repos/{owner}/{repo}/issues');
    expect(created).toBeDefined();
    expectNoLeak(JSON.stringify(created?.body));
  }, 60_000);

  it.each(Object.entries(ESCAPES))(
    'fails the step on code from strings (%s), writing nothing',
    async (_, expression) => {
      const sim = await startSimulator({ scenario: parseScenario(SCENARIO), warn: () => {} });
      const run = await runBundle({
        GITHUB_TOKEN: TOKEN,
        GITHUB_API_URL: sim.urls.github,
        GITHUB_REPOSITORY: 'Altinn/altinn-authorization',
        GITHUB_WORKSPACE: await workspaceWith(escaping(expression)),
        NODE_EXTRA_CA_CERTS: sim.caFile,
        INPUT_FILENAME: 'issue.md',
      });
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/::error::.*issue\.md:4:\d+/);
      expectNoLeak(
        run.stdout
          .split('\n')
          .filter((line) => !line.startsWith('::add-mask::'))
          .join('\n'),
      );
      expect(sim.log.mutations()).toEqual([]);
    },
    60_000,
  );

  it('refuses an http GITHUB_API_URL before sending the token', async () => {
    const run = await runBundle({
      GITHUB_TOKEN: TOKEN,
      GITHUB_API_URL: 'http://127.0.0.1:9/api/v3',
      GITHUB_REPOSITORY: 'Altinn/altinn-authorization',
      GITHUB_WORKSPACE: await workspaceWith('---\ntitle: T 2027\n---\nbody\n'),
      INPUT_FILENAME: 'issue.md',
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /::error::GITHUB_API_URL is not an https URL.*environment variable GITHUB_API_URL/,
    );
  }, 30_000);
});
