import { describe, expect, it } from 'vitest';
import { VirtualClock, type Clock } from '../core/clock.ts';
import type { Journal } from './types.ts';

/**
 * One store that can be opened more than once (reopen = a later process on the same journal).
 * `open` may be called several times; every journal it returns is closed by the suite.
 */
export interface JournalStore {
  open(options?: { clock?: Clock; secrets?: readonly string[] }): Promise<Journal>;
}

/**
 * The behaviour every journal driver must have, run by each driver's test file against a fresh
 * store per test: what one driver records, another would record the same way.
 */
export function describeJournalContract(name: string, freshStore: () => Promise<JournalStore>): void {
  describe(`Journal contract: ${name}`, () => {
    it('keeps runs, intents, results and evidence across reopen', async () => {
      const store = await freshStore();
      const clock = new VirtualClock('2026-11-25T08:00:00Z');
      const first = await store.open({ clock });
      const run = await first.startRun({
        command: 'deploy test',
        week: '2026-W48',
        env: 'test',
        args: { yes: true },
      });
      const intent = await first.intent(run, {
        key: 'k1',
        step: 'deploy.a.test',
        action: 'approve',
        target: 'R-1',
      });
      clock.advance(1000);
      await first.result(intent, 'done', { approval: 7 });
      await first.evidence(run, {
        kind: 'deploy-status',
        step: 'deploy.a.test',
        data: { status: 'succeeded' },
      });
      await first.override(run, { step: 'deploy.a.prod', reason: 'hotfix' });
      await first.finishRun(run, 'succeeded', { approved: 1 });
      await first.close();

      const again = await store.open({ clock });
      try {
        expect(await again.runs()).toMatchObject([
          {
            id: run,
            command: 'deploy test',
            week: '2026-W48',
            env: 'test',
            outcome: 'succeeded',
            startedAt: '2026-11-25T08:00:00.000Z',
            finishedAt: '2026-11-25T08:00:01.000Z',
            summary: { approved: 1 },
            args: { yes: true },
          },
        ]);
        expect(await again.lastResult('k1')).toMatchObject({
          outcome: 'done',
          intentId: intent,
          runId: run,
          step: 'deploy.a.test',
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
        expect(await again.entries({ step: 'deploy.a.prod' })).toHaveLength(1);
        expect(await again.entries({ key: 'k1', kind: 'intent' })).toMatchObject([{ id: intent }]);
      } finally {
        await again.close();
      }
    });

    it('reports an intent without a result as open until one is recorded', async () => {
      const journal = await (await freshStore()).open();
      try {
        const run = await journal.startRun({ command: 'deploy' });
        const intent = await journal.intent(run, { key: 'k', action: 'publish', target: 'draft' });
        expect((await journal.openIntents('k')).map((e) => e.id)).toEqual([intent]);
        expect(await journal.lastResult('k')).toBeUndefined();
        await journal.result(intent, 'done');
        expect(await journal.openIntents('k')).toEqual([]);
        await expect(journal.result(intent + 1000, 'done')).rejects.toThrow();
      } finally {
        await journal.close();
      }
    });

    it('gives ids in write order, and the newest result wins', async () => {
      const journal = await (await freshStore()).open();
      try {
        const run = await journal.startRun({ command: 'deploy' });
        const ids: number[] = [];
        for (const outcome of ['failed', 'skipped', 'done'] as const) {
          const intent = await journal.intent(run, { key: 'same', action: 'a', target: 't' });
          await journal.result(intent, outcome);
          ids.push(intent);
        }
        expect([...ids].sort((a, b) => a - b)).toEqual(ids);
        expect((await journal.lastResult('same'))?.outcome).toBe('done');
        expect((await journal.entries({ key: 'same' })).map((e) => e.id)).toEqual(
          [...(await journal.entries({ key: 'same' })).map((e) => e.id)].sort((a, b) => a - b),
        );
      } finally {
        await journal.close();
      }
    });

    it('never stores a secret, wherever it is passed', async () => {
      const token = 'ghp_abcdefghijklmnop1234';
      const journal = await (await freshStore()).open({ secrets: [token] });
      try {
        const run = await journal.startRun({ command: `deploy --token ${token}`, args: { auth: token } });
        const intent = await journal.intent(run, {
          key: 'k',
          action: 'a',
          target: `https://x:${token}@h`,
          detail: { nested: [token] },
        });
        await journal.result(intent, 'failed', { message: `401 for ${token}` });
        await journal.finishRun(run, 'failed', { error: token });
        const dump = JSON.stringify([await journal.runs(), await journal.entries()]);
        expect(dump).not.toContain(token);
        expect(dump).toContain('[redacted]');
      } finally {
        await journal.close();
      }
    });

    it('lets one run at a time act on an environment, says who holds it, and frees it when a holder ends', async () => {
      const store = await freshStore();
      const clock = new VirtualClock('2026-11-25T08:00:00Z');
      const [a, b, c] = [
        await store.open({ clock }),
        await store.open({ clock }),
        await store.open({ clock }),
      ];
      try {
        const held = await a.lockEnvironment('prod', { waitMs: 0, holder: 'kari@host-a' });
        await expect(b.lockEnvironment('prod', { waitMs: 0, holder: 'ola@host-b' })).rejects.toMatchObject({
          code: 'locked',
          message: 'Another run is acting on prod: kari@host-a since 2026-11-25T08:00:00.000Z.',
          details: { holder: 'kari@host-a', since: '2026-11-25T08:00:00.000Z' },
        });
        // Another environment is not held.
        await (await b.lockEnvironment('test', { waitMs: 0, holder: 'ola@host-b' })).release();
        // A waiting run is told who holds it once, and takes the lock when the holder lets go.
        const told: string[] = [];
        let pauses = 0;
        const mine = await b.lockEnvironment('prod', {
          waitMs: 10_000,
          holder: 'ola@host-b',
          onWait: (h) => told.push(h.holder),
          sleep: async () => {
            if (++pauses === 3) await held.release();
          },
        });
        expect(told).toEqual(['kari@host-a']);
        expect(pauses).toBe(3);
        await expect(c.lockEnvironment('prod', { waitMs: 0 })).rejects.toMatchObject({
          details: { holder: 'ola@host-b' },
        });
        // The holder ends without releasing (its process or session is gone): the lock is free.
        await b.close();
        void mine;
        await (await c.lockEnvironment('prod', { waitMs: 0 })).release();
      } finally {
        await a.close();
        await c.close();
      }
    });

    it('keeps team locks with who and when, releases them without losing the history, and lapses them at their until', async () => {
      const store = await freshStore();
      const clock = new VirtualClock('2026-11-25T08:00:00Z');
      const secret = 'ghp_teamlocksecret00001';
      const first = await store.open({ clock, secrets: [secret] });
      const envLock = await first.addTeamLock({
        env: 'staging',
        reason: 'database migration',
        author: 'kari',
        authorSource: 'github',
      });
      expect(envLock).toEqual({
        id: envLock.id,
        env: 'staging',
        component: null,
        reason: 'database migration',
        author: 'kari',
        authorSource: 'github',
        createdAt: '2026-11-25T08:00:00.000Z',
        until: null,
        releasedAt: null,
        releasedBy: null,
      });
      const componentLock = await first.addTeamLock({
        env: 'staging',
        component: 'billing',
        reason: `waiting on vendor ${secret}`,
        until: '2026-11-26T08:00:00+01:00',
        author: 'ola',
        authorSource: 'PND_ACTOR',
      });
      expect(componentLock.until).toBe('2026-11-26T07:00:00.000Z');
      expect(componentLock.reason).not.toContain(secret);
      await first.close();

      const again = await store.open({ clock });
      try {
        clock.advance(60_000);
        const now = () => new Date(clock.now()).toISOString();
        expect((await again.activeTeamLocks(now())).map((l) => l.id)).toEqual([envLock.id, componentLock.id]);
        // Before it was taken it was not in force.
        expect(await again.activeTeamLocks('2026-11-25T07:59:59.000Z')).toEqual([]);
        // Releasing the environment-wide lock leaves the component's.
        const released = await again.releaseTeamLocks({ env: 'staging', by: 'per' });
        expect(released).toMatchObject([
          { id: envLock.id, releasedBy: 'per', releasedAt: '2026-11-25T08:01:00.000Z' },
        ]);
        expect(await again.releaseTeamLocks({ env: 'staging', by: 'per' })).toEqual([]);
        expect(await again.releaseTeamLocks({ env: 'production', component: 'billing', by: 'per' })).toEqual(
          [],
        );
        expect((await again.activeTeamLocks(now())).map((l) => l.id)).toEqual([componentLock.id]);
        // Looking back, the released lock was in force before its release.
        expect((await again.activeTeamLocks('2026-11-25T08:00:30.000Z')).map((l) => l.id)).toEqual([
          envLock.id,
          componentLock.id,
        ]);
        // At its until it lapses by itself; a lapsed lock cannot be released any more.
        expect(await again.activeTeamLocks('2026-11-26T07:00:00.000Z')).toEqual([]);
        clock.set(Date.parse('2026-11-26T07:00:00Z'));
        expect(await again.releaseTeamLocks({ env: 'staging', component: 'billing', by: 'per' })).toEqual([]);
        // Nothing is deleted: both rows are history.
        expect((await again.teamLocks()).map((l) => [l.id, l.releasedBy])).toEqual([
          [envLock.id, 'per'],
          [componentLock.id, null],
        ]);
      } finally {
        await again.close();
      }
    });

    it('keeps any JSON detail exactly (unicode, nesting, numbers)', async () => {
      const journal = await (await freshStore()).open();
      try {
        const run = await journal.startRun({ command: 'x' });
        const data = { text: 'Løsning ✓ "quoted" \\ back', n: [0, -1.5, 1e21], deep: { a: [{ b: null }] } };
        await journal.evidence(run, { kind: 'k', data });
        expect((await journal.entries({ runId: run }))[0]?.data).toEqual(data);
      } finally {
        await journal.close();
      }
    });
  });
}
