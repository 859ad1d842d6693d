import type { Clock } from '../../core/clock.ts';

/** Minimum ms between the starts of two mutating requests, and of two that notify people. */
export interface WriteSpacing {
  write: number;
  notifying: number;
}

/**
 * Spaces mutating requests as GitHub's guidance on content-creating requests asks, on an
 * injectable clock — the throttling plugin's Bottleneck groups wait on real timers, so tests on
 * a virtual clock would wait real seconds. Requests take their slots in call order; a notifying
 * request waits for both spacings. Reads never come here.
 */
export class WritePacer {
  readonly #clock: Clock;
  readonly #spacing: WriteSpacing;
  #lastWrite: number | undefined;
  #lastNotifying: number | undefined;
  #queue: Promise<void> = Promise.resolve();

  constructor(clock: Clock, spacing: WriteSpacing) {
    this.#clock = clock;
    this.#spacing = spacing;
  }

  /** Resolves when a request of this kind may start. */
  pace(kind: 'write' | 'notifying'): Promise<void> {
    const turn = this.#queue.then(async () => {
      const earliest = Math.max(
        after(this.#lastWrite, this.#spacing.write),
        kind === 'notifying' ? after(this.#lastNotifying, this.#spacing.notifying) : -Infinity,
      );
      const wait = earliest - this.#clock.now();
      if (wait > 0) await this.#clock.sleep(wait);
      const started = this.#clock.now();
      this.#lastWrite = started;
      if (kind === 'notifying') this.#lastNotifying = started;
    });
    // One failed sleep (an aborted clock) must not stall the requests queued behind it.
    this.#queue = turn.catch(() => {});
    return turn;
  }
}

function after(last: number | undefined, spacing: number): number {
  return last === undefined ? -Infinity : last + spacing;
}
