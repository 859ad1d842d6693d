import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PndError } from '../core/errors.ts';
import { actionsContextFromEnv } from './context.ts';
import { renderIssueTemplate } from './render.ts';
import { renderInSandbox, sandboxNodeFlags, type SandboxedRenderOptions } from './sandbox.ts';

// Realistic shapes (GitHub's documented prefixes and lengths), invented values.
const GITHUB_TOKEN = 'ghp_R2xkT0pZcVdLbU5hWXpQcTNrVHJ1Qm9vZ1BX';
const ADO_PAT = 'x7k2m9q4w8e5r1t6y3u0i7o4p2a5s8d1f6g3h9j2k5l8z4x7c0v3';
const now = Date.parse('2027-01-04T05:00:00Z');
const env = { GITHUB_TOKEN, AZURE_DEVOPS_TOKEN: ADO_PAT, GITHUB_REPOSITORY: 'Contoso/trains', TEAM: 'rail' };

async function render(text: string, options: Partial<SandboxedRenderOptions> = {}) {
  return renderInSandbox(text, { file: 't.md', now, env, ...options });
}

async function refusal(text: string, options: Partial<SandboxedRenderOptions> = {}): Promise<PndError> {
  const error = await render(text, options).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof PndError)) throw new Error(`expected a PndError, got ${String(error)}`);
  return error;
}

const leaks = (value: unknown) =>
  JSON.stringify(value).includes(GITHUB_TOKEN) || JSON.stringify(value).includes(ADO_PAT);

describe('templates render in the sandbox', () => {
  it('renders ordinary templates exactly as in process (fixtures with env, repo, event payload, BOM, CRLF)', async () => {
    const fixtures = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'templates');
    const payload = JSON.parse(readFileSync(join(fixtures, 'event.json'), 'utf8')) as unknown;
    const plain = {
      GITHUB_REPOSITORY: 'Contoso/trains',
      GITHUB_SHA: 'abc123',
      TEAM: 'rail',
      TZ: 'Europe/Oslo',
    };
    const actionsContext = actionsContextFromEnv(plain, payload);
    for (const name of [
      'tilgangsinfo-pnd.tmpl',
      'env-repo-actions.tmpl',
      'bom.tmpl',
      'crlf.tmpl',
      'unicode.tmpl',
    ]) {
      const text = readFileSync(join(fixtures, name), 'utf8');
      const options = { file: name, now, env: plain, actionsContext };
      expect(await renderInSandbox(text, options), name).toEqual(renderIssueTemplate(text, options));
    }
  });

  it('withholds credential variables from env: the token renders as nothing, with a located warning', async () => {
    const issue = await render(
      '---\ntitle: "T {{ env.GITHUB_TOKEN }} 2027"\n---\nbody {{ env.AZURE_DEVOPS_TOKEN }} {{ env["GITHUB_TOKEN"] }} {{ env.TEAM }}\n',
    );
    expect(issue.title).toBe('T  2027');
    expect(issue.body).toBe('body   rail\n');
    expect(leaks(issue)).toBe(false);
    expect(issue.warnings.map((w) => [w.where, w.value])).toEqual([
      ['t.md:2:14', 'GITHUB_TOKEN'],
      ['t.md:4:9', 'AZURE_DEVOPS_TOKEN'],
      ['t.md:4:38', 'GITHUB_TOKEN'],
    ]);
  });

  it('withholds a variable that carries a held credential under another name', async () => {
    const issue = await render('---\ntitle: T 2027\n---\n[{{ env.AUTH_HEADER }}] [{{ env.COPY }}]\n', {
      env: { COPY: `token ${GITHUB_TOKEN}`, AUTH_HEADER: `Bearer ${ADO_PAT}`, TEAM: 'rail' },
      credentials: [
        { name: 'GITHUB_TOKEN', value: GITHUB_TOKEN },
        { name: 'AZURE_DEVOPS_TOKEN', value: ADO_PAT },
      ],
    });
    expect(issue.body).toBe('[] []\n');
  });

  it('refuses a rendered issue that holds a credential value, naming the variable and never the value', async () => {
    const error = await refusal(`---\ntitle: T 2027\n---\nsee ${GITHUB_TOKEN}\n`);
    expect(error.code).toBe('input-invalid');
    expect(error.details).toMatchObject({ where: 't.md (rendered body)', variable: 'GITHUB_TOKEN' });
    expect(leaks({ message: error.message, details: error.details })).toBe(false);
  });

  it.each([
    [
      'a command',
      `{{ range.constructor("return process.getBuiltinModule('child_process').execSync('id').toString()")() }}`,
    ],
    [
      'a file read',
      `{{ range.constructor("return process.getBuiltinModule('fs').readFileSync('/etc/passwd', 'utf8')")() }}`,
    ],
    ['the process environment', `{{ cycler.constructor("return JSON.stringify(process.env)")() }}`],
  ])(
    'refuses a template that turns text into code to read %s, at its line and column',
    async (_, expression) => {
      const error = await refusal(`---\ntitle: T 2027\n---\nx\n${expression}\n`);
      expect(error.code).toBe('input-invalid');
      expect(error.details.where).toMatch(/^t\.md:5:\d+$/);
      expect(JSON.stringify(error.details)).toMatch(/templates cannot run code/);
      expect(JSON.stringify(error.details)).not.toMatch(/root:|uid=/);
    },
  );

  it('stops a template that loops over a huge range (time or heap limit)', async () => {
    const error = await refusal('---\ntitle: T 2027\n---\n{{ range(0, 100000000) | length }}\n', {
      limits: { renderMs: 3000 },
    });
    expect(error.code).toBe('input-invalid');
    expect(error.message).toMatch(/longer to render than pnd allows|more memory to render than pnd allows/);
  });

  it('refuses output above the size limit', async () => {
    const error = await refusal('---\ntitle: T 2027\n---\n{% for i in range(0, 2000) %}x{% endfor %}\n', {
      limits: { outputChars: 1000 },
    });
    expect(error.message).toBe('The rendered issue is larger than pnd allows.');
  });
});

describe("the renderer's process flags", () => {
  it('deny file reads outside the allowed code, writes, child processes, workers and code from strings', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pnd-sandbox-'));
    const allowed = join(dir, 'probe.cjs');
    writeFileSync(
      allowed,
      `const attempts = {
  read: () => require('node:fs').readFileSync('/etc/passwd', 'utf8'),
  write: () => require('node:fs').writeFileSync(${JSON.stringify(join(dir, 'w'))}, 'x'),
  child: () => require('node:child_process').execSync('id'),
  worker: () => new (require('node:worker_threads').Worker)('0', { eval: true }),
  code: () => new Function('return 1')(),
};
const outcome = {};
for (const [name, attempt] of Object.entries(attempts)) {
  try { attempt(); outcome[name] = 'allowed'; } catch (error) { outcome[name] = error.code ?? error.name; }
}
process.stdout.write(JSON.stringify(outcome));`,
    );
    const result = spawnSync(process.execPath, [...sandboxNodeFlags([allowed], 64), allowed], {
      env: {},
      encoding: 'utf8',
    });
    expect(JSON.parse(result.stdout)).toEqual({
      read: 'ERR_ACCESS_DENIED',
      write: 'ERR_ACCESS_DENIED',
      child: 'ERR_ACCESS_DENIED',
      worker: 'ERR_ACCESS_DENIED',
      code: 'EvalError',
    });
  });
});
