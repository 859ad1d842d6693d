import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/sim/scenario/load.ts';
import { useSimulators } from '../support/simulator.ts';

const startSimulator = useSimulators();

function pnd(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/pnd.js', ...args], {
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('pnd issue create (the command, as a process)', () => {
  it('plans with --dry-run, refuses to act unconfirmed without a terminal, creates with --yes, then is unchanged', async () => {
    const sim = await startSimulator({
      scenario: parseScenario(`
name: issue-create-cli
start: '${new Date().toISOString()}'
github:
  users: [{ login: oncall-kari, push: ['Altinn/*'] }]
  tokens: [{ token: ghp_kari, login: oncall-kari }]
  repositories:
    - fullName: Altinn/altinn-authorization
      labels: [kind/deploy_patch, team/tilgangsinfo]
`),
      warn: () => {},
    });
    // The seed estate, pointed at the simulator.
    const dir = await mkdtemp(join(tmpdir(), 'pnd-issue-'));
    const config = join(dir, 'pnd.yaml');
    const example = await readFile('examples/tilgangsinfo/pnd.yaml', 'utf8');
    await writeFile(config, `${example}\nendpoints:\n  github:\n    apiUrl: ${sim.urls.github}\n`);
    const env = { GITHUB_TOKEN: 'ghp_kari', NODE_EXTRA_CA_CERTS: sim.caFile };

    const dry = await pnd(['--json', 'issue', 'create', '--config', config, '--dry-run'], env);
    expect(dry.stderr).toBe('');
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ status: 'created', number: null, dryRun: true });
    expect(sim.log.mutations()).toEqual([]);

    const unconfirmed = await pnd(['issue', 'create', '--config', config], env);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toMatch(/--yes/);
    expect(sim.log.mutations()).toEqual([]);

    const created = await pnd(['--json', 'issue', 'create', '--config', config, '--yes'], env);
    expect(created.code).toBe(0);
    const result = JSON.parse(created.stdout) as {
      status: string;
      number: number;
      title: string;
      week: string;
    };
    expect(result.status).toBe('created');
    expect(result.title).toMatch(/^Deploy & Patching \d{4} W\d{2}$/);
    expect(sim.log.mutations().map((e) => `${e.method} ${e.template}`)).toEqual([
      'POST /repos/{owner}/{repo}/issues',
    ]);

    const seq = sim.log.lastSeq;
    const again = await pnd(['--json', 'issue', 'create', '--config', config, '--yes'], env);
    expect(JSON.parse(again.stdout)).toMatchObject({ status: 'unchanged', number: result.number });
    expect(sim.log.mutations(seq)).toEqual([]);
    expect(sim.problems()).toEqual([]);
  }, 90_000);

  it('says what is missing when GITHUB_TOKEN is not set, and exits 2', async () => {
    const run = await pnd(['issue', 'create', '--config', 'examples/tilgangsinfo/pnd.yaml', '--dry-run'], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/GITHUB_TOKEN is not set/);
  });
});
