import type { VirtualClock } from '../../core/clock.ts';

export type Resource = 'core' | 'search' | 'graphql';

export interface RateWindow {
  limit: number;
  used: number;
  /** Epoch milliseconds of the virtual clock when the window resets. */
  reset: number;
}

const WINDOW_MS: Record<Resource, number> = { core: 3_600_000, search: 60_000, graphql: 3_600_000 };

/**
 * GitHub's primary rate limits, per token and resource, on the virtual clock: a window opens at
 * the first request and resets an hour later (a minute for search, limited to 30 requests).
 */
export class RateLimits {
  readonly #clock: VirtualClock;
  readonly #windows = new Map<string, RateWindow>();

  constructor(clock: VirtualClock) {
    this.#clock = clock;
  }

  /** The current window (a fresh one if the last has reset). */
  window(token: string, resource: Resource, tokenLimit: number): RateWindow {
    const key = `${resource}\u0000${token}`;
    const now = this.#clock.now();
    let w = this.#windows.get(key);
    if (!w || now >= w.reset) {
      w = { limit: resource === 'search' ? 30 : tokenLimit, used: 0, reset: now + WINDOW_MS[resource] };
      this.#windows.set(key, w);
    }
    return w;
  }

  /** Charges `cost` points; false (and nothing charged) when the window has not enough left. */
  charge(token: string, resource: Resource, tokenLimit: number, cost: number): boolean {
    const w = this.window(token, resource, tokenLimit);
    if (w.used + cost > w.limit) return false;
    w.used += cost;
    return true;
  }

  refund(token: string, resource: Resource, tokenLimit: number, cost: number): void {
    const w = this.window(token, resource, tokenLimit);
    w.used = Math.max(0, w.used - cost);
  }

  /** Everything used up, as when a test drives a token over its limit. */
  exhaust(token: string, resource: Resource, tokenLimit: number): void {
    const w = this.window(token, resource, tokenLimit);
    w.used = w.limit;
  }
}

export function rateHeaders(w: RateWindow, resource: Resource): Record<string, string> {
  return {
    'x-ratelimit-limit': String(w.limit),
    'x-ratelimit-remaining': String(Math.max(0, w.limit - w.used)),
    'x-ratelimit-used': String(w.used),
    'x-ratelimit-reset': String(Math.ceil(w.reset / 1000)),
    'x-ratelimit-resource': resource,
  };
}
