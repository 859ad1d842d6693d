import { formatDuration } from '../../core/duration.ts';
import { PndError } from '../../core/errors.ts';
import type { DeployTarget, Until } from './model.ts';

/**
 * Refuses, as bad input, a --timeout that cannot hold the dwell of what the run verifies. The
 * dwell starts when a component's checks first all pass and the verdict needs them to keep
 * passing for all of it, so a shorter --timeout can only end past its own deadline, after
 * everything else was done (docs/deploy-day.md). Said before anything is read or asked.
 * Components without checks pass at once (no dwell); `--until deployed` verifies nothing.
 */
export function assertTimeoutHoldsDwell(
  targets: readonly DeployTarget[],
  until: Until | undefined,
  timeoutMs: number,
  timeoutText: string,
): void {
  if (until === 'deployed') return;
  let longest: DeployTarget | undefined;
  for (const target of targets)
    if (target.checks().length > 0 && (!longest || target.dwellMs > longest.dwellMs)) longest = target;
  if (!longest || timeoutMs >= longest.dwellMs) return;
  const dwell = formatDuration(longest.dwellMs);
  throw new PndError('input-invalid', `The timeout is shorter than the dwell of ${longest.env.name}.`, {
    details: {
      where: `--timeout ${timeoutText}`,
      reason: `${longest.component.name}'s checks must keep passing for ${dwell} after they first all pass, so the run could only end past its timeout`,
      hint: `Give --timeout ${dwell} or more (deploying and becoming healthy come on top), or run with --until deployed now and pnd post-deploy later.`,
    },
  });
}
