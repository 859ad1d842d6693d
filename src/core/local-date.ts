import { PndError } from './errors.ts';

/**
 * Dates in a time zone: the one helper the engines, the status and the templates use to say which
 * calendar day an instant falls on where the team works. Intl gives the local date; the rest is
 * calendar arithmetic, so no time zone database beyond the runtime's own is needed.
 */

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
export function localMidnightUtc(instant: number, timeZone: string): number {
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

/** The calendar date of an instant in a time zone, `YYYY-MM-DD`. */
export function localDate(instant: number, timeZone: string): string {
  return new Date(localMidnightUtc(instant, timeZone)).toISOString().slice(0, 10);
}
