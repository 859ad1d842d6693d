import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ACTION_BUNDLE } from '../../src/action/bundle.ts';
import { assertNoSecrets, secretsOfEnv } from './secrets-scan.ts';

/**
 * Runs the bundle (dist/action/index.cjs) as the Actions runner would: INPUT_* variables, a
 * GITHUB_OUTPUT file, nothing else inherited but PATH. `npm run bundle:action` builds it. The
 * secrets scan reads what it printed, except the masking commands.
 */
export async function runBundle(
  env: Record<string, string>,
  /** The sources' entry point (src/action/main.ts) runs what the bundle will once rebuilt. */
  entry: string = ACTION_BUNDLE,
): Promise<{ code: number | null; stdout: string; outputs: Record<string, string> }> {
  const outputFile = join(await mkdtemp(join(tmpdir(), 'pnd-action-out-')), 'output');
  await writeFile(outputFile, '');
  const child = spawn(process.execPath, [entry], {
    env: { PATH: process.env.PATH ?? '', GITHUB_ACTIONS: 'true', GITHUB_OUTPUT: outputFile, ...env },
  });
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stdout += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  // GITHUB_OUTPUT uses the heredoc form: name<<DELIM / value / DELIM.
  const outputs: Record<string, string> = {};
  const lines = (await readFile(outputFile, 'utf8')).split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<]+)<<(.+)$/.exec(lines[i]!);
    if (m) {
      outputs[m[1]!] = lines[i + 1] ?? '';
      i += 2;
    }
  }
  // The runner consumes ::add-mask:: commands (they carry the value to mask) and never shows them.
  const shown = stdout
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');
  assertNoSecrets('the output of the Action', shown + JSON.stringify(outputs), secretsOfEnv(env));
  return { code, stdout, outputs };
}
