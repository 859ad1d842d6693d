import type { Estate, Freeze, HolidayFreeze } from '../../config/schema.ts';
import { PndError } from '../../core/errors.ts';

/**
 * Freeze days: the `freezes` date ranges of pnd.yaml and the public holidays of `holidays.country`.
 * Everything is a calendar date (YYYY-MM-DD) in the team's time zone, so "frozen on 24 December"
 * means the whole of that day where the team works, whatever the hour in UTC.
 */
export interface FreezeDay {
  /** The frozen day, YYYY-MM-DD in the calendar's time zone. */
  date: string;
  kind: 'freeze' | 'holiday';
  /** The freeze's reason, or the holiday's name. */
  reason: string;
  /** The environments it holds; null: every environment. */
  environments: string[] | null;
  /** For a freeze: its whole range. */
  from?: string;
  to?: string;
}

/** Whether `date` (YYYY-MM-DD) lies in the freeze's inclusive range: text order is date order. */
export function freezeContains(freeze: Pick<Freeze, 'from' | 'to'>, date: string): boolean {
  return freeze.from <= date && date <= freeze.to;
}

/** Whether a freeze day holds `env`. */
export function freezeHolds(day: FreezeDay, env: string): boolean {
  return day.environments === null || day.environments.includes(env);
}

/** The calendar dates from `first` to `last` inclusive (YYYY-MM-DD), in order. */
export function datesBetween(first: string, last: string): string[] {
  const dates: string[] = [];
  for (let day = Date.parse(`${first}T00:00:00Z`); day <= Date.parse(`${last}T00:00:00Z`); day += 86_400_000)
    dates.push(new Date(day).toISOString().slice(0, 10));
  return dates;
}

/**
 * Every freeze day from `first` to `last` (inclusive), date ranges and holidays, in date order.
 * Loads the holiday data only when the estate names a country.
 */
export async function freezeDaysBetween(estate: Estate, first: string, last: string): Promise<FreezeDay[]> {
  const dates = datesBetween(first, last);
  const days: FreezeDay[] = [];
  for (const date of dates) {
    for (const freeze of estate.freezes) {
      if (!freezeContains(freeze, date)) continue;
      days.push({
        date,
        kind: 'freeze',
        reason: freeze.reason,
        environments: freeze.environments ?? null,
        from: freeze.from,
        to: freeze.to,
      });
    }
  }
  if (estate.holidays) days.push(...(await holidaysBetween(estate.holidays, first, last)));
  return days.sort((a, b) => a.date.localeCompare(b.date));
}

async function holidaysBetween(config: HolidayFreeze, first: string, last: string): Promise<FreezeDay[]> {
  // date-holidays rather than a hand-kept list: moving feasts (Easter, Ascension, Whit Monday),
  // substitute days and regional holidays for 200 countries, kept up to date by its maintainers.
  // Loaded here, not with the config, because its data takes ~0.3 s to load.
  const { default: Holidays } = await import('date-holidays');
  const all = new Holidays();
  if (!all.getCountries()[config.country])
    throw new PndError('config-invalid', 'The holiday data has no such country.', {
      details: {
        where: 'pnd.yaml holidays.country',
        value: config.country,
        hint: 'Use an ISO 3166-1 alpha-2 code the date-holidays library knows, e.g. NO, SE, DE.',
      },
    });
  if (config.region && !all.getStates(config.country)?.[config.region])
    throw new PndError('config-invalid', 'The holiday data has no such region in the country.', {
      details: {
        where: 'pnd.yaml holidays.region',
        value: config.region,
        allowed: Object.keys(all.getStates(config.country) ?? {}),
        hint: `Use one of the regions listed for ${config.country}, or leave region out for the national holidays only.`,
      },
    });
  const holidays = config.region
    ? new Holidays(config.country, config.region, { types: ['public'] })
    : new Holidays(config.country, { types: ['public'] });
  const years = new Set([Number(first.slice(0, 4)), Number(last.slice(0, 4))]);
  const days: FreezeDay[] = [];
  for (const year of years) {
    for (const holiday of holidays.getHolidays(year) || []) {
      // `date` is the local calendar date the library computed for the country ("YYYY-MM-DD hh:mm:ss").
      const date = holiday.date.slice(0, 10);
      if (holiday.type !== 'public' || date < first || date > last) continue;
      days.push({ date, kind: 'holiday', reason: holiday.name, environments: config.environments ?? null });
    }
  }
  return days;
}
