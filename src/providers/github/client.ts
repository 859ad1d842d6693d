import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
// The same limiter the throttling plugin uses; imported to hand it write groups that do not wait
// (pnd paces mutations itself, below).
import Bottleneck from 'bottleneck';
import { fetch as undiciFetch } from 'undici';
import { PndError } from '../../core/errors.ts';
import { systemClock, type Clock } from '../../core/clock.ts';
import { dispatcherFor, type Trust } from '../trust.ts';
import { isLastingNetworkFailure } from '../network-failure.ts';
import { gitHubAppStrategy, type GitHubAppLogin } from './app-auth.ts';
import { WritePacer, type WriteSpacing } from './write-pacer.ts';
import { actionForRequest, gitHubError, hookMapped } from './errors.ts';

/**
 * A request that failed on a certificate pnd does not accept, or on a host that does not exist,
 * fails the same way on every retry: Octokit reports it as a 500 and the retry plugin would wait
 * 1 + 4 + 9 s before giving the user the same answer. Registered before the retry plugin, so its
 * error hook runs first (inside the plugin's) and takes the retries away from that request.
 */
function failFastOnLastingNetworkFailures(octokit: Pick<Octokit, 'hook'>): void {
  octokit.hook.error('request', (error, options) => {
    if (isLastingNetworkFailure(error))
      options.request = Object.assign(options.request ?? {}, { retries: 0 });
    throw error;
  });
}

/**
 * Octokit with the two plugins GitHub's own guidance calls for: throttling (primary and secondary
 * rate limits, honouring retry-after and x-ratelimit-reset) and retry (5xx with backoff).
 */
export const PndOctokit = Octokit.plugin(failFastOnLastingNetworkFailures, throttling, retry);
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
  /** A token (PAT, installation or Actions token); or `app` instead. */
  token?: string;
  /** Log in as a GitHub App: installation tokens per owner, renewed before they expire. */
  app?: GitHubAppLogin;
  /** Who the token is, named in refusals (exit 4): e.g. "the token in GITHUB_TOKEN". Never the token. */
  identity?: string;
  /** How many times to wait out a rate limit before giving up. */
  rateLimitRetries?: number;
  /** Told when a request waits for a rate limit (for progress output). */
  onWait?: (info: {
    kind: 'primary' | 'secondary';
    retryAfterSeconds: number;
    method: string;
    url: string;
    /** When the wait ends (wall clock, ISO). */
    until: string;
  }) => void;
  /**
   * Milliseconds the command may still wait (its --timeout, counted down). A rate limit that asks
   * for a longer wait ends the request at once with a `wait-timeout` error instead. Default: waits
   * of up to 15 minutes.
   */
  waitBudgetMs?: () => number;
  /** Real milliseconds one request may take before it is abandoned (default 30 s). */
  timeoutMs?: number;
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
  /**
   * Real milliseconds the throttling plugin waits per second of Retry-After (default 1000). Only
   * tests lower it, so that an announced two-minute wait takes no real time.
   */
  throttleBaseMs?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_WAIT_BUDGET_MS = 15 * 60_000;

export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const retries = options.rateLimitRetries ?? 3;
  const dispatcher = dispatcherFor(options);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const budget = options.waitBudgetMs ?? (() => DEFAULT_WAIT_BUDGET_MS);
  const onLimit =
    (kind: 'primary' | 'secondary') =>
    (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
      // A wait longer than the command may still take is not started: the request fails now
      // with a wait-timeout (see the error hook below), instead of sitting silent for an hour.
      if (retryCount >= retries || retryAfter * 1000 > budget()) return false;
      options.onWait?.({
        kind,
        retryAfterSeconds: retryAfter,
        method: request.method,
        url: request.url,
        until: new Date(Date.now() + retryAfter * 1000).toISOString(),
      });
      return true;
    };
  // Every request gets a timeout (Octokit sets none): a hung answer must end, and the retry
  // plugin's bounded retries then apply to reads. A caller's own signal still works.
  const fetchWithTimeout = (url: string, init: RequestInit) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    return dispatcher
      ? undiciFetch(url, { ...(init as object), signal, dispatcher })
      : globalThis.fetch(url, { ...init, signal });
  };
  const octokit = new PndOctokit({
    baseUrl: (options.baseUrl ?? DEFAULT_GITHUB_API_URL).replace(/\/+$/, ''),
    ...(options.app
      ? { authStrategy: gitHubAppStrategy, auth: { ...options.app, clock: options.clock ?? systemClock } }
      : { auth: options.token }),
    userAgent: options.userAgent ?? 'pnd',
    // Failed requests become PndErrors with their details; Octokit's own error log would print
    // them a second time (and a 304 answered from the ETag cache is not a failure at all).
    log: { debug: () => {}, info: () => {}, warn: console.warn, error: () => {} },
    request: { fetch: fetchWithTimeout },
    throttle: {
      onRateLimit: onLimit('primary'),
      onSecondaryRateLimit: onLimit('secondary'),
      ...(options.throttleBaseMs !== undefined ? { retryAfterBaseValue: options.throttleBaseMs } : {}),
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
  // Every failure leaves the client as a PndError (after the plugins' retries and rate-limit
  // waits, which are registered first and so run inside this hook): nothing above providers/
  // sees an Octokit error, whichever call or closure made the request. A rate limit that asks
  // for a wait past the command's --timeout is a wait-timeout.
  const identity = options.app ? `GitHub App ${options.app.appId}` : options.identity;
  octokit.hook.error('request', (error, requestOptions) => {
    const mapped =
      rateLimitPastBudget(error, budget()) ??
      hookMapped(
        gitHubError(
          error,
          actionForRequest(requestOptions as { method?: string; url?: string; query?: unknown }),
        ),
      );
    // A refusal names who was refused (the vendor is in `where`, the permission in the details).
    if (identity && (mapped.code === 'auth-failed' || mapped.code === 'forbidden'))
      mapped.details.identity ??= identity;
    throw mapped;
  });
  // Registered after the plugins, so it wraps them: a mutation waits for its slot once, before
  // the throttling plugin (whose own rate-limit retries are not re-spaced: they wait retry-after).
  const pacer = new WritePacer(
    options.clock ?? systemClock,
    options.writeSpacingMs ?? PRODUCTION_WRITE_SPACING,
  );
  octokit.hook.wrap('request', async (request, endpoint) => {
    // A GitHub App's token request creates no content: not spaced like one.
    if (isMutation(endpoint) && !/\/app\/installations\/[^/]+\/access_tokens$/.test(endpoint.url)) {
      const path = new URL(endpoint.url, 'https://github.invalid').pathname;
      await pacer.pace(throttling.triggersNotification(path) ? 'notifying' : 'write');
    }
    return request(endpoint);
  });
  return octokit;
}

/**
 * A rate-limit refusal (429, or 403 with Retry-After or no remaining quota) whose wait is longer
 * than the command may still take: a wait-timeout naming until when GitHub asks to wait.
 */
function rateLimitPastBudget(error: unknown, budgetMs: number): PndError | undefined {
  const e = error as {
    status?: number;
    request?: { method?: string; url?: string };
    response?: { headers?: Record<string, string | undefined> };
  };
  if (e.status !== 403 && e.status !== 429) return undefined;
  const headers = e.response?.headers ?? {};
  const retryAfter = Number(headers['retry-after']);
  const reset = Number(headers['x-ratelimit-reset']);
  const waitMs =
    Number.isFinite(retryAfter) && headers['retry-after'] !== undefined
      ? retryAfter * 1000
      : headers['x-ratelimit-remaining'] === '0' && Number.isFinite(reset)
        ? reset * 1000 - Date.now()
        : undefined;
  if (waitMs === undefined || waitMs <= budgetMs) return undefined;
  const until = new Date(Date.now() + waitMs).toISOString();
  return new PndError('wait-timeout', 'GitHub asks to wait past the command’s timeout (rate limit).', {
    cause: error,
    details: {
      where: `GitHub ${e.request?.method ?? ''} ${(e.request?.url ?? '').split('?')[0]}`.trim(),
      status: e.status,
      waitFor: 'GitHub rate limit',
      until,
      retryAfterSeconds: Math.ceil(waitMs / 1000),
      hint: `GitHub accepts requests from this token again at ${until}: run the same command then (it resumes), or with a longer --timeout.`,
    },
  });
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
