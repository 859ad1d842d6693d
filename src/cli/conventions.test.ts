import { spawn, spawnSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, realpath } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { isolatedHome, pnd, type ProcessResult } from '../../test/support/cli.ts';
import { registerCommands } from './commands.ts';
import { applyConventions } from './conventions.ts';
import { ENVIRONMENT_VARIABLES } from './environment-variables.ts';

const BIN = resolve('bin/pnd.js');
const EXAMPLE = resolve('examples/tilgangsinfo/pnd.yaml');

/** pnd run from another directory, as a user in a subfolder of their estate's repository runs it. */
function pndIn(cwd: string, args: string[], env: Record<string, string> = {}): Promise<ProcessResult> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      env: { ...isolatedHome(), PATH: process.env.PATH ?? '', NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => done({ code, stdout, stderr }));
  });
}

/** Names in the first column of the "## Environment" table of docs/cli.md. */
async function documentedVariables(): Promise<string[]> {
  const doc = await readFile('docs/cli.md', 'utf8');
  const section = doc.split(/^## Environment\s*$/m)[1]?.split(/^## /m)[0] ?? '';
  return [...section.matchAll(/^\|\s*`([A-Z_]+)`\s*\|/gm)].map((m) => m[1]!);
}

/** A Node older than pnd needs on this machine's PATH outside the project (e.g. a system Node 20). */
const OLD_NODE = ['/usr/bin/node', '/usr/local/bin/node'].find((path) => {
  const run = spawnSync(path, ['-p', 'process.versions.node'], { encoding: 'utf8' });
  if (run.status !== 0) return false;
  const [major = 0, minor = 0] = run.stdout.trim().split('.').map(Number);
  return major < 22 || (major === 22 && minor < 18);
});

describe('pnd command-line conventions', () => {
  it.skipIf(OLD_NODE === undefined)(
    'on a Node older than 22.18 says once what runs and what to do, exit 2 (skipped: no such Node on this machine)',
    () => {
      const run = spawnSync(OLD_NODE!, [BIN, '--version'], { encoding: 'utf8', env: { PATH: '' } });
      expect(run.status).toBe(2);
      expect(run.stdout).toBe('');
      const lines = run.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/needs Node\.js 22\.18 or newer; this is Node \d+\.\d+\.\d+ \(/);
      expect(lines[0]).toMatch(/npm ci/);
    },
  );

  it('an unknown command exits 2 with a suggestion, also when --help follows it', async () => {
    const plain = await pnd(['nosuch'], {});
    expect(plain.code).toBe(2);
    expect(plain.stderr).toMatch(/unknown command 'nosuch'/);
    expect(plain.stderr).toMatch(/Commands: .*deploy/);

    const withHelp = await pnd(['nosuch', '--help'], {});
    expect(withHelp.code).toBe(2);
    expect(withHelp.stderr).toMatch(/unknown command 'nosuch'/);
    expect(withHelp.stdout).not.toMatch(/Usage:/);

    const typo = await pnd(['--json', 'dploy', 'tt02'], {});
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/Did you mean "deploy"\?/);

    // The real commands and commander's own help command still work.
    expect((await pnd(['help', 'deploy'], {})).code).toBe(0);
    expect((await pnd(['deploy', '--help'], {})).code).toBe(0);
  });

  it.each([['deploy'], ['post-deploy']])(
    '%s with an unknown environment and no terminal names the environment, not --yes',
    async (command) => {
      const result = await pnd([command, 'nosuchenv', '--config', EXAMPLE], {
        GITHUB_TOKEN: 'ghp_not_used',
        AZURE_DEVOPS_TOKEN: 'not-used',
        // Its own journal directory: not the machine's default journal, which another pnd (a
        // newer build, another checkout's tests) may have written.
        XDG_STATE_HOME: await mkdtemp(join(tmpdir(), 'pnd-conventions-state-')),
      });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/no such environment/);
      expect(result.stderr).toMatch(/nosuchenv/);
      expect(result.stderr).not.toMatch(/--yes/);
    },
  );

  it('--version prints the version of package.json', async () => {
    const pkg = JSON.parse(await readFile('package.json', 'utf8')) as { version: string };
    const result = await pnd(['--version'], {});
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(pkg.version);
  });

  it('the top-level help lists every environment variable docs/cli.md lists, from one list', async () => {
    const documented = await documentedVariables();
    expect(documented.length).toBeGreaterThan(0);
    expect([...ENVIRONMENT_VARIABLES.map((v) => v.name)].sort()).toEqual([...documented].sort());
    const help = await pnd(['--help'], {});
    const block = help.stdout.split(/^Environment.*:$/m)[1] ?? '';
    const listed = [...block.matchAll(/^ {2}([A-Z_]+)\s/gm)].map((m) => m[1]!);
    expect(listed.sort()).toEqual([...documented].sort());
  });

  it('no help shows an uninformative default such as (default: []) or (default: false)', async () => {
    // The top level as a user sees it; every command's and subcommand's help from the same program
    // built in process (what `pnd <command> --help` prints first), not one process per command.
    const top = await pnd(['--help'], {});
    const program = new Command('pnd');
    registerCommands(program);
    applyConventions(program);
    const walk = (command: Command): Command[] => [command, ...command.commands.flatMap(walk)];
    const commands = walk(program).filter((c) => c !== program && c.name() !== 'help');
    expect(commands.map((c) => c.name())).toEqual(expect.arrayContaining(['deploy', 'create', 'check']));
    const all = [top.stdout, ...commands.map((c) => c.helpInformation())].join('\n').replace(/\n\s+/g, ' ');
    expect(all).not.toMatch(/\(default: \[\]/);
    expect(all).not.toMatch(/default: false/);
    expect(all).toMatch(/default: pnd\.yaml here or in the nearest parent directory/);
  });

  it('finds pnd.yaml by looking upward from the current directory; --config and PND_CONFIG still win', async () => {
    const root = await realpath(await mkdtemp(join(tmpdir(), 'pnd-upward-')));
    await copyFile(EXAMPLE, join(root, 'pnd.yaml'));
    const deep = join(root, 'services', 'auth');
    await mkdir(deep, { recursive: true });

    const found = await pndIn(deep, ['--json', 'config', 'check']);
    expect(found.code).toBe(0);
    expect((JSON.parse(found.stdout) as { file: string }).file).toBe(join('..', '..', 'pnd.yaml'));

    const explicit = await pndIn(deep, ['config', 'check', '--config', 'missing.yaml']);
    expect(explicit.code).toBe(2);
    expect(explicit.stdout + explicit.stderr).toMatch(/missing\.yaml/);

    const fromEnv = await pndIn(deep, ['config', 'check'], { PND_CONFIG: 'also-missing.yaml' });
    expect(fromEnv.code).toBe(2);
    expect(fromEnv.stdout + fromEnv.stderr).toMatch(/also-missing\.yaml/);

    const none = await pndIn(await mkdtemp(join(tmpdir(), 'pnd-none-')), ['config', 'check']);
    expect(none.code).toBe(2);
    expect(none.stdout + none.stderr).toMatch(/pnd\.yaml/);
  });
});
