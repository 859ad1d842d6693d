import { PndError } from '../core/errors.ts';

export interface IsoWeek {
  year: number;
  week: number;
  /** `2026-W48`: the identity of a train run and of its issue. */
  label: `${number}-W${string}`;
}

const DAY_MS = 86_400_000;

// Building a DateTimeFormat costs far more than using one; a process sees only a zone or two.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone,
        calendar: 'iso8601',
        numberingSystem: 'latn',
        era: 'short',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
      });
    } catch (error) {
      throw new PndError('input-invalid', 'The time zone is not known.', {
        details: { value: timeZone, hint: 'Use an IANA time zone name such as Europe/Oslo or UTC.' },
        cause: error,
      });
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The calendar date of an instant in a time zone, as the epoch ms of that date's UTC midnight. */
function localMidnightUtc(instant: number, timeZone: string): number {
  let year = 0;
  let month = 0;
  let day = 0;
  let bce = false;
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type === 'year') year = Number(part.value);
    else if (part.type === 'month') month = Number(part.value);
    else if (part.type === 'day') day = Number(part.value);
    else if (part.type === 'era') bce = part.value === 'BC';
  }
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999.
  date.setUTCFullYear(bce ? 1 - year : year, month - 1, day);
  return date.getTime();
}

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
