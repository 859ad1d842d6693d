import type { Estate } from '../../config/schema.ts';
import { localMidnightUtc } from '../../core/local-date.ts';
import type { TeamLock } from '../../journal/index.ts';
import { freezeDaysBetween, type FreezeDay } from './freeze-days.ts';

const DAY = 86_400_000;

/** Monday to Sunday (YYYY-MM-DD) of the ISO week `now` falls in, in the team's time zone. */
export function weekDates(now: number, timeZone: string): { first: string; last: string } {
  const midnight = localMidnightUtc(now, timeZone);
  const monday = midnight - ((new Date(midnight).getUTCDay() + 6) % 7) * DAY;
  const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
  return { first: iso(monday), last: iso(monday + 6 * DAY) };
}

/**
 * The weekly issue's lines about what holds the train this week: team locks in force and the
 * week's freeze days. Plain bullets, not checklist items, so nothing here is ticked or carried
 * over; pnd adds them below the team's template, which stays the team's own.
 */
export async function holdsNotice(estate: Estate, locks: TeamLock[], now: number): Promise<string[]> {
  const { first, last } = weekDates(now, estate.calendar.timeZone);
  const envName = (id: string) => estate.environments.find((e) => e.id === id)?.name ?? id;
  const lines = locks.map(
    (l) =>
      `- 🔒 ${l.component ? `${l.component} in ${envName(l.env)}` : envName(l.env)} is locked by ${l.author}: ${l.reason}${l.until ? ` (until ${l.until})` : ''}`,
  );
  const days = await freezeDaysBetween(estate, first, last);
  lines.push(...days.map((d) => `- ❄️ ${weekday(d)} ${d.date} ${freezeText(d, envName)}`));
  return lines;
}

function weekday(day: FreezeDay): string {
  return new Date(`${day.date}T12:00:00Z`).toLocaleDateString('en-GB', { weekday: 'short', timeZone: 'UTC' });
}

function freezeText(day: FreezeDay, envName: (id: string) => string): string {
  const where = day.environments ? day.environments.map(envName).join(', ') : 'every environment';
  return `frozen (${where}): ${day.reason}${day.kind === 'holiday' ? ' (public holiday)' : ''}`;
}
