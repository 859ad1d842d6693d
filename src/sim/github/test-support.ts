import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import Bottleneck from 'bottleneck';
import { Agent, fetch as undiciFetch } from 'undici';
import type { Simulator } from '../simulator.ts';

/**
 * The official client as pnd builds it (throttling + retry), pointed at a running simulator and
 * trusting exactly the simulator's CA through an undici dispatcher — no TLS or auth bypass.
 * Only tests import this.
 */
export const SimOctokit = Octokit.plugin(throttling, retry);
export type SimOctokitClient = InstanceType<typeof SimOctokit>;

export interface LimitEvent {
  kind: 'primary' | 'secondary';
  retryAfter: number;
  retryCount: number;
}

export interface ClientOptions {
  /** Multiplier of retry-after seconds in ms for the throttling plugin (default 1000, as in production). */
  throttleBaseMs?: number;
  /** Multiplier of the retry plugin's backoff in ms (default 1000). */
  retryBaseMs?: number;
  retries?: number;
  /** How many rate-limit waits to accept (default 2). */
  limitRetries?: number;
  onLimit?: (event: LimitEvent) => void;
}

const agents = new Map<string, Agent>();

export function dispatcherFor(sim: Simulator): Agent {
  let agent = agents.get(sim.caPem);
  if (!agent) {
    agent = new Agent({ connect: { ca: sim.caPem } });
    agents.set(sim.caPem, agent);
  }
  return agent;
}

export function octokitFor(sim: Simulator, token: string, options: ClientOptions = {}): SimOctokitClient {
  const dispatcher = dispatcherFor(sim);
  const limitRetries = options.limitRetries ?? 2;
  const onLimit =
    (kind: 'primary' | 'secondary') =>
    (retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number) => {
      options.onLimit?.({ kind, retryAfter, retryCount });
      return retryCount < limitRetries;
    };
  return new SimOctokit({
    baseUrl: sim.urls.github,
    auth: token,
    userAgent: 'pnd-contract-tests',
    request: {
      fetch: (url: string, init: RequestInit) => undiciFetch(url, { ...(init as object), dispatcher }),
    },
    throttle: {
      onRateLimit: onLimit('primary'),
      onSecondaryRateLimit: onLimit('secondary'),
      retryAfterBaseValue: options.throttleBaseMs ?? 1000,
      // The contract tests are about the simulator's answers; the plugin's default groups would
      // space writes 1-3 s and searches 2 s apart in real time (pnd's own write spacing is tested
      // on a virtual clock in src/providers/github/client.test.ts).
      write: new Bottleneck.Group(),
      notifications: new Bottleneck.Group(),
      search: new Bottleneck.Group(),
    },
    retry: { retryAfterBaseValue: options.retryBaseMs ?? 1000, retries: options.retries ?? 3 },
  });
}
