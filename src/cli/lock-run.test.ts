import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { PndError } from '../core/errors.ts';
import { SqliteJournal } from '../journal/index.ts';
import { parseUntil, runLock, runUnlock } from './lock-run.ts';

describe('pnd lock --until', () => {
  const now = Date.parse('2026-12-05T10:00:00Z');

  it('takes an ISO time or a duration from now', () => {
    expect(parseUntil('2026-12-24T12:00:00+01:00', now)).toBe('2026-12-24T11:00:00.000Z');
    expect(parseUntil('2d', now)).toBe('2026-12-07T10:00:00.000Z');
    expect(parseUntil('1d12h', now)).toBe('2026-12-06T22:00:00.000Z');
  });

  it('refuses what is neither, and a time in the past, naming the option', () => {
    for (const [text, message] of [
      ['tomorrow', 'The --until is neither a time nor a duration.'],
      ['2026-13-45', 'The --until is neither a time nor a duration.'],
      ['2026-12-01T00:00:00Z', 'The --until lies in the past.'],
      ['0s', 'The --until lies in the past.'],
    ] as const) {
      let error: unknown;
      try {
        parseUntil(text, now);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(PndError);
      expect(error).toMatchObject({ code: 'input-invalid', message, details: { where: `--until ${text}` } });
    }
  });
});

describe('pnd lock and pnd unlock (in process, no GitHub credential)', () => {
  const CONFIG = 'examples/tilgangsinfo/pnd.yaml';

  /** Runs `fn` and returns what it printed on stdout. */
  async function printed(fn: () => Promise<number>): Promise<{ code: number; out: string }> {
    let out = '';
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out += String(chunk);
      return true;
    });
    try {
      return { code: await fn(), out };
    } finally {
      spy.mockRestore();
    }
  }

  it('records the PND_ACTOR name (and says so); --dry-run of lock and unlock writes nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pnd-lock-run-'));
    const journal = join(dir, 'journal.sqlite');
    const env = { PND_ACTOR: 'ola', GITHUB_ACTOR: 'not-me' };
    const base = { config: CONFIG, journal, dryRun: false, json: true };

    const dry = await printed(() =>
      runLock('tt02', { ...base, dryRun: true, reason: 'db migration', until: '2d' }, env),
    );
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.out)).toMatchObject({
      dryRun: true,
      lock: { env: 'tt02', component: null, author: 'ola', authorSource: 'PND_ACTOR' },
    });
    expect(existsSync(journal)).toBe(false);

    const locked = await printed(() =>
      runLock('production', { ...base, component: 'auditlog', reason: ' audit in progress ' }, env),
    );
    expect(JSON.parse(locked.out)).toMatchObject({
      dryRun: false,
      lock: { env: 'production', component: 'auditlog', reason: 'audit in progress', author: 'ola' },
    });
    const history = async () => {
      const j = new SqliteJournal({ path: journal, readOnly: true });
      try {
        return await j.teamLocks();
      } finally {
        await j.close();
      }
    };
    const before = await history();

    // The environment-wide unlock does not touch the component's lock.
    const wide = await printed(() => runUnlock('production', base, env));
    expect(JSON.parse(wide.out)).toMatchObject({ released: [] });
    const dryUnlock = await printed(() =>
      runUnlock('production', { ...base, component: 'auditlog', dryRun: true, json: false }, env),
    );
    expect(dryUnlock.out).toMatch(/Dry run: would release the lock on auditlog in production by ola/);
    expect(await history()).toEqual(before);

    const unlocked = await printed(() => runUnlock('production', { ...base, component: 'auditlog' }, env));
    expect(JSON.parse(unlocked.out)).toMatchObject({
      releasedBy: 'ola',
      released: [{ component: 'auditlog', releasedBy: 'ola' }],
    });
    expect((await history()).map((l) => [l.reason, l.releasedBy])).toEqual([['audit in progress', 'ola']]);
  });

  it('refuses an unknown environment or component, and an empty reason, before opening the journal', async () => {
    const base = { config: CONFIG, journal: ':memory:', dryRun: false, json: false, reason: 'x' };
    await expect(runLock('tt2', base, {})).rejects.toMatchObject({
      code: 'input-invalid',
      details: { where: 'environment "tt2"', hint: 'Did you mean "tt02"?' },
    });
    await expect(runLock('tt02', { ...base, component: 'auth' }, {})).rejects.toMatchObject({
      code: 'input-invalid',
      details: { where: '--component auth', allowed: ['authentication', 'resource-registry', 'auditlog'] },
    });
    await expect(runLock('tt02', { ...base, reason: '  ' }, {})).rejects.toMatchObject({
      details: { where: '--reason' },
    });
  });
});
