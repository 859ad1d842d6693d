import { localMidnightUtc } from '../core/local-date.ts';

export interface IsoWeek {
  year: number;
  week: number;
  /** `2026-W48`: the identity of a train run and of its issue. */
  label: `${number}-W${string}`;
}

const DAY_MS = 86_400_000;

/**
 * The ISO 8601 week of an instant in a time zone (weeks start on Monday; week 1 holds the year's
 * first Thursday). Intl gives the local date; the rest is calendar arithmetic, so no time zone
 * database beyond the runtime's own is needed.
 */
export function isoWeekOf(instant: number, timeZone: string): IsoWeek {
  const midnight = localMidnightUtc(instant, timeZone);
  const mondayBased = (new Date(midnight).getUTCDay() + 6) % 7;
  // The week belongs to the year its Thursday falls in.
  const thursday = midnight + (3 - mondayBased) * DAY_MS;
  const year = new Date(thursday).getUTCFullYear();
  const januaryFirst = new Date(0);
  januaryFirst.setUTCFullYear(year, 0, 1);
  const week = Math.floor((thursday - januaryFirst.getTime()) / DAY_MS / 7) + 1;
  const yearText = year < 0 ? `-${String(-year).padStart(4, '0')}` : String(year).padStart(4, '0');
  return { year, week, label: `${yearText}-W${String(week).padStart(2, '0')}` as IsoWeek['label'] };
}
