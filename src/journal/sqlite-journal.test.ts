import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../core/clock.ts';
import { defaultJournalPath, openJournal, SqliteJournal } from './index.ts';

const dir = () => mkdtempSync(join(tmpdir(), 'pnd-journal-'));

describe('SqliteJournal', () => {
  it('keeps runs, intents, results and evidence across reopen', () => {
    const path = join(dir(), 'nested', 'journal.sqlite');
    const clock = new VirtualClock('2026-11-25T08:00:00Z');
    const first = new SqliteJournal({ path, clock });
    const run = first.startRun({
      command: 'deploy tt02',
      week: '2026-W48',
      env: 'tt02',
      args: { yes: true },
    });
    const intent = first.intent(run, { key: 'k1', step: 'deploy.a.tt02', action: 'approve', target: 'R-1' });
    clock.advance(1000);
    first.result(intent, 'done', { approval: 7 });
    first.evidence(run, { kind: 'deploy-status', step: 'deploy.a.tt02', data: { status: 'succeeded' } });
    first.override(run, { step: 'deploy.a.production', reason: 'hotfix' });
    first.finishRun(run, 'succeeded', { approved: 1 });
    first.close();

    const again = new SqliteJournal({ path, clock });
    expect(again.runs()).toMatchObject([
      {
        id: run,
        command: 'deploy tt02',
        outcome: 'succeeded',
        summary: { approved: 1 },
        args: { yes: true },
      },
    ]);
    expect(again.lastResult('k1')).toMatchObject({
      outcome: 'done',
      intentId: intent,
      step: 'deploy.a.tt02',
      at: '2026-11-25T08:00:01.000Z',
      data: { approval: 7 },
    });
    expect(again.entries({ kind: 'override' })[0]?.data).toEqual({ reason: 'hotfix' });
    expect(again.entries({ runId: run }).map((e) => e.kind)).toEqual([
      'intent',
      'result',
      'evidence',
      'override',
    ]);
    again.close();
  });

  it('reports an intent without a result as open until one is recorded', () => {
    const journal = new SqliteJournal({ path: ':memory:' });
    const run = journal.startRun({ command: 'deploy' });
    const intent = journal.intent(run, { key: 'k', action: 'publish', target: 'draft' });
    expect(journal.openIntents('k').map((e) => e.id)).toEqual([intent]);
    journal.result(intent, 'done');
    expect(journal.openIntents('k')).toEqual([]);
  });

  it('never stores a secret, wherever it is passed', () => {
    const token = 'ghp_abcdefghijklmnop1234';
    const journal = new SqliteJournal({ path: ':memory:', secrets: [token] });
    const run = journal.startRun({ command: `deploy --token ${token}`, args: { auth: token } });
    journal.intent(run, {
      key: 'k',
      action: 'a',
      target: `https://x:${token}@h`,
      detail: { nested: [token] },
    });
    const dump = JSON.stringify([journal.runs(), journal.entries()]);
    expect(dump).not.toContain(token);
    expect(dump).toContain('[redacted]');
  });

  it('says which file could not be opened, and how to choose another', () => {
    const path = join(dir(), 'not-a-db.sqlite');
    writeFileSync(path, 'this is not sqlite, it is a text file that is long enough');
    expect(() => new SqliteJournal({ path })).toThrow(expect.objectContaining({ code: 'input-invalid' }));
  });

  it('lives in PND_JOURNAL, else the platform state directory', () => {
    expect(defaultJournalPath({ PND_JOURNAL: '/x/j.sqlite' })).toBe('/x/j.sqlite');
    expect(defaultJournalPath({})).toMatch(/pnd[\\/]journal\.sqlite$/);
    const journal = openJournal({ path: ':memory:', env: { GITHUB_TOKEN: 'ghp_secret_value_123' } });
    const run = journal.startRun({ command: 'x', args: { t: 'ghp_secret_value_123' } });
    expect(journal.runs()[0]?.args).toEqual({ t: '[redacted]' });
    expect(run).toBe(1);
  });
});
