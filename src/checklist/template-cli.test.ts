import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_CONFIG, PACKAGE_ROOT } from '../cli/paths.ts';

// `pnd template generate` end to end (the command lives in src/cli/template*.ts).
const run = promisify(execFile);

async function pnd(args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.GITHUB_API_URL;
  delete env.PND_CONFIG;
  delete env.FORCE_COLOR;
  try {
    const { stdout, stderr } = await run(process.execPath, [join(PACKAGE_ROOT, 'bin/pnd.js'), ...args], {
      env,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

const EXPECTED = readFileSync(new URL('./fixtures/tilgangsinfo-template.md.txt', import.meta.url), 'utf8');

describe('pnd template generate', () => {
  it('prints the template on stdout and the placeholder warnings on stderr', async () => {
    const { code, stdout, stderr } = await pnd(['template', 'generate', '--config', EXAMPLE_CONFIG]);
    expect(code).toBe(0);
    expect(stdout).toBe(EXPECTED);
    expect(stderr).toContain('warning: The value is a placeholder');
  });

  it('writes --output and lists the steps under --json', async () => {
    const output = join(mkdtempSync(join(tmpdir(), 'pnd-template-')), 'deploy-patch.md');
    const { code, stdout } = await pnd([
      '--json',
      'template',
      'generate',
      '-c',
      EXAMPLE_CONFIG,
      '-o',
      output,
    ]);
    expect(code).toBe(0);
    expect(readFileSync(output, 'utf8')).toBe(EXPECTED);
    const result = JSON.parse(stdout) as { output: string; steps: string[]; template?: string };
    expect(result.output).toBe(output);
    expect(result.steps).toHaveLength(18);
    expect(result.template).toBeUndefined();
  });

  it('exits 2 for a missing config or an unwritable output', async () => {
    expect((await pnd(['template', 'generate', '--config', 'no-such-pnd.yaml'])).code).toBe(2);
    const missingDir = join(tmpdir(), 'pnd-no-such-dir', 'x', 'template.md');
    const { code, stderr } = await pnd(['template', 'generate', '-c', EXAMPLE_CONFIG, '-o', missingDir]);
    expect(code).toBe(2);
    expect(stderr).toContain('The template file could not be written.');
    expect(stderr).toContain(`at ${missingDir}`);
  });
});
