import type { Estate } from '../../config/schema.ts';
import { localDate } from '../../core/local-date.ts';
import { PndError } from '../../core/errors.ts';
import type { Journal, TeamLock } from '../../journal/index.ts';
import { freezeDaysBetween, freezeHolds, type FreezeDay } from './freeze-days.ts';

/**
 * What holds a deploy target back: a team lock (`pnd lock`) or a freeze day (a `freezes` range or
 * a public holiday). A hold without a component holds the whole environment; a component lock
 * holds that component only.
 */
export interface Hold {
  kind: 'lock' | 'freeze' | 'holiday';
  env: string;
  component: string | null;
  reason: string;
  /** Who: the lock's author; for a freeze, pnd.yaml. */
  author: string;
  /** The lock's id in the journal. */
  lockId?: number;
  since?: string;
  until?: string | null;
  /** The frozen day (YYYY-MM-DD in the calendar's time zone). */
  date?: string;
}

export function holdFromLock(lock: TeamLock): Hold {
  return {
    kind: 'lock',
    env: lock.env,
    component: lock.component,
    reason: lock.reason,
    author: lock.author,
    lockId: lock.id,
    since: lock.createdAt,
    until: lock.until,
  };
}

export function holdFromFreezeDay(day: FreezeDay, env: string): Hold {
  return {
    kind: day.kind,
    env,
    component: null,
    reason: day.reason,
    author: 'pnd.yaml',
    date: day.date,
  };
}

/** The locks and freeze days holding `env` at `now`. */
export async function holdsOn(estate: Estate, journal: Journal, env: string, now: number): Promise<Hold[]> {
  const today = localDate(now, estate.calendar.timeZone);
  const locks = (await journal.activeTeamLocks(new Date(now).toISOString())).filter((l) => l.env === env);
  const days = (await freezeDaysBetween(estate, today, today)).filter((d) => freezeHolds(d, env));
  return [...locks.map(holdFromLock), ...days.map((d) => holdFromFreezeDay(d, env))];
}

/** One line a person reads: what holds it, why, and who said so. */
export function describeHold(hold: Hold): string {
  const what = hold.component ? `${hold.component} in ${hold.env}` : hold.env;
  if (hold.kind === 'lock')
    return `${what} is locked by ${hold.author}${hold.since ? ` since ${hold.since}` : ''}: ${hold.reason}${hold.until ? ` (until ${hold.until})` : ''}`;
  if (hold.kind === 'holiday') return `${what} is frozen on ${hold.date}, a public holiday: ${hold.reason}`;
  return `${what} is frozen on ${hold.date}: ${hold.reason} (freezes in pnd.yaml)`;
}

export interface HoldVerdict {
  /** Components not to touch (their own lock), with why. */
  skipped: Array<{ component: string; holds: Hold[] }>;
  /** Holds the `--override` reason lets the run past; recorded in the journal. */
  overridden: Hold[];
}

/**
 * Applies the holds to a deploy of `components` of `env`: without an override, an environment-wide
 * hold refuses the whole deploy (a `target-locked` or `frozen` PndError naming reason and author),
 * and a component lock skips that component; refused too when every asked-for component is held.
 * With an override every hold is let past, and returned so the run records it.
 */
export function judgeHolds(
  holds: Hold[],
  env: string,
  components: string[],
  override: string | undefined,
): HoldVerdict {
  const relevant = holds.filter((h) => h.component === null || components.includes(h.component));
  if (override) return { skipped: [], overridden: relevant };
  const whole = relevant.filter((h) => h.component === null);
  if (whole.length > 0) throw heldError(env, whole);
  const skipped = components
    .map((component) => ({ component, holds: relevant.filter((h) => h.component === component) }))
    .filter((s) => s.holds.length > 0);
  if (components.length > 0 && skipped.length === components.length)
    throw heldError(
      env,
      skipped.flatMap((s) => s.holds),
    );
  return { skipped, overridden: [] };
}

function heldError(env: string, holds: Hold[]): PndError {
  const first = holds[0] as Hold;
  const locked = holds.some((h) => h.kind === 'lock');
  const lines = holds.map(describeHold);
  return new PndError(
    locked ? 'target-locked' : 'frozen',
    locked ? `${env} is locked: ${lines.join('; ')}.` : `${env} is frozen: ${lines.join('; ')}.`,
    {
      details: {
        where: `environment ${env}`,
        reason: first.reason,
        author: first.author,
        holds,
        hint: locked
          ? `Ask ${first.author} to run \`pnd unlock ${env}${first.component ? ` --component ${first.component}` : ''}\`, or deploy anyway with --override "REASON" (recorded in the journal).`
          : 'Deploy on another day, or deploy anyway with --override "REASON" (recorded in the journal).',
      },
    },
  );
}
