import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { SqliteJournal } from '../../src/journal/index.ts';
import { pnd } from '../support/cli.ts';
import { generateJournalYear } from '../support/journal-year.ts';

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

describe('pnd journal export / import', () => {
  it('exports a journal, imports it into a new one (dry run first: no file), and prints matching counts and hash', async () => {
    const source = join(dir(), 'source.sqlite');
    const journal = new SqliteJournal({ path: source });
    await journal.loadTables(generateJournalYear({ seed: 9, weeks: 4, components: 3 }).tables);
    await journal.close();
    const out = join(dir(), 'journal.ndjson');
    const target = join(dir(), 'target.sqlite');
    const common = ['--config', 'absent.yaml'];
    const exported = await pnd(
      ['--json', 'journal', 'export', '--journal', source, '--out', out, ...common],
      {},
    );
    expect(exported.code, exported.stdout + exported.stderr).toBe(0);
    const { sha256, counts } = JSON.parse(exported.stdout) as {
      sha256: string;
      counts: Record<string, number>;
    };
    expect(readFileSync(out, 'utf8').split('\n')[0]).toContain('"format":"pnd-journal-export"');

    const dry = await pnd(['journal', 'import', out, '--journal', target, '--dry-run', ...common], {});
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('nothing written');
    expect(existsSync(target)).toBe(false);

    const imported = await pnd(
      ['--json', 'journal', 'import', out, '--journal', target, '--yes', ...common],
      {},
    );
    expect(imported.code, imported.stdout + imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({
      dryRun: false,
      file: { sha256, counts },
      imported: { sha256, counts },
    });
  });
});
