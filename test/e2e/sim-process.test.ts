import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { get } from 'node:https';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SIMULATOR_ENV, SIMULATOR_NODE_FLAGS } from '../../src/sim/process-settings.ts';

const SCENARIO = 'examples/tilgangsinfo/scenario.yaml';
let sim: ChildProcess | undefined;

afterEach(() => {
  sim?.kill('SIGKILL');
  sim = undefined;
});

function getText(url: string, ca: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    get(url, { ca }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve(body));
    }).on('error', reject);
  });
}

function run(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('pnd sim as its own process', () => {
  it('prints its base URLs and CA file, serves the official clients trusted via NODE_EXTRA_CA_CERTS, and stops on SIGTERM', async () => {
    sim = spawn(process.execPath, ['bin/pnd.js', 'sim', '--json', '--speed', '0', '--scenario', SCENARIO]);
    let simStderr = '';
    sim.stderr!.on('data', (d: Buffer) => (simStderr += d.toString()));
    const line = await new Promise<string>((resolve) =>
      createInterface({ input: sim!.stdout! }).once('line', resolve),
    );
    const ready = JSON.parse(line) as {
      url: string;
      caFile: string;
      urls: { github: string; azureDevOpsRelease: string; arm: string; kubernetes: Record<string, string> };
    };
    expect(ready.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(readFileSync(ready.caFile, 'utf8')).toContain('BEGIN CERTIFICATE');
    if (process.platform === 'linux') {
      // It replaced itself (same pid) with the memory settings of src/sim/process-settings.ts.
      const argv = readFileSync(`/proc/${sim.pid}/cmdline`, 'utf8').split('\0');
      for (const flag of SIMULATOR_NODE_FLAGS) expect(argv).toContain(flag);
      const env = readFileSync(`/proc/${sim.pid}/environ`, 'utf8').split('\0');
      for (const [name, value] of Object.entries(SIMULATOR_ENV)) expect(env).toContain(`${name}=${value}`);
    }
    expect(Object.keys(ready.urls.kubernetes).sort()).toEqual([
      'platform-prod-01-aks',
      'platform-tt02-02-aks',
    ]);

    const scenario = parse(readFileSync(SCENARIO, 'utf8')) as {
      github: { tokens: { token: string; login: string }[] };
      azureDevOps: { tokens: { token: string }[] };
      azure: { tokens: string[] };
      kubernetes: { clusters: { name: string; tokens: string[] }[] };
    };
    const tokens = {
      github: scenario.github.tokens.find((t) => t.login === 'oncall-kari')!.token,
      ado: scenario.azureDevOps.tokens[0]!.token,
      arm: scenario.azure.tokens[0]!,
      k8s: scenario.kubernetes.clusters.find((c) => c.name === 'platform-tt02-02-aks')!.tokens[0]!,
    };

    // Without the CA the clients must fail: nothing in them trusts the simulator otherwise.
    const untrusted = await run(['test/e2e/clients-child.ts'], {
      PND_E2E_INPUT: JSON.stringify({ urls: ready.urls, tokens }),
    });
    expect(untrusted.code).not.toBe(0);
    expect(untrusted.stderr).toMatch(/certificate|self.signed|UNABLE_TO_VERIFY|unable to verify/i);

    const trusted = await run(['test/e2e/clients-child.ts'], {
      NODE_EXTRA_CA_CERTS: ready.caFile,
      PND_E2E_INPUT: JSON.stringify({ urls: ready.urls, tokens }),
    });
    expect(trusted.stderr).toBe('');
    expect(trusted.code).toBe(0);
    const result = JSON.parse(trusted.stdout) as {
      releases: { tag: string; draft: boolean }[];
      approvals: number[];
      containerApp: { provisioningState: string; image: string };
      functionDeployments: number[];
      daemonSet: { desired: number; image: string };
    };
    expect(result.releases.some((r) => r.draft)).toBe(true);
    expect(result.approvals.length).toBeGreaterThan(0);
    expect(result.containerApp.provisioningState).toBe('Succeeded');
    expect(result.functionDeployments).toContain(4);
    expect(result.daemonSet.desired).toBe(4);

    // It runs under its memory budget (src/sim/memory-budget.ts), the control API says so.
    const memory = JSON.parse(await getText(`${ready.url}/_sim/memory`, readFileSync(ready.caFile))) as {
      residentBytes: number;
      budget: { targetBytes: number; workingTargetBytes: number; collections: number } | null;
    };
    expect(memory.residentBytes).toBeGreaterThan(0);
    expect(memory.budget).toMatchObject({ targetBytes: 72 * 1_048_576 });

    const exited = new Promise<number | null>((resolve) => sim!.once('exit', resolve));
    sim.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(simStderr).not.toMatch(/SPEC DRIFT|UNKNOWN ROUTE/);
  }, 60_000);

  it('refuses a memory target that is not a whole number of MiB, exit 2, before it starts anything', async () => {
    const bad = await run(['bin/pnd.js', 'sim', '--memory-target', '1.5GB', '--scenario', SCENARIO]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--memory-target');
    expect(bad.stderr).toContain('whole number of MiB');
    expect(bad.stdout).toBe('');
  });

  it('starts at now by default and --client-env writes a 0600 file that lets any pnd command run as a process', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pnd-sim-env-'));
    const file = join(dir, 'sim.env');
    sim = spawn(
      process.execPath,
      ['bin/pnd.js', 'sim', '--speed', '0', '--client-env', file, '--scenario', SCENARIO],
      {
        env: { ...process.env, NO_COLOR: '1' },
      },
    );
    const banner = await new Promise<string>((resolve) => {
      let out = '';
      sim!.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('Serving until')) resolve(out);
      });
    });
    // The banner says how to load the file; the tokens are only in the file.
    expect(banner).toContain(`set -a; . ${file}; set +a`);
    expect(banner).not.toMatch(/ghp_sim|ado-pat|k8s-token/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, 'utf8');
    for (const name of [
      'NODE_EXTRA_CA_CERTS',
      'GITHUB_API_URL',
      'GITHUB_TOKEN',
      'AZURE_DEVOPS_TOKEN',
      'PND_KUBERNETES_TOKEN',
      'PND_AZURE_DEVOPS_RELEASE_URL',
      'PND_AZURE_RESOURCE_MANAGER_URL',
      'PND_KUBERNETES_SERVERS',
    ])
      expect(text).toMatch(new RegExp(`^${name}='`, 'm'));

    // A shell sources the file exactly as the banner says, then runs pnd with nothing else set.
    const config = 'examples/tilgangsinfo/pnd.yaml';
    const shell = (command: string) =>
      new Promise<{ code: number | null; stdout: string }>((resolve) => {
        const child = spawn(
          'sh',
          ['-c', `set -a; . '${file}'; set +a; exec "$0" bin/pnd.js ${command}`, process.execPath],
          {
            env: { PATH: process.env.PATH, HOME: process.env.HOME, PND_JOURNAL: join(dir, 'journal.db') },
          },
        );
        let stdout = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.on('exit', (code) => resolve({ code, stdout }));
      });
    const created = await shell(`--json issue create --yes --config ${config}`);
    expect(created.code, created.stdout).toBe(0);
    const issue = JSON.parse(created.stdout) as { number: number; week: string };
    const status = await shell(`--json status --config ${config}`);
    expect(status.code, status.stdout).toBe(0);
    const report = JSON.parse(status.stdout) as {
      week: string;
      at: string;
      weeklyIssue: { number: number } | null;
    };
    // The simulator started at the wall clock, so pnd's week and the simulator's agree.
    expect(report.week).toBe(issue.week);
    expect(Math.abs(Date.parse(report.at) - Date.now())).toBeLessThan(10 * 60_000);
    expect(report.weeklyIssue?.number).toBe(issue.number);
  }, 60_000);

  it('refuses a broken scenario with file:line:col and exit code 2', async () => {
    const { code, stderr } = await run(
      ['bin/pnd.js', 'sim', '--scenario', 'test/fixtures/scenario/broken-start.yaml'],
      {
        NO_COLOR: '1',
      },
    );
    expect(code).toBe(2);
    expect(stderr).toContain('test/fixtures/scenario/broken-start.yaml:3:8');
  }, 60_000);

  it('refuses a broken scenario with exit 2 and file:line:col, never "internal"', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pnd-sim-bad-'));
    const head = "name: x\nstart: '2026-11-23T05:00:00Z'\n";
    const cases = {
      'bomb.yaml': `${head}a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [${Array(9).fill('*a').join(', ')}]\nc: &c [${Array(9).fill('*b').join(', ')}]\nd: [${Array(9).fill('*c').join(', ')}]\n`,
      'nodes.yaml': `${head}kubernetes:\n  clusters:\n    - { name: c1, nodes: 100000000 }\n`,
      'latin1.yaml': Buffer.concat([
        Buffer.from(`${head}description: TT`),
        Buffer.from([0xff, 0x30, 0x32, 0x0a]),
      ]),
    };
    for (const [name, text] of Object.entries(cases)) {
      writeFileSync(join(dir, name), text);
      const result = await run([
        'bin/pnd.js',
        '--json',
        'sim',
        '--speed',
        '0',
        '--scenario',
        join(dir, name),
      ]);
      expect(result.code, `${name}: ${result.stdout}${result.stderr}`).toBe(2);
      const error = (JSON.parse(result.stdout) as { error: { code: string; where: string } }).error;
      expect(error.code).toBe('input-invalid');
      expect(error.where).toMatch(new RegExp(`${name}:\\d+:\\d+$`));
    }
  }, 60_000);
});
