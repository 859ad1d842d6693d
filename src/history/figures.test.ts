import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from './events.ts';
import { changeFailures, deliveryFigures, leadTime, quantile, timeToRestore } from './figures.ts';

const at = (day: number, hour = 0) => new Date(Date.UTC(2026, 10, 2 + day, hour)).toISOString();

function event(partial: Partial<HistoryEvent> & Pick<HistoryEvent, 'type' | 'outcome' | 'at'>): HistoryEvent {
  return {
    env: 'prod',
    component: 'api',
    week: null,
    version: partial.versionId ?? null,
    versionId: null,
    detail: '',
    runId: 1,
    actor: null,
    ...partial,
  };
}

const deploy = (day: number, versionId: string, outcome = 'deployed', extra: Partial<HistoryEvent> = {}) =>
  event({ type: 'deploy', outcome, at: at(day), versionId, ...extra });
const verification = (day: number, versionId: string, outcome: 'pass' | 'fail', hour = 1) =>
  event({ type: 'verification', outcome, at: at(day, hour), versionId });

describe('delivery figures', () => {
  it('counts each failed deployment once, under its first cause', () => {
    const events = [
      deploy(0, 'v1'),
      verification(0, 'v1', 'pass'),
      deploy(1, 'v2', 'failed'),
      deploy(2, 'v3'),
      verification(2, 'v3', 'fail'),
      event({ type: 'rejection', outcome: 'rejected', at: at(2, 2), versionId: 'v3' }),
      deploy(3, 'v4'),
      event({ type: 'rejection', outcome: 'rejected', at: at(3, 2), versionId: 'v4' }),
      deploy(4, 'v5'),
      deploy(5, 'v4'),
      event({ type: 'rollback', outcome: 'rolled-back', at: at(5), versionId: 'v4' }),
      deploy(6, 'v6', 'nothing-waiting'),
    ];
    expect(changeFailures(events)).toEqual({
      env: null,
      deployments: 6,
      failed: 4,
      rate: 4 / 6,
      causes: { deployFailed: 1, verificationFailed: 1, rejected: 1, rolledBack: 1 },
    });
    expect(changeFailures(events, 'staging')).toMatchObject({ deployments: 0, failed: 0, rate: null });
  });

  it('measures lead time from the commit, else from the version’s creation, to production only', () => {
    const events = [
      deploy(2, 'a', 'deployed', { committedAt: at(0) }),
      deploy(4, 'b', 'deployed', { versionCreatedAt: at(3) }),
      deploy(4, 'c', 'deployed', { env: 'staging', committedAt: at(0) }),
      deploy(5, 'd', 'failed', { committedAt: at(0) }),
    ];
    expect(leadTime(events, 'prod')).toEqual({
      env: 'prod',
      changes: 2,
      medianHours: (48 + 24) / 2,
      p90Hours: 48,
      fromCommit: 1,
      fromVersionCreated: 1,
    });
    expect(leadTime(events, null).changes).toBe(0);
  });

  it('times a restore from the first failed verification to the next passing one of that component', () => {
    const events = [
      verification(0, 'v1', 'fail', 0),
      verification(0, 'v1', 'fail', 5),
      event({ type: 'verification', outcome: 'fail', at: at(0, 6), component: 'web' }),
      verification(1, 'v2', 'pass', 0),
      verification(3, 'v3', 'fail', 0),
    ];
    expect(timeToRestore(events)).toEqual({ incidents: 3, restored: 1, medianHours: 24 });
    // Incidents after the window are not counted; later passes still restore the window's.
    expect(timeToRestore(events, at(0, 1))).toEqual({ incidents: 1, restored: 1, medianHours: 24 });
  });

  it('takes the median of an even count as the mean of the middle two', () => {
    expect(quantile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(quantile([], 0.5)).toBeNull();
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
  });

  it('keeps rates in [0, 1] and causes adding up to failures, for any history', () => {
    const eventArb = fc.record({
      day: fc.integer({ min: 0, max: 30 }),
      hour: fc.integer({ min: 0, max: 23 }),
      type: fc.constantFrom('deploy', 'verification', 'rejection', 'rollback', 'override'),
      outcome: fc.constantFrom('deployed', 'failed', 'blocked', 'pass', 'fail', 'rejected', 'rolled-back'),
      env: fc.constantFrom('dev', 'prod'),
      component: fc.constantFrom('a', 'b', 'c'),
      versionId: fc.option(fc.constantFrom('v1', 'v2', 'v3', 'v4'), { nil: null }),
      committed: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 60 }), (raw) => {
        const events = raw
          .map((r) =>
            event({
              type: r.type as HistoryEvent['type'],
              outcome: r.outcome,
              at: at(r.day, r.hour),
              env: r.env,
              component: r.component,
              versionId: r.versionId,
              ...(r.committed === undefined ? {} : { committedAt: at(0, r.committed % 24) }),
            }),
          )
          .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
        const figures = deliveryFigures(events, { envs: ['dev', 'prod'], production: 'prod', weeks: 5 });
        for (const cfr of [figures.changeFailureRate, ...figures.changeFailureRateByEnv]) {
          const { deployFailed, verificationFailed, rejected, rolledBack } = cfr.causes;
          expect(deployFailed + verificationFailed + rejected + rolledBack).toBe(cfr.failed);
          expect(cfr.failed).toBeLessThanOrEqual(cfr.deployments);
          if (cfr.rate !== null) expect(cfr.rate).toBeGreaterThanOrEqual(0);
          if (cfr.rate !== null) expect(cfr.rate).toBeLessThanOrEqual(1);
          expect(cfr.rate === null).toBe(cfr.deployments === 0);
        }
        const byEnv = figures.changeFailureRateByEnv;
        expect(byEnv.reduce((n, c) => n + c.deployments, 0)).toBe(figures.changeFailureRate.deployments);
        expect(figures.deploymentFrequency.reduce((n, f) => n + f.deployments, 0)).toBe(
          events.filter((e) => e.type === 'deploy' && e.outcome === 'deployed').length,
        );
        const ttr = figures.timeToRestore;
        expect(ttr.restored).toBeLessThanOrEqual(ttr.incidents);
        if (ttr.medianHours !== null) expect(ttr.medianHours).toBeGreaterThanOrEqual(0);
        const lead = figures.leadTime;
        expect(lead.fromCommit + lead.fromVersionCreated).toBe(lead.changes);
        if (lead.medianHours !== null && lead.p90Hours !== null)
          expect(lead.medianHours).toBeLessThanOrEqual(lead.p90Hours);
      }),
    );
  });
});
