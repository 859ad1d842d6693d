import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
// The same limiter the throttling plugin uses; imported to hand it write groups that do not wait
// (pnd paces mutations itself, below).
import Bottleneck from 'bottleneck';
import { fetch as undiciFetch } from 'undici';
import { systemClock, type Clock } from '../../core/clock.ts';
import { dispatcherFor, type Trust } from '../trust.ts';
import { WritePacer, type WriteSpacing } from './write-pacer.ts';

/**
 * Octokit with the two plugins GitHub's own guidance calls for: throttling (primary and secondary
 * rate limits, honouring retry-after and x-ratelimit-reset) and retry (5xx with backoff).
 */
export const PndOctokit = Octokit.plugin(throttling, retry);
export type GitHubClient = InstanceType<typeof PndOctokit>;

export const DEFAULT_GITHUB_API_URL = 'https://api.github.com';

/**
 * GitHub's guidance for content-creating requests: at least 1 s between mutating requests, 3 s
 * between ones that notify people (comments, reviews, merges).
 */
export const PRODUCTION_WRITE_SPACING: WriteSpacing = { write: 1000, notifying: 3000 };

export interface GitHubClientOptions extends Trust {
  /** REST base URL: https://api.github.com, https://HOST/api/v3 (GHES), or the simulator's /gh. */
  baseUrl?: string;
  token: string;
  /** How many times to wait out a rate limit before giving up. */
  rateLimitRetries?: number;
  /** Told when a request waits for a rate limit (for progress output). */
  onWait?: (info: {
    kind: 'primary' | 'secondary';
    retryAfterSeconds: number;
    method: string;
    url: string;
  }) => void;
  userAgent?: string;
  /**
   * Spacing of mutations in ms (default PRODUCTION_WRITE_SPACING). Reads — GETs and GraphQL
   * queries — are never spaced. Lower it only against a server without secondary rate limits.
   */
  writeSpacingMs?: WriteSpacing;
  /** The clock the spacing waits on (default the system clock; a virtual one in tests). */
  clock?: Clock;
  /** Base of the retry plugin's backoff for failed reads (default 1000 ms: 1 s, 4 s, 9 s). */
  retryBaseMs?: number;
}

export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const retries = options.rateLimitRetries ?? 3;
  const dispatcher = dispatcherFor(options);
  const onLimit =
    (kind: 'primary' | 'secondary') =>
    (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
      options.onWait?.({ kind, retryAfterSeconds: retryAfter, method: request.method, url: request.url });
      return retryCount < retries;
    };
  const octokit = new PndOctokit({
    baseUrl: (options.baseUrl ?? DEFAULT_GITHUB_API_URL).replace(/\/+$/, ''),
    auth: options.token,
    userAgent: options.userAgent ?? 'pnd',
    // Failed requests become PndErrors with their details; Octokit's own error log would print
    // them a second time (and a 304 answered from the ETag cache is not a failure at all).
    log: { debug: () => {}, info: () => {}, warn: console.warn, error: () => {} },
    request: dispatcher
      ? { fetch: (url: string, init: RequestInit) => undiciFetch(url, { ...(init as object), dispatcher }) }
      : {},
    throttle: {
      onRateLimit: onLimit('primary'),
      onSecondaryRateLimit: onLimit('secondary'),
      // The plugin queues every GraphQL request, queries included, in its write group 1 s apart
      // (and shares that queue across every client of the process). Queries are reads: the
      // plugin's groups here do not wait, and the pacer below spaces mutations only.
      write: new Bottleneck.Group(),
      notifications: new Bottleneck.Group(),
    },
    // The retry plugin's default list leaves out 405 (merge refused: not mergeable) and 409 (head
    // moved): answers, not transient failures, so retrying them only repeats a refused write.
    retry: {
      doNotRetry: [400, 401, 403, 404, 405, 409, 410, 422, 451],
      ...(options.retryBaseMs !== undefined ? { retryAfterBaseValue: options.retryBaseMs } : {}),
    },
  });
  // A write that failed with a 5xx or a dropped connection may have been applied: retrying it
  // blindly could approve or comment twice. Writes are not retried here; the engine re-reads the
  // remote state and decides (mutateOnce), and a rerun finishes the day. Rate-limit refusals are
  // still waited out by the throttling plugin: those were never applied.
  octokit.hook.before('request', (request) => {
    if (!isMutation(request)) return;
    request.request = { ...request.request, retries: 0 };
  });
  // Registered after the plugins, so it wraps them: a mutation waits for its slot once, before
  // the throttling plugin (whose own rate-limit retries are not re-spaced: they wait retry-after).
  const pacer = new WritePacer(
    options.clock ?? systemClock,
    options.writeSpacingMs ?? PRODUCTION_WRITE_SPACING,
  );
  octokit.hook.wrap('request', async (request, endpoint) => {
    if (isMutation(endpoint)) {
      const path = new URL(endpoint.url, 'https://github.invalid').pathname;
      await pacer.pace(throttling.triggersNotification(path) ? 'notifying' : 'write');
    }
    return request(endpoint);
  });
  return octokit;
}

/** REST requests other than GET/HEAD, and GraphQL `mutation` operations. */
export function isMutation(request: { method?: string; url?: string; query?: unknown }): boolean {
  const method = (request.method ?? 'GET').toUpperCase();
  if (method === 'GET' || method === 'HEAD') return false;
  if (!/\/graphql$/.test(request.url ?? '')) return true;
  return typeof request.query !== 'string' || isGraphqlMutation(request.query);
}

/**
 * Whether a GraphQL document holds a mutation operation: one that starts the document or follows
 * another definition's closing brace (after fragments, say), comments aside.
 */
export function isGraphqlMutation(document: string): boolean {
  return /(?:^|\})\s*mutation\b/.test(document.replace(/#[^\n\r]*/g, ''));
}

/** The API base URL: explicit config wins, then GITHUB_API_URL (set in Actions and on GHES), then github.com. */
export function resolveGitHubApiUrl(
  configured: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string {
  return configured ?? env.GITHUB_API_URL ?? DEFAULT_GITHUB_API_URL;
}
