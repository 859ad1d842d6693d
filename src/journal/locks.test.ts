import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openJournal } from './index.ts';

/**
 * One train at a time across processes: real processes take the lock through each driver, one is
 * SIGKILLed while holding it, and the lock must come free without anyone cleaning up.
 */
interface Child {
  process: ChildProcess;
  lines: AsyncIterator<string>;
  exit: Promise<number | null>;
}

function holdLock(
  location: string,
  holder: string,
  options: { waitMs: number; holdMs: number; schema?: string },
): Child {
  const child = spawn(
    process.execPath,
    ['test/support/lock-child.ts', location, 'prod', holder, String(options.waitMs), String(options.holdMs)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { PATH: process.env.PATH ?? '', ...(options.schema ? { PND_TEST_SCHEMA: options.schema } : {}) },
    },
  );
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { process: child, lines, exit };
}

async function next(child: Child): Promise<Record<string, unknown>> {
  const line = await child.lines.next();
  return line.done ? {} : (JSON.parse(line.value) as Record<string, unknown>);
}

function describeLocks(name: string, location: () => string, schema?: string) {
  it(`${name}: a second run is refused naming the holder, waits for it, and takes over from a killed holder`, async () => {
    const where = location();
    const first = holdLock(where, 'kari@host-a', { waitMs: 0, holdMs: 600_000, schema });
    expect(await next(first)).toMatchObject({ acquired: 'kari@host-a' });

    const refused = holdLock(where, 'ola@host-b', { waitMs: 0, holdMs: 0, schema });
    expect(await next(refused)).toMatchObject({
      code: 'locked',
      message: expect.stringMatching(/^Another run is acting on prod: kari@host-a since /),
    });
    expect(await refused.exit).toBe(6);

    const waiting = holdLock(where, 'per@host-c', { waitMs: 60_000, holdMs: 0, schema });
    expect(await next(waiting)).toEqual({ waiting: 'kari@host-a' });
    first.process.kill('SIGKILL');
    await first.exit;
    expect(await next(waiting)).toMatchObject({ acquired: 'per@host-c' });
    expect(await waiting.exit).toBe(0);

    // Exactly the two runs that held the lock acted; the refused one recorded nothing.
    const journal = await openJournal({ path: where, env: {}, ...(schema ? { schema } : {}) });
    expect((await journal.runs()).map((r) => [r.actor, r.outcome])).toEqual([
      ['kari@host-a', 'running'],
      ['per@host-c', 'succeeded'],
    ]);
    await journal.close();
  }, 120_000);
}

describe('environment locks across processes', () => {
  describeLocks('SQLite', () => join(mkdtempSync(join(tmpdir(), 'pnd-lock-')), 'journal.sqlite'));

  const url = process.env.PND_TEST_DATABASE_URL;
  if (!url) {
    console.warn('PostgreSQL lock tests SKIPPED: PND_TEST_DATABASE_URL is not set (.ci/run sets it).');
    it.skip('PostgreSQL: skipped, PND_TEST_DATABASE_URL is not set', () => {});
  } else {
    const schema = `pnd_test_${randomBytes(6).toString('hex')}`;
    afterAll(async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`);
      await client.end();
    });
    describeLocks('PostgreSQL', () => url, schema);
  }
});
