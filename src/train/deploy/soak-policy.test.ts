import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Candidate, Deployment } from '../../capabilities/deployer.ts';
import { decidePromotion, soakedFor, type PolicyInput, type SoakRule } from './soak-policy.ts';

const DAY = 86_400_000;
const RULE: SoakRule = { upstream: 'tt02', upstreamName: 'TT02', minimumMs: 6 * DAY, requireVerified: true };
const OSLO = 'Europe/Oslo';

const candidate = (id: string, createdAt: string): Candidate => ({
  version: { id, label: id },
  ref: `gate:${id}`,
  createdAt,
  steps: ['approve'],
});
const deployed = (id: string, deployedAt: string, postDeployApproved = true): Deployment => ({
  version: { id, label: id },
  deployedAt,
  versionCreatedAt: deployedAt,
  postDeployApproved,
});

function input(overrides: Partial<PolicyInput>): PolicyInput {
  return {
    candidates: [],
    rule: RULE,
    upstream: [],
    verification: () => undefined,
    now: Date.parse('2026-12-01T09:00:00+01:00'), // Tuesday
    timeZone: OSLO,
    ...overrides,
  };
}

describe('decidePromotion', () => {
  it('takes the newest candidate that soaked, still runs upstream and was verified; the rest are superseded', () => {
    const decision = decidePromotion(
      input({
        candidates: [
          candidate('R-419', '2026-11-30T08:00:00Z'),
          candidate('R-418', '2026-11-22T19:40:00Z'),
          candidate('R-412', '2026-11-17T07:55:00Z'),
        ],
        upstream: [deployed('R-418', '2026-11-25T08:30:00Z'), deployed('R-412', '2026-11-18T12:30:00Z')],
      }),
    );
    expect(decision.status).toBe('ok');
    expect(decision.chosen?.version.id).toBe('R-418');
    expect(decision.superseded.map((c) => c.version.id)).toEqual(['R-419', 'R-412']);
    expect(decision.verdicts.map((v) => [v.candidate.version.id, v.ok])).toEqual([
      ['R-419', false],
      ['R-418', true],
      ['R-412', false],
    ]);
  });

  it.each([
    [
      'not soaked long enough',
      [deployed('R-1', '2026-11-27T08:00:00Z')],
      () => undefined,
      /in TT02 4 days of the required 6 days/,
    ],
    [
      'no longer running upstream',
      [deployed('R-2', '2026-11-30T08:00:00Z'), deployed('R-1', '2026-11-24T08:00:00Z')],
      () => undefined,
      /TT02 runs R-2 now, not R-1/,
    ],
    [
      'never reached upstream',
      [deployed('R-0', '2026-11-20T08:00:00Z')],
      () => undefined,
      /R-1 never reached TT02/,
    ],
    [
      'its verification failed',
      [deployed('R-1', '2026-11-24T08:00:00Z', false)],
      () => ({ status: 'fail' as const, at: '', reason: 'pod x CrashLoopBackOff' }),
      /verification in TT02 failed: pod x CrashLoopBackOff/,
    ],
    [
      'no verification on record',
      [deployed('R-1', '2026-11-24T08:00:00Z', false)],
      () => undefined,
      /no passed verification of R-1 in TT02 is on record/,
    ],
  ])('blocks a candidate %s, saying why', (_name, upstream, verification, reason) => {
    const decision = decidePromotion(
      input({ candidates: [candidate('R-1', '2026-11-23T08:00:00Z')], upstream, verification }),
    );
    expect(decision.status).toBe('blocked');
    expect(decision.chosen).toBeUndefined();
    expect(decision.reasons.join(' ')).toMatch(reason);
  });

  it('accepts a journaled pass instead of a post-deployment approval (GitHub environments have none)', () => {
    const decision = decidePromotion(
      input({
        candidates: [candidate('sha1', '2026-11-25T07:00:00Z')],
        upstream: [deployed('sha1', '2026-11-25T08:00:00Z', false)],
        verification: () => ({ status: 'pass', at: '2026-11-25T08:30:00Z' }),
      }),
    );
    expect(decision.chosen?.version.id).toBe('sha1');
  });

  it('with an override takes the newest candidate that reached upstream, and says it was overridden', () => {
    const decision = decidePromotion(
      input({
        candidates: [candidate('R-1', '2026-11-23T08:00:00Z')],
        upstream: [deployed('R-2', '2026-11-30T08:00:00Z'), deployed('R-1', '2026-11-25T08:00:00Z')],
        override: 'hotfix',
      }),
    );
    expect(decision.status).toBe('overridden');
    expect(decision.chosen?.version.id).toBe('R-1');
    expect(decision.reasons.at(-1)).toBe('overridden: hotfix');
  });

  it('never takes a candidate older than what runs in the environment already', () => {
    const decision = decidePromotion(
      input({
        rule: undefined,
        candidates: [candidate('R-415', '2026-11-20T13:05:00Z')],
        running: { ...deployed('R-418', '2026-11-25T08:00:00Z'), versionCreatedAt: '2026-11-22T19:40:00Z' },
      }),
    );
    expect(decision.status).toBe('nothing-waiting');
    expect(decision.superseded.map((c) => c.version.id)).toEqual(['R-415']);
    expect(decision.reasons[0]).toMatch(/R-415 is older than R-418/);
  });
});

describe('soakedFor', () => {
  it('counts whole days as calendar days in the team’s time zone: Wednesday to Tuesday is 6', () => {
    const wednesdayNoon = Date.parse('2026-11-25T12:00:00+01:00');
    expect(soakedFor(wednesdayNoon, Date.parse('2026-12-01T07:00:00+01:00'), 6 * DAY, OSLO)).toMatchObject({
      ok: true,
      elapsed: '6 days',
    });
    expect(soakedFor(wednesdayNoon, Date.parse('2026-11-30T23:59:00+01:00'), 6 * DAY, OSLO)).toMatchObject({
      ok: false,
      elapsed: '5 days',
    });
    // 23:30 UTC on Tuesday is already Wednesday in Oslo.
    expect(
      soakedFor(Date.parse('2026-11-24T23:30:00Z'), Date.parse('2026-12-01T06:00:00Z'), 6 * DAY, OSLO).ok,
    ).toBe(true);
  });

  it('counts other durations exactly', () => {
    expect(soakedFor(0, 36 * 3_600_000, 36 * 3_600_000, OSLO)).toMatchObject({ ok: true });
    expect(soakedFor(0, 36 * 3_600_000 - 1, 36 * 3_600_000, OSLO)).toMatchObject({ ok: false });
  });

  it('is monotonic: once soaked, later is soaked too (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('2020-01-01'), max: Date.parse('2030-01-01') }),
        fc.integer({ min: 0, max: 30 * DAY }),
        fc.integer({ min: 0, max: 30 * DAY }),
        fc.integer({ min: 1, max: 14 }),
        fc.constantFrom('Europe/Oslo', 'UTC', 'America/New_York', 'Asia/Tokyo'),
        (since, a, b, days, zone) => {
          const [early, late] = a < b ? [a, b] : [b, a];
          const first = soakedFor(since, since + early, days * DAY, zone).ok;
          const second = soakedFor(since, since + late, days * DAY, zone).ok;
          return !first || second;
        },
      ),
      { numRuns: 500 },
    );
  });

  it('never counts a whole-day soak as done before (days - 1) × 24 hours have passed (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('2020-01-01'), max: Date.parse('2030-01-01') }),
        fc.integer({ min: 0, max: 30 * DAY }),
        fc.integer({ min: 1, max: 14 }),
        fc.constantFrom('Europe/Oslo', 'UTC', 'America/New_York', 'Asia/Tokyo'),
        (since, elapsed, days, zone) =>
          !soakedFor(since, since + elapsed, days * DAY, zone).ok ||
          elapsed > (days - 1) * DAY - 2 * 3_600_000,
      ),
      { numRuns: 500 },
    );
  });
});
