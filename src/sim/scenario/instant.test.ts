import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseStart } from '../../cli/sim.ts';
import { parseScenario } from './load.ts';
import { resolveInstant, weeklyAnchor } from './instant.ts';

const WEEK = 7 * 86_400_000;
const MONDAY = Date.parse('2026-11-23T05:00:00+01:00');

describe('scenario instants', () => {
  it('resolves offsets from the start and leaves ISO instants alone', () => {
    expect(resolveInstant('-4d20h', MONDAY)).toBe(MONDAY - (4 * 24 + 20) * 3_600_000);
    expect(resolveInstant('+1h', MONDAY)).toBe(MONDAY + 3_600_000);
    expect(resolveInstant('2026-11-19T05:04:00Z', MONDAY)).toBe(Date.parse('2026-11-19T05:04:00Z'));
  });

  it('moves the scenario start by whole weeks to the latest one not after the clock start', () => {
    fc.assert(
      fc.property(fc.integer({ min: -200 * WEEK, max: 200 * WEEK }), (offset) => {
        const clockStart = MONDAY + offset;
        const anchor = weeklyAnchor(MONDAY, clockStart);
        expect(Math.abs((anchor - MONDAY) % WEEK)).toBe(0);
        expect(anchor).toBeLessThanOrEqual(clockStart);
        expect(clockStart - anchor).toBeLessThan(WEEK);
      }),
    );
    // A Saturday three weeks on: the Monday of that week, same time of day (UTC).
    expect(new Date(weeklyAnchor(MONDAY, Date.parse('2026-12-12T10:00:00Z'))).toISOString()).toBe(
      '2026-12-07T04:00:00.000Z',
    );
  });

  it('accepts offsets in every vendor section and refuses a bad one with its line', () => {
    const scenario = parseScenario(
      [
        'name: x',
        "start: '2026-11-23T05:00:00+01:00'",
        'kubernetes:',
        '  clusters:',
        "    - { name: c, deployments: [{ name: d, image: 'r/d:1', createdAt: '-30d', podsSince: '-2d3h' }] }",
        'timeline:',
        "  - { at: '+2d', event: nope }",
      ].join('\n'),
    );
    expect(scenario.timeline?.[0]?.at).toBe('+2d');
    expect(scenario.kubernetes?.clusters[0]?.deployments[0]?.podsSince).toBe('-2d3h');
    expect(() =>
      parseScenario(
        [
          'name: x',
          "start: '2026-11-23T05:00:00+01:00'",
          'timeline:',
          "  - { at: '-2 days', event: e }",
        ].join('\n'),
        's.yaml',
      ),
    ).toThrow(expect.objectContaining({ details: expect.objectContaining({ where: 's.yaml:4:11' }) }));
  });
});

describe('pnd sim --start', () => {
  it('is now to the minute, the scenario start, or an instant', () => {
    expect(parseStart('now', '2026-11-23T05:00:00+01:00', Date.parse('2026-12-05T04:21:37.5Z'))).toBe(
      Date.parse('2026-12-05T04:21:00Z'),
    );
    expect(parseStart('scenario', '2026-11-23T05:00:00+01:00', 0)).toBe(MONDAY);
    expect(parseStart('2026-12-01T08:00:00Z', '', 0)).toBe(Date.parse('2026-12-01T08:00:00Z'));
    expect(() => parseStart('tomorrow', '', 0)).toThrow(/not a time/);
  });
});
