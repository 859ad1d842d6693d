import { parseDuration } from '../core/duration.ts';

/**
 * The simulator's input limits, in one place (docs/simulator.md lists them). A simulator is test
 * infrastructure a hostile or mistaken client can reach: every input that sizes work or moves
 * time is bounded, so no request or scenario can leave it broken or busy for good.
 */

/** Request bodies: the largest a simulated API reads (the vendors' own limits are of this order). */
export const MAX_BODY_BYTES = 5 * 1024 * 1024;

/** The latest instant the virtual clock reaches: four-digit years, as every vendor writes them. */
export const LATEST_INSTANT = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** One move of the control API's clock: a year at most (a train runs for days). */
export const MAX_CLOCK_STEP_MS = 366 * 86_400_000;

/** Scenario durations (timeline offsets, deploy times): a year at most. */
export const MAX_SCENARIO_DURATION_MS = MAX_CLOCK_STEP_MS;

/** A scenario file: larger is not a hand-written estate. */
export const MAX_SCENARIO_BYTES = 16 * 1024 * 1024;

/** Kubernetes' own scalability thresholds: 5,000 nodes per cluster. */
export const MAX_CLUSTER_NODES = 5_000;

/** Pods the scenario seeds across every cluster (each is simulated, with its own timers). */
export const MAX_SCENARIO_PODS = 20_000;

/** YAML aliases a scenario may expand (a few hundred is already unusual). */
export const MAX_SCENARIO_ALIASES = 1_000;

/**
 * A scenario duration: parseable and at most MAX_SCENARIO_DURATION_MS, so no timeline entry or
 * deploy time lands past the instants a clock can show.
 */
export function isScenarioDuration(text: string): boolean {
  const ms = parseDuration(text);
  return ms !== undefined && Number.isFinite(ms) && ms <= MAX_SCENARIO_DURATION_MS;
}
