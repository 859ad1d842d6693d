import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Simulator } from '../../src/sim/simulator.ts';
import { assertNoSecrets, scanJournalFile, secretsOfEnv } from './secrets-scan.ts';

export interface ProcessResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command to its end with only `env` (nothing inherited), collecting its output; the
 * secrets scan then reads its output and the journal it was given (PND_JOURNAL).
 */
export async function runProcess(
  command: string,
  args: string[],
  env: Record<string, string>,
): Promise<ProcessResult> {
  const result = await collect(command, args, env);
  const secrets = secretsOfEnv(env);
  const what = [command, ...args].join(' ');
  assertNoSecrets(`the output of ${what}`, result.stdout + result.stderr, secrets);
  if (env.PND_JOURNAL) scanJournalFile(env.PND_JOURNAL, secrets);
  return result;
}

/**
 * A home of the test run's own: a process given no HOME would otherwise find the real user's
 * (through passwd) and write its default journal under ~/.local/state/pnd, so a test's result
 * would depend on what an earlier run or an installed pnd left there.
 */
let testHome: string | undefined;
export function isolatedHome(): Record<string, string> {
  testHome ??= mkdtempSync(join(tmpdir(), 'pnd-test-home-'));
  return {
    HOME: testHome,
    XDG_STATE_HOME: join(testHome, 'state'),
    XDG_CONFIG_HOME: join(testHome, 'config'),
  };
}

function collect(command: string, args: string[], env: Record<string, string>): Promise<ProcessResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      env: { ...isolatedHome(), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** `pnd` as its own process, as a user runs it: PATH and NO_COLOR, plus `env`. */
export function pnd(args: string[], env: Record<string, string>): Promise<ProcessResult> {
  return runProcess(process.execPath, ['bin/pnd.js', ...args], {
    PATH: process.env.PATH ?? '',
    NO_COLOR: '1',
    ...env,
  });
}

/**
 * The seed estate's pnd.yaml pointed at a running simulator, in a new temporary directory (with
 * room for a journal next to it): the CLI under test reads endpoints from the config like a user.
 */
export async function simulatorConfig(
  sim: Simulator,
  prefix: string,
  vendors: { azureDevOps?: boolean } = { azureDevOps: true },
): Promise<{ dir: string; config: string }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const config = join(dir, 'pnd.yaml');
  const example = await readFile('examples/tilgangsinfo/pnd.yaml', 'utf8');
  const ado = vendors.azureDevOps
    ? `  azureDevOps:\n    releaseUrl: ${sim.urls.azureDevOpsRelease}\n    buildUrl: ${sim.urls.azureDevOpsBuild}\n`
    : '';
  // The simulator has no secondary rate limits (as a GitHub Enterprise Server with them off), and
  // tests never wait on real write spacing: production's 1 s / 3 s is tested on a virtual clock.
  const github = `  github:\n    apiUrl: ${sim.urls.github}\n    writeSpacing: { write: 0s, notifying: 0s }\n`;
  await writeFile(config, `${example}\nendpoints:\n${github}${ado}`);
  return { dir, config };
}
