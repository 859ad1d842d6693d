import { parseDuration } from '../config/duration.ts';
import { PndError } from '../core/errors.ts';
import type { WaitInfo } from '../providers/azure-devops/client.ts';

/** How long a command may wait on the vendors when no --timeout is given (issue create, deps). */
export const DEFAULT_COMMAND_TIMEOUT = '15m';

/**
 * A duration option (--timeout, --wait) in ms, or exit 2 naming the option and how to write it.
 */
export function durationOption(option: string, value: string): number {
  try {
    return parseDuration(value);
  } catch (cause) {
    throw new PndError('input-invalid', `The ${option} is not a duration.`, {
      cause,
      details: { where: `${option} ${value}`, hint: 'Use a duration such as 30s, 10m, 2h or 1d.' },
    });
  }
}

/**
 * How a command reports a wait it did not choose (a rate limit's Retry-After, throttling): one
 * line on stderr saying what it waits for and until when — plain text, or one JSON object per
 * line with `--json` (stdout keeps the single JSON result).
 */
export function reportWait(json: boolean): (info: WaitInfo) => void {
  return (info) => {
    if (json) {
      process.stderr.write(`${JSON.stringify({ type: 'wait', ...info })}\n`);
      return;
    }
    process.stderr.write(
      `waiting for ${info.waitFor} until ${info.until} (${info.seconds} s): ${info.where}\n`,
    );
  };
}

/** The milliseconds left until `deadline` (wall clock): what a client may still wait. */
export function budgetUntil(deadline: number): () => number {
  return () => Math.max(0, deadline - Date.now());
}

/**
 * `--json` progress: each component event (deploying, a pending check and until when it may stay
 * pending, the verdict) as one JSON object per line on stderr, like the waits above.
 */
export function jsonProgress(event: { type: string }): void {
  if (event.type !== 'component') return;
  process.stderr.write(`${JSON.stringify({ ...event, type: 'progress' })}\n`);
}

/** `reportWait` for a GitHub client built on its own (issue create, deps). */
export function reportGitHubWait(
  json: boolean,
): (info: { kind: string; retryAfterSeconds: number; method: string; url: string; until: string }) => void {
  const report = reportWait(json);
  return (info) =>
    report({
      vendor: 'GitHub',
      waitFor: `GitHub ${info.kind} rate limit (Retry-After)`,
      where: `GitHub ${info.method} ${info.url.split('?')[0]}`,
      seconds: info.retryAfterSeconds,
      until: info.until,
    });
}
