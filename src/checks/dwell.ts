import type { Clock } from '../core/clock.ts';
import { formatDuration } from '../core/duration.ts';
import { isReadError, runSafely } from './run-checks.ts';
import type { CheckResult, CheckRunner, CheckStatus, Expectation } from '../capabilities/check.ts';

/** The request budget of a component's dwell: at most this many reads per minute. */
export const MAX_REQUESTS_PER_MINUTE = 6;
/** How long a component may take to become healthy before the dwell gives up. */
export const DEFAULT_TIMEOUT_MS = 15 * 60_000;
const MIN_INTERVAL_MS = 10_000;

/**
 * The polling interval that keeps a component's dwell within MAX_REQUESTS_PER_MINUTE: each round
 * runs every runner once, so a round costs the sum of their requests. Rounded up to 10 s. None
 * of the reads can be made conditional, so every round costs full requests: the Kubernetes API
 * server sends no ETag and ignores If-None-Match on GET (kubernetes/client-go#956; it offers
 * watches instead, which hold a connection open for the whole dwell), and the ARM operations
 * used (Container Apps get/getRevision, Microsoft.Web sites/deployments list) declare no ETag or
 * If-None-Match in their API descriptions (spec/arm-*.json).
 */
export function defaultIntervalMs(runners: readonly Pick<CheckRunner, 'requestsPerRun'>[]): number {
  const perRound = runners.reduce((sum, r) => sum + r.requestsPerRun, 0);
  const ms = Math.ceil((60_000 * perRound) / MAX_REQUESTS_PER_MINUTE / 10_000) * 10_000;
  return Math.max(MIN_INTERVAL_MS, ms);
}

/** settle: polling until every check passes; dwell: re-checking after the first all-pass. */
export type DwellPhase = 'settle' | 'dwell';

export interface DwellRound {
  index: number;
  phase: DwellPhase;
  /** ISO, from the clock, when the round started. */
  at: string;
  results: CheckResult[];
}

export interface DwellOptions {
  clock: Clock;
  /** How long to keep re-checking after the first all-pass ("go grab a coffee"), e.g. 10 minutes. */
  dwellMs: number;
  /** Default: defaultIntervalMs(runners), within MAX_REQUESTS_PER_MINUTE. */
  intervalMs?: number;
  /** How long the checks may stay pending before the first all-pass. Default DEFAULT_TIMEOUT_MS. */
  timeoutMs?: number;
  expected?: Expectation;
  signal?: AbortSignal;
  /** Every result as it arrives (progress output, the journal). */
  onResult?: (result: CheckResult, round: Omit<DwellRound, 'results'>) => void;
}

export interface DwellOutcome {
  /** pass only when every check passed at the first all-pass and at every re-check after it. */
  status: Exclude<CheckStatus, 'pending'>;
  /** One sentence: what passed, or which check failed, when, and why. */
  reason: string;
  /** The deciding result of each runner, in runner order. */
  results: CheckResult[];
  history: DwellRound[];
  firstPassAt?: string;
  dwellEndedAt?: string;
  timedOut: boolean;
  /** The failure is that a check could not read (an outage, not a verdict on the deploy). */
  unreadable?: boolean;
}

/** Consecutive rounds a runner may fail to read (5xx, network) during the dwell before it fails. */
const MAX_READ_ERRORS = 2;

/**
 * Polls the runners until all pass (or one fails, or the timeout), then keeps re-checking every
 * interval for the dwell: a failure, or a check falling back to pending, fails the component.
 * Credential and permission errors are thrown (polling cannot fix them); other read errors are
 * retried at the next round.
 */
export async function verifyWithDwell(
  runners: readonly CheckRunner[],
  options: DwellOptions,
): Promise<DwellOutcome> {
  const { clock, dwellMs, signal } = options;
  const intervalMs = options.intervalMs ?? defaultIntervalMs(runners);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const expected = options.expected ?? {};
  const history: DwellRound[] = [];
  const errorStreak = runners.map(() => 0);
  const startedAt = clock.now();
  let firstPassAt: number | undefined;
  let last: CheckResult[] = [];

  const outcome = (status: DwellOutcome['status'], reason: string, timedOut = false): DwellOutcome => ({
    status,
    reason,
    results: last,
    history,
    ...(firstPassAt !== undefined ? { firstPassAt: iso(firstPassAt) } : {}),
    ...(status === 'pass' ? { dwellEndedAt: iso(clock.now()) } : {}),
    timedOut,
  });

  if (runners.length === 0) return outcome('pass', 'No checks are configured.');

  for (let index = 0; ; index++) {
    const at = clock.now();
    const phase: DwellPhase = firstPassAt === undefined ? 'settle' : 'dwell';
    const round = { index, phase, at: iso(at) };
    const results = await Promise.all(
      runners.map(async (runner, i) => {
        const result = await runSafely(runner, expected, clock);
        errorStreak[i] = isReadError(result) ? errorStreak[i]! + 1 : 0;
        options.onResult?.(result, round);
        return result;
      }),
    );
    history.push({ ...round, results });
    last = results;

    const failed = results.find((r) => r.status === 'fail');
    if (failed) {
      const when =
        phase === 'dwell'
          ? ` during the dwell, ${formatDuration(at - firstPassAt!)} after every check first passed`
          : '';
      return outcome('fail', `${failed.check} failed${when}: ${failed.reason}`);
    }
    if (phase === 'dwell') {
      const errored = results.findIndex((r, i) => isReadError(r) && errorStreak[i]! > MAX_READ_ERRORS);
      if (errored >= 0) {
        last = results.map((r, i) => (i === errored ? { ...r, status: 'fail' } : r));
        const r = results[errored]!;
        return {
          ...outcome(
            'fail',
            `${r.check} could not be read ${errorStreak[errored]} times in a row during the dwell: ${r.reason}`,
          ),
          unreadable: true,
        };
      }
      // A check that falls back to pending after passing (pods unavailable again, a new
      // rollout, a revision re-provisioning) means the verified version is not running steadily.
      const regressed = results.find((r) => r.status === 'pending' && !isReadError(r));
      if (regressed) {
        last = results.map((r) => (r === regressed ? { ...r, status: 'fail' } : r));
        return outcome(
          'fail',
          `${regressed.check} was healthy, then during the dwell, ${formatDuration(at - firstPassAt!)} after every check first passed: ${regressed.reason}`,
        );
      }
    }
    const allPass = results.every((r) => r.status === 'pass');
    if (phase === 'settle' && allPass) firstPassAt = at;
    if (firstPassAt !== undefined && allPass && at >= firstPassAt + dwellMs) {
      return outcome(
        'pass',
        `Every check passed and stayed healthy for ${formatDuration(dwellMs)} (${history.filter((h) => h.phase === 'dwell').length} re-checks).`,
      );
    }
    if (firstPassAt === undefined && at >= startedAt + timeoutMs) {
      last = results.map((r) => (r.status === 'pending' ? { ...r, status: 'fail' } : r));
      const pending = results.find((r) => r.status !== 'pass')!;
      return outcome(
        'fail',
        `${pending.check} did not become healthy within ${formatDuration(timeoutMs)}: ${pending.reason}`,
        true,
      );
    }
    // Rounds keep to their grid and also fall exactly on the timeout and on the dwell's end.
    const end = firstPassAt === undefined ? startedAt + timeoutMs : firstPassAt + dwellMs;
    const next = at < end ? Math.min(at + intervalMs, end) : at + intervalMs;
    await clock.sleep(Math.max(0, next - clock.now()), signal);
  }
}

const iso = (ms: number) => new Date(ms).toISOString();
