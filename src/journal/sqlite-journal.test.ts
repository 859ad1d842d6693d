import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { defaultJournalPath, journalLocation, openJournal, SqliteJournal } from './index.ts';
import { describeJournalContract } from './journal-contract.ts';
import { SQLITE_MIGRATIONS } from './migrations.ts';

const dir = () => mkdtempSync(join(tmpdir(), 'pnd-journal-'));

describeJournalContract('SQLite', async () => {
  const path = join(dir(), 'nested', 'journal.sqlite');
  return { open: async (options = {}) => new SqliteJournal({ path, ...options }) };
});

describe('SqliteJournal', () => {
  it('says which file could not be opened, and how to choose another', () => {
    const path = join(dir(), 'not-a-db.sqlite');
    writeFileSync(path, 'this is not sqlite, it is a text file that is long enough');
    expect(() => new SqliteJournal({ path })).toThrow(expect.objectContaining({ code: 'input-invalid' }));
  });

  it('refuses a journal of a newer schema and says to upgrade pnd', async () => {
    const path = join(dir(), 'journal.sqlite');
    await new SqliteJournal({ path }).close();
    const db = new DatabaseSync(path);
    db.exec(`PRAGMA user_version = ${SQLITE_MIGRATIONS.length + 1}`);
    db.close();
    let error: unknown;
    try {
      new SqliteJournal({ path });
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({
      code: 'input-invalid',
      message: 'The journal was written by a newer pnd.',
      details: { where: path, hint: expect.stringContaining('Upgrade pnd') },
    });
  });

  it('takes over a lock file whose holder died, never one whose holder lives', async () => {
    const path = join(dir(), 'journal.sqlite');
    const journal = new SqliteJournal({ path });
    const lockFile = `${path}.prod.lock`;
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    const info = (pid: number) => JSON.stringify({ holder: 'x', since: 'then', host: hostname(), pid });
    writeFileSync(lockFile, info(Number(dead.stdout.toString())));
    await (await journal.lockEnvironment('prod', { waitMs: 0 })).release();
    expect(existsSync(lockFile)).toBe(false);
    writeFileSync(lockFile, info(process.ppid));
    await expect(journal.lockEnvironment('prod', { waitMs: 0 })).rejects.toMatchObject({ code: 'locked' });
    await journal.close();
  });

  it('lives in PND_JOURNAL, else the platform state directory', async () => {
    expect(defaultJournalPath({ PND_JOURNAL: '/x/j.sqlite' })).toBe('/x/j.sqlite');
    expect(defaultJournalPath({})).toMatch(/pnd[\\/]journal\.sqlite$/);
    const journal = await openJournal({ path: ':memory:', env: { GITHUB_TOKEN: 'ghp_secret_value_123' } });
    const run = await journal.startRun({ command: 'x', args: { t: 'ghp_secret_value_123' } });
    expect((await journal.runs())[0]?.args).toEqual({ t: '[redacted]' });
    expect(run).toBe(1);
  });

  it('is chosen by --journal, then PND_JOURNAL_URL, then journal.url, then the default file', () => {
    const url = 'postgres://pnd@db.example:5432/pnd?sslmode=require';
    expect(journalLocation({ location: '/a.sqlite', configUrl: url }, { PND_JOURNAL_URL: url })).toBe(
      '/a.sqlite',
    );
    expect(journalLocation({ configUrl: 'postgres://other/x' }, { PND_JOURNAL_URL: url })).toBe(url);
    expect(journalLocation({ configUrl: url }, {})).toBe(url);
    expect(journalLocation({}, {})).toMatch(/journal\.sqlite$/);
  });
});

describe('SqliteJournal: a journal that goes away, and reading only', () => {
  it('refuses to write once its file was deleted mid-run, naming the file and saying the run stopped', async () => {
    const path = join(dir(), 'journal.sqlite');
    const journal = new SqliteJournal({ path });
    const runId = await journal.startRun({ command: 'deploy tt02' });
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
    await expect(journal.intent(runId, { key: 'k', action: 'approve', target: 't' })).rejects.toMatchObject({
      code: 'journal-failed',
      details: { where: path, hint: expect.stringContaining('before its next remote write') },
    });
    await expect(journal.finishRun(runId, 'failed')).rejects.toMatchObject({ code: 'journal-failed' });
    await journal.close();
  });

  it('refuses to write once its file was replaced by another', async () => {
    const path = join(dir(), 'journal.sqlite');
    const journal = new SqliteJournal({ path });
    const runId = await journal.startRun({ command: 'deploy tt02' });
    const other = join(dir(), 'other.sqlite');
    await new SqliteJournal({ path: other }).close();
    renameSync(other, path);
    await expect(journal.evidence(runId, { kind: 'note', data: {} })).rejects.toMatchObject({
      code: 'journal-failed',
    });
    await journal.close();
  });

  it('opens read-only: reads what was recorded, writes nothing, and a missing file stays missing', async () => {
    const path = join(dir(), 'journal.sqlite');
    const writer = new SqliteJournal({ path });
    await writer.finishRun(await writer.startRun({ command: 'verify tt02' }), 'succeeded');
    await writer.close();
    const reader = await openJournal({ path, readOnly: true, env: {} });
    expect((await reader.runs()).map((r) => r.command)).toEqual(['verify tt02']);
    await expect(reader.startRun({ command: 'deploy tt02' })).rejects.toThrow();
    await reader.close();
    const missing = join(dir(), 'none', 'journal.sqlite');
    const empty = await openJournal({ path: missing, readOnly: true, env: {} });
    expect(await empty.runs()).toEqual([]);
    await empty.close();
    expect(existsSync(missing)).toBe(false);
  });

  it('read-only, a journal of an older schema asks for pnd journal migrate', async () => {
    const path = join(dir(), 'journal.sqlite');
    await new SqliteJournal({ path }).close();
    const db = new DatabaseSync(path);
    db.exec(`PRAGMA user_version = ${SQLITE_MIGRATIONS.length - 1}`);
    db.close();
    expect(() => new SqliteJournal({ path, readOnly: true })).toThrow(
      expect.objectContaining({
        details: expect.objectContaining({ hint: expect.stringContaining('pnd journal migrate') }),
      }),
    );
  });
});
