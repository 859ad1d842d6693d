import { describe, expect, it } from 'vitest';
import { SqliteJournal } from '../journal/index.ts';
import { mutateOnce } from './mutate-once.ts';

function world() {
  const journal = new SqliteJournal({ path: ':memory:' });
  const remote = { approved: false, calls: 0 };
  const mutation = {
    key: 'ado:approval:1:approve',
    action: 'approve',
    target: 'approval 1',
    isDone: async () => (remote.approved ? { by: 'someone' } : (false as const)),
    act: async () => {
      remote.calls++;
      remote.approved = true;
      return 'ok';
    },
  };
  return { journal, remote, mutation };
}

describe('mutateOnce', () => {
  it('journals the intent before acting and the result after', async () => {
    const { journal, remote, mutation } = world();
    const runId = await journal.startRun({ command: 't' });
    let seenIntent = false;
    const outcome = await mutateOnce(
      { journal, runId, dryRun: false },
      {
        ...mutation,
        act: async () => {
          seenIntent = (await journal.openIntents(mutation.key)).length === 1;
          return mutation.act();
        },
      },
    );
    expect(outcome).toEqual({ outcome: 'done', value: 'ok' });
    expect(seenIntent).toBe(true);
    expect(remote.calls).toBe(1);
    expect((await journal.lastResult(mutation.key))?.outcome).toBe('done');
  });

  it('in a dry run reads but never acts nor writes', async () => {
    const { journal, remote, mutation } = world();
    const runId = await journal.startRun({ command: 't' });
    expect(await mutateOnce({ journal, runId, dryRun: true }, mutation)).toEqual({ outcome: 'planned' });
    expect(remote.calls).toBe(0);
    expect(await journal.entries()).toEqual([]);
  });

  it('closes a crashed run’s open intent as done instead of acting twice', async () => {
    const { journal, remote, mutation } = world();
    const crashed = await journal.startRun({ command: 't' });
    await journal.intent(crashed, mutation);
    remote.approved = true; // the call reached the service, then the process died
    const rerun = await journal.startRun({ command: 't' });
    const outcome = await mutateOnce({ journal, runId: rerun, dryRun: false }, mutation);
    expect(outcome).toMatchObject({ outcome: 'already', resumed: true });
    expect(remote.calls).toBe(0);
    expect(await journal.openIntents(mutation.key)).toEqual([]);
    expect((await journal.lastResult(mutation.key))?.outcome).toBe('done');
  });

  it('records a person’s decision as already, and a failure as failed', async () => {
    const { journal, remote, mutation } = world();
    const runId = await journal.startRun({ command: 't' });
    remote.approved = true;
    expect(await mutateOnce({ journal, runId, dryRun: false }, mutation)).toMatchObject({
      outcome: 'already',
      resumed: false,
      by: 'someone',
    });
    expect((await journal.lastResult(mutation.key))?.outcome).toBe('already');
    const failing = {
      ...mutation,
      key: 'k2',
      isDone: async () => false as const,
      act: () => Promise.reject(new Error('409')),
    };
    await expect(mutateOnce({ journal, runId, dryRun: false }, failing)).rejects.toThrow('409');
    expect(await journal.lastResult('k2')).toMatchObject({ outcome: 'failed', data: { message: '409' } });
  });
});
