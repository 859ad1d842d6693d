import fc from 'fast-check';
import moment from 'moment';
import { afterAll, describe, expect, it } from 'vitest';
import { isoWeekOf } from './iso-week.ts';

const savedTz = process.env.TZ;
afterAll(() => {
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
});

// Zones with whole, half and quarter hour offsets, both hemispheres' DST, and the date line.
const zones = [
  'UTC',
  'Europe/Oslo',
  'America/Los_Angeles',
  'Pacific/Kiritimati',
  'Pacific/Pago_Pago',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Australia/Lord_Howe',
  'America/St_Johns',
];
const instant = fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 0, 1) });

describe('isoWeekOf', () => {
  it("agrees with moment's isoWeek() and isoWeekYear() in the zone's local time", () => {
    fc.assert(
      fc.property(instant, fc.constantFrom(...zones), (at, zone) => {
        // moment's local mode uses the process zone, which Node re-reads when TZ is assigned.
        process.env.TZ = zone;
        const local = moment(at);
        const week = isoWeekOf(at, zone);
        expect({ year: week.year, week: week.week }).toEqual({
          year: local.isoWeekYear(),
          week: local.isoWeek(),
        });
        expect(week.label).toBe(local.format('GGGG-[W]WW'));
      }),
      { numRuns: 2000 },
    );
  });

  it('puts the year-end days in the week of their Thursday', () => {
    expect(isoWeekOf(Date.parse('2026-12-28T05:00:00Z'), 'Europe/Oslo').label).toBe('2026-W53');
    expect(isoWeekOf(Date.parse('2027-01-03T23:30:00Z'), 'UTC').label).toBe('2026-W53');
    // Monday 00:30 in Oslo is still Sunday in UTC.
    expect(isoWeekOf(Date.parse('2027-01-03T23:30:00Z'), 'Europe/Oslo').label).toBe('2027-W01');
    expect(isoWeekOf(Date.parse('2024-12-30T05:00:00Z'), 'Europe/Oslo').label).toBe('2025-W01');
    expect(isoWeekOf(Date.parse('2021-01-01T12:00:00Z'), 'Europe/Oslo').label).toBe('2020-W53');
  });

  it('refuses an unknown time zone with a clear error', () => {
    expect(() => isoWeekOf(0, 'Europe/Atlantis')).toThrow(/time zone is not known/);
  });
});
