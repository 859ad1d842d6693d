/**
 * One injectable source of time. In production it is the system clock; in tests and `pnd demo`
 * the engine and the simulator share one VirtualClock so a week runs in seconds.
 */
export interface Clock {
  now(): number;
  /** Resolves after `ms` of this clock's time. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer = setTimeout(resolve, ms);
      signal?.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          reject(signal.reason);
        },
        { once: true },
      );
    }),
};

interface Sleeper {
  wakeAt: number;
  resolve: () => void;
}

type Listener = (now: number) => void;

/**
 * Time that moves only when told: `advance(ms)` or `set(instant)`. Sleepers wake in order as time
 * passes them. `autoAdvance` makes a sleep jump the clock forward at once, which lets a single
 * process (pnd plus the in-process simulator) run a multi-day train without waiting.
 */
export class VirtualClock implements Clock {
  #now: number;
  #sleepers: Sleeper[] = [];
  #listeners = new Set<Listener>();
  autoAdvance: boolean;

  constructor(start: number | string | Date, options: { autoAdvance?: boolean } = {}) {
    this.#now = typeof start === 'number' ? start : new Date(start).getTime();
    if (Number.isNaN(this.#now)) throw new TypeError(`Invalid clock start: ${String(start)}`);
    this.autoAdvance = options.autoAdvance ?? false;
  }

  now(): number {
    return this.#now;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (this.autoAdvance) {
      this.advance(Math.max(0, ms));
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const sleeper: Sleeper = { wakeAt: this.#now + Math.max(0, ms), resolve };
      this.#sleepers.push(sleeper);
      signal?.addEventListener(
        'abort',
        () => {
          this.#sleepers = this.#sleepers.filter((s) => s !== sleeper);
          reject(signal.reason);
        },
        { once: true },
      );
    });
  }

  advance(ms: number): void {
    if (ms < 0) throw new RangeError('A clock does not go backwards.');
    this.set(this.#now + ms);
  }

  set(instant: number): void {
    if (instant < this.#now) throw new RangeError('A clock does not go backwards.');
    // Wake sleepers in time order, moving the clock to each wake time so that listeners observe
    // every intermediate instant (state transitions scheduled in between fire in order).
    for (;;) {
      const due = this.#sleepers.filter((s) => s.wakeAt <= instant).sort((a, b) => a.wakeAt - b.wakeAt)[0];
      if (!due) break;
      this.#now = Math.max(this.#now, due.wakeAt);
      this.#sleepers = this.#sleepers.filter((s) => s !== due);
      this.#emit();
      due.resolve();
    }
    this.#now = instant;
    this.#emit();
  }

  /** Called after every change of time; the simulator uses it to move its state. */
  onTick(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #emit(): void {
    for (const listener of this.#listeners) listener(this.#now);
  }
}
