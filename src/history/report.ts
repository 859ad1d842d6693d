import type { Journal } from '../journal/index.ts';
import { readHistory, type HistoryEvent } from './events.ts';
import { deliveryFigures, type DeliveryFigures } from './figures.ts';
import { isoWeekMonday, shiftWeek, weekOfEvent } from './weeks.ts';

/** The trailing window of `pnd report`: a quarter, enough deploys for a median to mean something. */
export const TRAILING_WEEKS = 12;

const DAY_MS = 86_400_000;

export interface TrainLine {
  component: string;
  version: string | null;
  detail: string;
}

export interface EnvironmentWeek {
  env: string;
  deployed: TrainLine[];
  failed: TrainLine[];
  verified: TrainLine[];
  verificationFailed: TrainLine[];
  blocked: TrainLine[];
  overridden: TrainLine[];
}

export interface WeekReport {
  schemaVersion: 1;
  week: string;
  timeZone: string;
  production: string | null;
  trailing: { from: string; to: string; weeks: number };
  train: EnvironmentWeek[];
  figures: { week: DeliveryFigures; trailing: DeliveryFigures };
}

export interface ReportOptions {
  week: string;
  timeZone: string;
  /** The environments in promotion order (the config's); others seen in the journal follow. */
  envs: readonly string[];
  /** The last environment of the promotion order, where lead time ends. */
  production: string | null;
}

/** The week's train and the figures, from the events of the trailing window (pure). */
export function buildReport(events: readonly HistoryEvent[], options: ReportOptions): WeekReport {
  const from = shiftWeek(options.week, -(TRAILING_WEEKS - 1));
  const weeks = new Set(Array.from({ length: TRAILING_WEEKS }, (_, i) => shiftWeek(from, i)));
  const inTrailing = events.filter((e) => weeks.has(weekOfEvent(e, options.timeZone)));
  const inWeek = inTrailing.filter((e) => weekOfEvent(e, options.timeZone) === options.week);
  const seen = [...new Set(events.map((e) => e.env).filter((e): e is string => e !== null))].sort();
  const envs = [...options.envs, ...seen.filter((e) => !options.envs.includes(e))];
  // Without a promotion order (no config), an environment named for production is taken as it.
  const production = options.production ?? ['production', 'prod'].find((name) => seen.includes(name)) ?? null;
  const line = (e: HistoryEvent): TrainLine => ({
    component: e.component ?? '?',
    version: e.version,
    detail: e.detail,
  });
  const train = envs
    .map((env): EnvironmentWeek => {
      const here = inWeek.filter((e) => e.env === env);
      const pick = (type: HistoryEvent['type'], outcomes: readonly string[]) =>
        here.filter((e) => e.type === type && outcomes.includes(e.outcome)).map(line);
      return {
        env,
        deployed: pick('deploy', ['deployed']),
        failed: pick('deploy', ['failed', 'timed-out']),
        verified: pick('verification', ['pass']),
        verificationFailed: pick('verification', ['fail']),
        blocked: pick('deploy', ['blocked', 'needs-person']),
        overridden: pick('override', ['overridden']),
      };
    })
    .filter(
      (w) => options.envs.includes(w.env) || Object.values(w).some((v) => Array.isArray(v) && v.length),
    );
  // Restoring can end after the window: time to restore looks past it for the passing check.
  const figures = (window: readonly HistoryEvent[], count: number) => {
    const end = window.at(-1)?.at ?? '';
    const after = events.filter((e) => e.type === 'verification' && e.at > end);
    return deliveryFigures(window, { envs, production, weeks: count }, after);
  };
  return {
    schemaVersion: 1,
    week: options.week,
    timeZone: options.timeZone,
    production,
    trailing: { from, to: options.week, weeks: TRAILING_WEEKS },
    train,
    figures: { week: figures(inWeek, 1), trailing: figures(inTrailing, TRAILING_WEEKS) },
  };
}

/**
 * Reads the window (with two days' margin either side for the time zone, and two weeks after it
 * for restorations) and builds the report.
 */
export async function readReport(
  journal: Pick<Journal, 'runs' | 'entries' | 'teamLocks'>,
  options: ReportOptions,
): Promise<WeekReport> {
  const since = isoWeekMonday(shiftWeek(options.week, -(TRAILING_WEEKS - 1))) - 2 * DAY_MS;
  const until = isoWeekMonday(options.week) + 7 * DAY_MS + 14 * DAY_MS;
  const events = await readHistory(journal, {
    since: new Date(since).toISOString(),
    until: new Date(until).toISOString(),
  });
  return buildReport(events, options);
}
