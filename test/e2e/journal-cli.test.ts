import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { pnd } from '../support/cli.ts';

const dir = () => mkdtempSync(join(tmpdir(), 'pnd-journal-cli-'));

describe('pnd journal migrate', () => {
  it('brings a new SQLite journal to the current schema, and refuses a newer one with exit code 2', async () => {
    const path = join(dir(), 'journal.sqlite');
    const first = await pnd(
      ['--json', 'journal', 'migrate', '--journal', path, '--config', 'absent.yaml'],
      {},
    );
    expect(first.code).toBe(0);
    const { schemaVersion, known } = JSON.parse(first.stdout) as { schemaVersion: number; known: number };
    expect(schemaVersion).toBe(known);
    const db = new DatabaseSync(path);
    db.exec(`PRAGMA user_version = ${known + 1}`);
    db.close();
    const newer = await pnd(['journal', 'migrate', '--journal', path, '--config', 'absent.yaml'], {});
    expect(newer.code).toBe(2);
    expect(newer.stderr).toContain('written by a newer pnd');
    expect(newer.stderr).toContain('Upgrade pnd');
  });

  it('says an unreachable PostgreSQL journal could not be reached, exit code 1, without the password', async () => {
    const password = 'pw-never-printed-42';
    const result = await pnd(['journal', 'migrate', '--config', 'absent.yaml'], {
      PND_JOURNAL_URL: `postgres://pnd:${password}@127.0.0.1:1/pnd`,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('The journal database could not be reached');
    expect(result.stderr).toContain('127.0.0.1:1');
    expect(result.stdout + result.stderr).not.toContain(password);
  });
});
