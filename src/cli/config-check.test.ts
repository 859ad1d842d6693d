import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { buildJsonSchema } from '../config/json-schema.ts';

const run = promisify(execFile);

/** Runs the real CLI in a child process; resolves with its exit code and output. */
async function pnd(args: string[], extraEnv: NodeJS.ProcessEnv = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...extraEnv };
  delete env.GITHUB_API_URL;
  delete env.FORCE_COLOR;
  if (!('PND_CONFIG' in extraEnv)) delete env.PND_CONFIG;
  try {
    const { stdout, stderr } = await run(process.execPath, ['bin/pnd.js', ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

const BROKEN = 'test/fixtures/config/broken/unknown-key-nested.yaml';
const EXAMPLE = 'examples/tilgangsinfo/pnd.yaml';

describe('pnd config check', () => {
  it('exits 2 and prints file:line:col, the value and what is allowed', async () => {
    const { code, stdout } = await pnd(['config', 'check', '--config', BROKEN]);
    expect(code).toBe(2);
    expect(stdout).toContain(
      `${BROKEN}:20:7: Unknown key. (at environments[1].soak.minimun, found "minimun")`,
    );
    expect(stdout).toContain('did you mean "minimum"?');
    expect(stdout).toContain('allowed: after, minimum, requireVerified');
    expect(stdout).toContain(`${BROKEN}: 1 problem.`);
  });

  it('exits 0 for the example and summarises it, placeholders as warnings', async () => {
    const { code, stdout } = await pnd(['config', 'check', '--config', EXAMPLE]);
    expect(code).toBe(0);
    expect(stdout).toContain('team tilgangsinfo: 3 components × 2 environments (tt02 → production)');
    expect(stdout).toMatch(/auditlog\s+github-environment, 2 checks\s+github-environment, 2 checks/);
    expect(stdout).toContain('4 warnings:');
    expect(stdout).toMatch(/pnd\.yaml:\d+:\d+: warning: The value is a placeholder/);
  });

  it('reads the file named by PND_CONFIG and reports JSON under --json', async () => {
    const { code, stdout } = await pnd(['--json', 'config', 'check'], { PND_CONFIG: BROKEN });
    expect(code).toBe(2);
    const report = JSON.parse(stdout) as { ok: boolean; file: string; problems: Array<{ where: string }> };
    expect(report.ok).toBe(false);
    expect(report.file).toBe(BROKEN);
    expect(report.problems.map((problem) => problem.where)).toEqual([`${BROKEN}:20:7`]);
  });

  it('reports a missing file with exit 2 and what to do', async () => {
    const { code, stdout } = await pnd(['config', 'check', '--config', 'does-not-exist.yaml']);
    expect(code).toBe(2);
    expect(stdout).toContain('does-not-exist.yaml: The configuration file does not exist.');
    expect(stdout).toContain('examples/tilgangsinfo/pnd.yaml');
  });
});

describe('pnd config schema', () => {
  it('prints the JSON Schema', async () => {
    const { code, stdout } = await pnd(['config', 'schema']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual(buildJsonSchema());
  });
});
