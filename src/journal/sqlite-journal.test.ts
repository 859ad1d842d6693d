import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../core/clock.ts';
import { defaultJournalPath, openJournal, SqliteJournal } from './index.ts';

const dir = () => mkdtempSync(join(tmpdir(), 'pnd-journal-'));

describe('SqliteJournal', () => {
  it('keeps runs, intents, results and evidence across reopen', async () => {
    const path = join(dir(), 'nested', 'journal.sqlite');
    const clock = new VirtualClock('2026-11-25T08:00:00Z');
    const first = new SqliteJournal({ path, clock });
    const run = await first.startRun({
      command: 'deploy tt02',
      week: '2026-W48',
      env: 'tt02',
      args: { yes: true },
    });
    const intent = await first.intent(run, {
      key: 'k1',
      step: 'deploy.a.tt02',
      action: 'approve',
      target: 'R-1',
    });
    clock.advance(1000);
    await first.result(intent, 'done', { approval: 7 });
    await first.evidence(run, {
      kind: 'deploy-status',
      step: 'deploy.a.tt02',
      data: { status: 'succeeded' },
    });
    await first.override(run, { step: 'deploy.a.production', reason: 'hotfix' });
    await first.finishRun(run, 'succeeded', { approved: 1 });
    await first.close();

    const again = new SqliteJournal({ path, clock });
    expect(await again.runs()).toMatchObject([
      {
        id: run,
        command: 'deploy tt02',
        outcome: 'succeeded',
        summary: { approved: 1 },
        args: { yes: true },
      },
    ]);
    expect(await again.lastResult('k1')).toMatchObject({
      outcome: 'done',
      intentId: intent,
      step: 'deploy.a.tt02',
      at: '2026-11-25T08:00:01.000Z',
      data: { approval: 7 },
    });
    expect((await again.entries({ kind: 'override' }))[0]?.data).toEqual({ reason: 'hotfix' });
    expect((await again.entries({ runId: run })).map((e) => e.kind)).toEqual([
      'intent',
      'result',
      'evidence',
      'override',
    ]);
    await again.close();
  });

  it('reports an intent without a result as open until one is recorded', async () => {
    const journal = new SqliteJournal({ path: ':memory:' });
    const run = await journal.startRun({ command: 'deploy' });
    const intent = await journal.intent(run, { key: 'k', action: 'publish', target: 'draft' });
    expect((await journal.openIntents('k')).map((e) => e.id)).toEqual([intent]);
    await journal.result(intent, 'done');
    expect(await journal.openIntents('k')).toEqual([]);
  });

  it('never stores a secret, wherever it is passed', async () => {
    const token = 'ghp_abcdefghijklmnop1234';
    const journal = new SqliteJournal({ path: ':memory:', secrets: [token] });
    const run = await journal.startRun({ command: `deploy --token ${token}`, args: { auth: token } });
    await journal.intent(run, {
      key: 'k',
      action: 'a',
      target: `https://x:${token}@h`,
      detail: { nested: [token] },
    });
    const dump = JSON.stringify([await journal.runs(), await journal.entries()]);
    expect(dump).not.toContain(token);
    expect(dump).toContain('[redacted]');
  });

  it('says which file could not be opened, and how to choose another', async () => {
    const path = join(dir(), 'not-a-db.sqlite');
    writeFileSync(path, 'this is not sqlite, it is a text file that is long enough');
    expect(() => new SqliteJournal({ path })).toThrow(expect.objectContaining({ code: 'input-invalid' }));
  });

  it('lives in PND_JOURNAL, else the platform state directory', async () => {
    expect(defaultJournalPath({ PND_JOURNAL: '/x/j.sqlite' })).toBe('/x/j.sqlite');
    expect(defaultJournalPath({})).toMatch(/pnd[\\/]journal\.sqlite$/);
    const journal = await openJournal({ path: ':memory:', env: { GITHUB_TOKEN: 'ghp_secret_value_123' } });
    const run = await journal.startRun({ command: 'x', args: { t: 'ghp_secret_value_123' } });
    expect((await journal.runs())[0]?.args).toEqual({ t: '[redacted]' });
    expect(run).toBe(1);
  });
});
