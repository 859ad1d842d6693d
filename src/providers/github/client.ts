import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
// The same limiter the throttling plugin uses; imported to size its write groups.
import Bottleneck from 'bottleneck';
import { fetch as undiciFetch } from 'undici';
import { dispatcherFor, type Trust } from '../trust.ts';
import { actionForRequest, gitHubError, hookMapped } from './errors.ts';

/**
 * Octokit with the two plugins GitHub's own guidance calls for: throttling (primary and secondary
 * rate limits, honouring retry-after and x-ratelimit-reset) and retry (5xx with backoff).
 */
export const PndOctokit = Octokit.plugin(throttling, retry);
export type GitHubClient = InstanceType<typeof PndOctokit>;

export const DEFAULT_GITHUB_API_URL = 'https://api.github.com';

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
   * Spacing of writes in ms (GitHub asks for at least 1 s between mutating requests, 3 s for
   * ones that notify, such as comments). Lower it only against a server without secondary rate
   * limits, such as the estate simulator in tests.
   */
  writeSpacingMs?: { write: number; notifying: number };
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
      ...(options.writeSpacingMs
        ? {
            write: new Bottleneck.Group({ maxConcurrent: 1, minTime: options.writeSpacingMs.write }),
            notifications: new Bottleneck.Group({
              maxConcurrent: 1,
              minTime: options.writeSpacingMs.notifying,
            }),
          }
        : {}),
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
    if (request.method === 'GET' || isGraphqlQuery(request)) return;
    request.request = { ...request.request, retries: 0 };
  });
  // Every failure leaves the client as a PndError (after the plugins' retries and rate-limit
  // waits, which are registered first and so run inside this hook): nothing above providers/
  // sees an Octokit error, whichever call or closure made the request.
  octokit.hook.error('request', (error, options) => {
    throw hookMapped(
      gitHubError(error, actionForRequest(options as { method?: string; url?: string; query?: unknown })),
    );
  });
  return octokit;
}

function isGraphqlQuery(request: { url?: string; query?: unknown }): boolean {
  return (
    /\/graphql$/.test(request.url ?? '') &&
    typeof request.query === 'string' &&
    !/^\s*mutation\b/.test(request.query)
  );
}

/** The API base URL: explicit config wins, then GITHUB_API_URL (set in Actions and on GHES), then github.com. */
export function resolveGitHubApiUrl(
  configured: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string {
  return configured ?? env.GITHUB_API_URL ?? DEFAULT_GITHUB_API_URL;
}
