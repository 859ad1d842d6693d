import { PndError } from '../core/errors.ts';
import { isoWeekOf } from '../template/iso-week.ts';

const DAY_MS = 86_400_000;
const WEEK = /^(\d{4})-W(\d{2})$/;

/** Monday 00:00 UTC of an ISO week (`2026-W48`): week 1 holds January 4th. */
export function isoWeekMonday(label: string): number {
  const match = WEEK.exec(label);
  const year = Number(match?.[1]);
  const week = Number(match?.[2]);
  const jan4 = Date.UTC(year, 0, 4);
  const monday = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY_MS + (week - 1) * 7 * DAY_MS;
  if (!match || week < 1 || isoWeekOf(monday, 'UTC').label !== label)
    throw new PndError('input-invalid', 'The week is not an ISO week.', {
      details: {
        where: `--week ${label}`,
        hint: 'Write it as YYYY-Www, e.g. 2026-W48 (weeks 01 to 52 or 53).',
      },
    });
  return monday;
}

/** The label of the week `offset` weeks from `label` (negative: earlier). */
export function shiftWeek(label: string, offset: number): string {
  return isoWeekOf(isoWeekMonday(label) + offset * 7 * DAY_MS + 3 * DAY_MS, 'UTC').label;
}

/** The ISO week an event belongs to: its run's train week, else its local date's week. */
export function weekOfEvent(event: { week: string | null; at: string }, timeZone: string): string {
  return event.week ?? isoWeekOf(Date.parse(event.at), timeZone).label;
}
