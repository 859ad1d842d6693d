import type { Clock } from '../core/clock.ts';
import { PndError, type PndErrorCode } from '../core/errors.ts';
import type { CheckResult, CheckRunner, CheckStatus, Expectation } from '../capabilities/check.ts';

/** The verdict of one round: fail if any check fails, pending if any is pending, else pass. */
export function overallStatus(results: readonly CheckResult[]): CheckStatus {
  if (results.some((r) => r.status === 'fail')) return 'fail';
  if (results.some((r) => r.status === 'pending')) return 'pending';
  return 'pass';
}

/**
 * Runs a component's checks once, in parallel (`pnd verify`: "run the checks now"); no waiting,
 * so a rollout still in progress comes back `pending`.
 */
export async function runChecks(
  runners: readonly CheckRunner[],
  options: { clock: Clock; expected?: Expectation },
): Promise<{ status: CheckStatus; results: CheckResult[] }> {
  const results = await Promise.all(runners.map((r) => runSafely(r, options.expected ?? {}, options.clock)));
  return { status: overallStatus(results), results };
}

/** Results standing in for a read that threw something other than an auth error. */
const readErrors = new WeakSet<CheckResult>();

export function isReadError(result: CheckResult): boolean {
  return readErrors.has(result);
}

/**
 * Failures that waiting cannot fix: a refused or missing credential, a missing permission, a
 * certificate not trusted. They stop the checks at once instead of leaving them pending.
 */
const STOPS = new Set<PndErrorCode>(['auth-failed', 'forbidden', 'credential-missing', 'tls-failed']);

/**
 * Runs one check; credential and permission errors are thrown (nothing but a person fixes them),
 * any other read error becomes a `pending` result saying what could not be read.
 */
export async function runSafely(
  runner: CheckRunner,
  expected: Expectation,
  clock: Clock,
): Promise<CheckResult> {
  try {
    return await runner.run(expected);
  } catch (error) {
    if (error instanceof PndError && STOPS.has(error.code)) throw error;
    const message = error instanceof Error ? error.message : String(error);
    const where =
      error instanceof PndError && typeof error.details.where === 'string' ? ` (${error.details.where})` : '';
    const result: CheckResult = {
      check: runner.label,
      kind: runner.kind,
      status: 'pending',
      reason: `Could not read the state: ${message}${where}`,
      evidence: [{ read: 'error', values: { message }, at: new Date(clock.now()).toISOString() }],
    };
    readErrors.add(result);
    return result;
  }
}
