import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localDate, localMidnightUtc } from './local-date.ts';

const ZONES = ['UTC', 'Europe/Oslo', 'America/St_Johns', 'Pacific/Kiritimati', 'Pacific/Pago_Pago'];
// 1971..2100: the years a train runs in.
const instant = fc.integer({ min: 31_536_000_000, max: 4_102_444_800_000 });

describe('dates in a time zone', () => {
  it('in UTC, the date of the instant itself', () => {
    fc.assert(
      fc.property(instant, (t) => {
        expect(localDate(t, 'UTC')).toBe(new Date(t).toISOString().slice(0, 10));
      }),
    );
  });

  it('the local date is the one the wall clock there shows, at most a day from the UTC date', () => {
    fc.assert(
      fc.property(instant, fc.constantFrom(...ZONES), (t, zone) => {
        const wall = new Date(t).toLocaleDateString('sv-SE', { timeZone: zone }); // YYYY-MM-DD
        expect(localDate(t, zone)).toBe(wall);
        expect(Math.abs(localMidnightUtc(t, zone) - localMidnightUtc(t, 'UTC'))).toBeLessThanOrEqual(
          86_400_000,
        );
      }),
    );
  });

  it('refuses an unknown zone with a PndError that says what to use', () => {
    expect(() => localDate(0, 'Mars/Olympus')).toThrow(expect.objectContaining({ code: 'input-invalid' }));
  });
});
