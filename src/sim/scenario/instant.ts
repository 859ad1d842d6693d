import { z } from 'zod';
import { parseDuration } from '../../core/duration.ts';
import { isScenarioDuration } from '../limits.ts';

/**
 * Scenario instants. Every time in a scenario, in every vendor section, is either an ISO 8601
 * instant or an offset from the scenario's start: "-5d", "-4d20h", "+1h". Offsets let one
 * scenario describe "last Wednesday's release" at whatever start `pnd sim` picks.
 */

const RELATIVE = /^[-+]/;
const DAY = 86_400_000;
const WEEK = 7 * DAY;

export const instantSchema = z
  .string()
  .refine((s) => (RELATIVE.test(s) ? isScenarioDuration(s.slice(1)) : isIsoInstant(s)), {
    message: 'Expected an ISO 8601 instant or an offset from the scenario start such as "-5d" or "-4d20h".',
  })
  .describe('An ISO 8601 instant, or an offset from the scenario start: "-5d", "-4d20h", "+1h".');

function isIsoInstant(value: string): boolean {
  return z.iso.datetime({ offset: true }).safeParse(value).success || !Number.isNaN(Date.parse(value));
}

/** Resolves an instant of this schema to epoch milliseconds. */
export function resolveInstant(value: string, start: number): number {
  if (RELATIVE.test(value)) {
    const ms = parseDuration(value.slice(1)) ?? 0;
    return value.startsWith('-') ? start - ms : start + ms;
  }
  return Date.parse(value);
}

/**
 * The instant the scenario's relative times count from when the simulator's clock starts at
 * `clockStart`: the scenario's own `start` moved by whole weeks to the latest one not after
 * `clockStart`. The train is weekly, so "Monday 05:00, the release two days earlier" stays a
 * Monday and a Saturday whatever week the simulator runs in. Whole weeks are 7 x 24 h: across a
 * daylight-saving change the local time of day moves by an hour, which no train step depends on.
 */
export function weeklyAnchor(scenarioStart: number, clockStart: number): number {
  const weeks = Math.floor((clockStart - scenarioStart) / WEEK);
  return scenarioStart + weeks * WEEK;
}
