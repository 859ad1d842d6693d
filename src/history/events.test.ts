import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../core/clock.ts';
import { SqliteJournal } from '../journal/index.ts';
import { recordVerification } from '../train/verification-record.ts';
import { filterHistory, readHistory } from './events.ts';

describe('history events from the journal', () => {
  it('reads deploys, verifications, overrides, rejections and rollbacks as the deploy day journals them', async () => {
    const clock = new VirtualClock('2026-11-24T08:00:00Z');
    const journal = new SqliteJournal({ path: ':memory:', clock });
    try {
      const v1 = { id: 'sha-1', label: 'main (sha-1)', committedAt: '2026-11-23T12:00:00Z' };
      const v2 = { id: 'sha-2', label: 'main (sha-2)' };
      const run = await journal.startRun({ command: 'deploy live', week: '2026-W48', env: 'live' });
      // Nothing waits: journaled with the step only (no key).
      await journal.evidence(run, {
        kind: 'deploy-outcome',
        step: 'deploy.web-app.live',
        data: { outcome: 'nothing-waiting', detail: 'nothing waits' },
      });
      const deploy = async (version: typeof v1 | typeof v2, outcome: string) => {
        await journal.evidence(run, {
          kind: 'deploy-plan',
          key: 'deploy:2026-W48:live:api',
          step: 'deploy.api.live',
          data: { candidate: { version, createdAt: '2026-11-23T20:00:00Z' } },
        });
        clock.advance(60_000);
        await journal.evidence(run, {
          kind: 'deploy-outcome',
          key: 'deploy:2026-W48:live:api',
          step: 'deploy.api.live',
          data: { outcome, detail: 'succeeded', version },
        });
      };
      await journal.override(run, {
        step: 'deploy.api.live',
        reason: 'hotfix',
        data: { version: v1, reasons: ['soak'] },
      });
      await deploy(v1, 'deployed');
      await recordVerification(journal, run, {
        component: 'api',
        env: 'live',
        versionId: 'sha-1',
        status: 'pass',
      });
      await deploy(v2, 'deployed');
      await recordVerification(journal, run, {
        component: 'api',
        env: 'live',
        versionId: 'sha-2',
        status: 'fail',
        reason: 'probe',
      });
      await journal.evidence(run, {
        kind: 'post-deploy-outcome',
        key: 'deploy:2026-W48:live:api',
        step: 'post-deploy.api.live',
        data: { version: v2, status: 'fail', reason: 'probe', gate: 'rejected', checks: [] },
      });
      await deploy(v1, 'deployed');
      await journal.addTeamLock({
        env: 'live',
        reason: 'db migration',
        author: 'kari',
        authorSource: 'github',
      });
      await journal.releaseTeamLocks({ env: 'live', by: 'ola' });
      const events = await readHistory(journal, {});
      expect(events.map((e) => [e.type, e.component, e.env, e.outcome, e.versionId])).toEqual([
        ['deploy', 'web-app', 'live', 'nothing-waiting', null],
        ['override', 'api', 'live', 'overridden', 'sha-1'],
        ['deploy', 'api', 'live', 'deployed', 'sha-1'],
        ['verification', 'api', 'live', 'pass', 'sha-1'],
        ['deploy', 'api', 'live', 'deployed', 'sha-2'],
        ['verification', 'api', 'live', 'fail', 'sha-2'],
        ['rejection', 'api', 'live', 'rejected', 'sha-2'],
        ['deploy', 'api', 'live', 'deployed', 'sha-1'],
        ['rollback', 'api', 'live', 'rolled-back', 'sha-1'],
        ['lock', null, 'live', 'held', null],
        ['unlock', null, 'live', 'released', null],
      ]);
      expect(events.at(-2)).toMatchObject({ actor: 'kari', detail: 'db migration' });
      expect(events.at(-1)).toMatchObject({ actor: 'ola', detail: 'released by ola' });
      expect(events[2]).toMatchObject({
        week: '2026-W48',
        committedAt: '2026-11-23T12:00:00Z',
        versionCreatedAt: '2026-11-23T20:00:00Z',
      });
      expect(filterHistory(events, { component: 'web-app' })).toHaveLength(1);
      expect(filterHistory(events, { env: 'other' })).toEqual([]);
      // A range reads only the entries in it (a rollback is seen only with the deploy it returns to).
      expect((await readHistory(journal, { since: '2026-11-24T08:02:00.000Z' })).map((e) => e.type)).toEqual([
        'deploy',
        'verification',
        'rejection',
        'deploy',
        'lock',
        'unlock',
      ]);
      expect(await readHistory(journal, { until: '2026-11-24T08:00:00.000Z' })).toEqual([]);
    } finally {
      await journal.close();
    }
  });
});
