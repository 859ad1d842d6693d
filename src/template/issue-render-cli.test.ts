// `pnd issue render` as a process: what reaches stdout and stderr, and the exit codes.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const seed = join(root, 'test', 'fixtures', 'templates', 'tilgangsinfo-pnd.tmpl');
const dir = mkdtempSync(join(tmpdir(), 'pnd-render-'));

function pnd(...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', TZ: 'UTC' };
  delete env.GITHUB_EVENT_PATH;
  const result = spawnSync(process.execPath, [join(root, 'bin', 'pnd.js'), ...args], {
    env,
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function template(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('pnd issue render', () => {
  it('--json prints only the five fields; warnings go to stderr as file:line:col lines', () => {
    const { code, stdout, stderr } = pnd(
      '--json',
      'issue',
      'render',
      '-t',
      seed,
      '--date',
      '2027-01-04T05:00:00Z',
    );
    expect(code).toBe(0);
    const issue = JSON.parse(stdout) as Record<string, unknown>;
    expect(Object.keys(issue)).toEqual(['title', 'body', 'labels', 'assignees', 'milestone']);
    expect(issue).toMatchObject({
      title: 'Deploy & Patching W02',
      labels: ['kind/deploy_patch', 'team/tilgangsinfo'],
      assignees: [],
      milestone: null,
    });
    expect(stderr).toContain(`${seed}:2:8: warning: The title has no year`);
    expect(stderr).toContain(`${seed}:2:43: warning: ww is moment's US-locale week`);
    expect(stderr).toContain('2027: ww differs from WW on 365 days: 2027-01-01..2027-12-31');
  });

  it('without --json previews the issue', () => {
    const file = template(
      'preview.md',
      '---\ntitle: T {{ date | date("GGGG") }}\nmilestone: 3\nassignees: a, b\n---\nBody\n',
    );
    const { code, stdout, stderr } = pnd(
      'issue',
      'render',
      '-t',
      file,
      '--date',
      '2027-01-04T06:00:00+01:00',
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^title {6}T 2027\nlabels {5}\(none\)\nassignees {2}a, b\nmilestone {2}3\n─+\nBody\n$/,
    );
    expect(stderr).toBe('');
  });

  it.each(['2027-01-04', '2027-01-04T05:00:00', 'next monday', '2027-13-04T05:00:00Z'])(
    'refuses --date %s with exit 2',
    (date) => {
      const { code, stdout, stderr } = pnd('issue', 'render', '-t', seed, '--date', date);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toContain('The --date value is not an ISO 8601 instant.');
    },
  );

  it('exits 2 for a missing template', () => {
    const { code, stderr } = pnd('issue', 'render', '-t', join(dir, 'missing.md'));
    expect(code).toBe(2);
    expect(stderr).toContain('The issue template cannot be read.');
  });

  it('exits 2 with every located problem for a broken template', () => {
    const file = template('broken.md', '---\ntitle: t\nlabel: x\n---\n');
    const { code, stderr } = pnd('issue', 'render', '-t', file);
    expect(code).toBe(2);
    expect(stderr).toContain(`${file}:3:1: The front matter has a key create-an-issue does not use.`);
    const syntax = template('syntax.md', '---\ntitle: t\n---\n\n{{ date | nope }}\n');
    const result = pnd('--json', 'issue', 'render', '-t', syntax);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toMatchObject({
      error: {
        code: 'input-invalid',
        where: `${syntax}:5:11`,
        problems: [{ message: 'filter not found: nope' }],
      },
    });
  });
});
