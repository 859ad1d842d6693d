import Bottleneck from 'bottleneck';
import { fetch as undiciFetch } from 'undici';
import { systemClock, type Clock } from '../../core/clock.ts';
import { dispatcherFor, type Trust } from '../trust.ts';
import { PndError } from '../../core/errors.ts';
import { isLastingNetworkFailure } from '../network-failure.ts';
import { adoCredentialError, adoError, adoNetworkError, isJson } from './errors.ts';
import type { IdPage } from './newest-first.ts';
import type { ApprovalStatus, ApprovalType, Build, Release, ReleaseApproval } from './types.ts';

export const DEFAULT_ADO_RELEASE_URL = 'https://vsrm.dev.azure.com';
export const DEFAULT_ADO_BUILD_URL = 'https://dev.azure.com';
const API_VERSION = '7.1';

/**
 * A PAT (sent as Basic), a fixed bearer token, or an Entra ID token asked for per request (the
 * provider caches it and renews it before expiry: providers/token-refresh.ts). `identity` names
 * who pnd is in errors (a client id, "the PAT in AZURE_DEVOPS_TOKEN"), never the secret.
 */
export type AdoCredential =
  | { pat: string; identity?: string }
  | { bearer: string; identity?: string }
  | { token: () => Promise<string>; identity?: string };

export interface AzureDevOpsClientOptions extends Trust {
  organization: string;
  project: string;
  credential: AdoCredential;
  releaseUrl?: string;
  buildUrl?: string;
  clock?: Clock;
  /** Retries of a throttled (429), failed (5xx) or unanswered read before giving up. */
  retries?: number;
  /** Real milliseconds to wait for an answer (default 30 s): a hung request must not hang pnd. */
  timeoutMs?: number;
  /** Milliseconds the command may still wait (its --timeout, counted down); default 15 minutes. */
  waitBudgetMs?: () => number;
  /** Told before a wait of more than a few seconds (Retry-After), for progress output. */
  onWait?: (info: WaitInfo) => void;
  /**
   * Caps the requests in flight. Share one (`adoLimiter()`) between the clients of an
   * organisation: Azure DevOps throttles per user and organisation, and a gather of 100
   * definitions must not open 100 connections at once. Without one, a client caps itself.
   */
  limiter?: Bottleneck;
}

/** A wait a client starts on its own (a throttled request's Retry-After). */
export interface WaitInfo {
  vendor: string;
  /** What is waited for, e.g. "Azure DevOps throttling (Retry-After)". */
  waitFor: string;
  where: string;
  seconds: number;
  /** When the wait ends (ISO, on the client's clock). */
  until: string;
}

/** Requests in flight per organisation: as GitHub's throttling plugin allows per token. */
export const ADO_MAX_IN_FLIGHT = 10;

export function adoLimiter(maxInFlight = ADO_MAX_IN_FLIGHT): Bottleneck {
  return new Bottleneck({ maxConcurrent: maxInFlight });
}

/**
 * pnd's Azure DevOps client: plain fetch against the documented REST URLs. The official Node SDK
 * never surfaces continuation tokens, sends enums as numbers and makes discovery calls first,
 * so pnd speaks REST 7.1 directly (see docs/providers/azure-devops.md).
 */
export class AzureDevOpsClient {
  readonly #options: AzureDevOpsClientOptions;
  readonly #clock: Clock;
  readonly #limiter: Bottleneck;

  constructor(options: AzureDevOpsClientOptions) {
    this.#options = options;
    this.#limiter = options.limiter ?? adoLimiter();
    this.#clock = options.clock ?? systemClock;
  }

  async #authorization(): Promise<string> {
    const credential = this.#options.credential;
    if ('pat' in credential) return `Basic ${Buffer.from(`:${credential.pat}`).toString('base64')}`;
    if ('bearer' in credential) return `Bearer ${credential.bearer}`;
    return `Bearer ${await credential.token()}`;
  }

  /** Approvals, all pages. There is no definition filter in the API: filter on releaseDefinition.id. */
  async *approvals(query: ApprovalQuery = {}): AsyncGenerator<ReleaseApproval> {
    yield* this.#paged<ReleaseApproval>('release', '/_apis/release/approvals', approvalParams(query));
  }

  /** One page of approvals, newest first, at a continuation token (an approval id). */
  async approvalsPage(
    query: ApprovalQuery,
    continuationToken?: number | string,
  ): Promise<IdPage<ReleaseApproval>> {
    return this.#page<ReleaseApproval>(
      'release',
      '/_apis/release/approvals',
      approvalParams(query),
      continuationToken,
    );
  }

  async updateApproval(
    id: number,
    decision: { status: 'approved' | 'rejected'; comments: string },
  ): Promise<ReleaseApproval> {
    return this.#request<ReleaseApproval>('release', 'PATCH', `/_apis/release/approvals/${id}`, {}, decision);
  }

  async *releases(query: ReleaseQuery = {}): AsyncGenerator<Release> {
    yield* this.#paged<Release>('release', '/_apis/release/releases', releaseParams(query));
  }

  /** One page of releases, newest first, at a continuation token (a release id). */
  async releasesPage(query: ReleaseQuery, continuationToken?: number | string): Promise<IdPage<Release>> {
    return this.#page<Release>('release', '/_apis/release/releases', releaseParams(query), continuationToken);
  }

  async release(id: number): Promise<Release> {
    return this.#request<Release>('release', 'GET', `/_apis/release/releases/${id}`);
  }

  async *builds(
    query: {
      definitions?: number[];
      minTime?: string;
      maxTime?: string;
      queryOrder?:
        | 'finishTimeAscending'
        | 'finishTimeDescending'
        | 'queueTimeAscending'
        | 'queueTimeDescending'
        | 'startTimeAscending'
        | 'startTimeDescending';
      statusFilter?: string;
      resultFilter?: string;
      top?: number;
    } = {},
  ): AsyncGenerator<Build> {
    yield* this.#paged<Build>('build', '/_apis/build/builds', {
      definitions: query.definitions?.join(','),
      minTime: query.minTime,
      maxTime: query.maxTime,
      queryOrder: query.queryOrder,
      statusFilter: query.statusFilter,
      resultFilter: query.resultFilter,
      $top: query.top?.toString(),
    });
  }

  async build(id: number): Promise<Build> {
    return this.#request<Build>('build', 'GET', `/_apis/build/builds/${id}`);
  }

  /** Follows `x-ms-continuationtoken` until the service stops sending one. */
  async *#paged<T>(
    host: 'release' | 'build',
    path: string,
    params: Record<string, string | undefined>,
  ): AsyncGenerator<T> {
    let continuationToken: string | undefined;
    const seen = new Set<string>();
    do {
      const page = await this.#page<T>(host, path, params, continuationToken);
      yield* page.value;
      continuationToken = page.continuationToken;
      // A token that repeats would loop forever; the service never does that, a proxy might.
      if (continuationToken && seen.has(continuationToken)) break;
      if (continuationToken) seen.add(continuationToken);
    } while (continuationToken);
  }

  /** One page of a list and the token of the next one (`x-ms-continuationtoken`), if any. */
  async #page<T>(
    host: 'release' | 'build',
    path: string,
    params: Record<string, string | undefined>,
    continuationToken: number | string | undefined,
  ): Promise<IdPage<T>> {
    const { body, headers } = await this.#send<{ count: number; value: T[] }>(host, 'GET', path, {
      ...params,
      continuationToken: continuationToken?.toString(),
    });
    const next = headers.get('x-ms-continuationtoken');
    return next ? { value: body.value, continuationToken: next } : { value: body.value };
  }

  async #request<T>(
    host: 'release' | 'build',
    method: string,
    path: string,
    params: Record<string, string | undefined> = {},
    body?: unknown,
  ): Promise<T> {
    return (await this.#send<T>(host, method, path, params, body)).body;
  }

  async #send<T>(
    host: 'release' | 'build',
    method: string,
    path: string,
    params: Record<string, string | undefined>,
    body?: unknown,
  ): Promise<{ body: T; headers: Headers }> {
    const { organization, project } = this.#options;
    const base =
      host === 'release'
        ? (this.#options.releaseUrl ?? DEFAULT_ADO_RELEASE_URL)
        : (this.#options.buildUrl ?? DEFAULT_ADO_BUILD_URL);
    const url = new URL(
      `${base.replace(/\/+$/, '')}/${encodeURIComponent(organization)}/${encodeURIComponent(project)}${path}`,
    );
    for (const [key, value] of Object.entries(params))
      if (value !== undefined) url.searchParams.set(key, value);
    url.searchParams.set('api-version', API_VERSION);
    const where = `Azure DevOps ${method} ${url.pathname}`;
    const retries = this.#options.retries ?? 3;
    const dispatcher = dispatcherFor(this.#options);

    for (let attempt = 0; ; attempt++) {
      let response: Answer;
      let authorization: string;
      try {
        authorization = await this.#authorization();
      } catch (cause) {
        throw adoCredentialError(cause, where);
      }
      try {
        // Only the exchange holds a slot: a retry's backoff waits outside the limiter.
        response = await this.#limiter.schedule(() =>
          this.#fetch(url, method, body, dispatcher, authorization),
        );
      } catch (cause) {
        if (method === 'GET' && attempt < retries && !isLastingNetworkFailure(cause)) {
          await this.#clock.sleep(backoff(attempt));
          continue;
        }
        throw adoNetworkError(cause, where);
      }
      const retryable = response.status === 429 || (response.status >= 500 && method === 'GET');
      if (retryable && attempt < retries) {
        const retryAfter = Number(response.headers.get('retry-after'));
        const waitMs = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : backoff(attempt);
        const until = new Date(this.#clock.now() + waitMs).toISOString();
        const budget = this.#options.waitBudgetMs?.() ?? 15 * 60_000;
        if (waitMs > budget) {
          throw new PndError(
            'wait-timeout',
            'Azure DevOps asks to wait past the command’s timeout (throttling).',
            {
              details: {
                where,
                status: response.status,
                waitFor: 'Azure DevOps throttling (Retry-After)',
                until,
                retryAfterSeconds: Math.ceil(waitMs / 1000),
                hint: `Azure DevOps accepts requests again at ${until}: run the same command then (it resumes), or with a longer --timeout.`,
              },
            },
          );
        }
        // A wait people would notice says what it waits for and until when.
        if (waitMs >= 5_000)
          this.#options.onWait?.({
            vendor: 'Azure DevOps',
            waitFor: `Azure DevOps ${response.status === 429 ? 'throttling (Retry-After)' : `answering again after ${response.status}`}`,
            where,
            seconds: Math.ceil(waitMs / 1000),
            until,
          });
        await this.#clock.sleep(waitMs);
        continue;
      }
      const refused = { path, credential: this.#options.credential };
      if ((response.status !== 200 && response.status !== 201) || !isJson(response))
        throw await adoError(asResponse(response), where, refused);
      return { body: JSON.parse(response.text) as T, headers: response.headers };
    }
  }

  /** One exchange, its body read in full, so the slot is held until the answer has arrived. */
  async #fetch(
    url: URL,
    method: string,
    body: unknown,
    dispatcher: ReturnType<typeof dispatcherFor>,
    authorization: string,
  ): Promise<Answer> {
    const response = (await undiciFetch(url, {
      method,
      headers: {
        authorization,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      redirect: 'manual',
      signal: AbortSignal.timeout(this.#options.timeoutMs ?? 30_000),
      ...(dispatcher ? { dispatcher } : {}),
    })) as unknown as Response;
    // Read as text and parsed once by the caller: a page of 100 releases with environments is
    // about 2 MB, and wrapping its bytes in a new Response to parse that copied and decoded them
    // again, three to four times the CPU of the parse itself.
    const text = await response.text();
    return { status: response.status, statusText: response.statusText, headers: response.headers, text };
  }
}

/** An answer read in full. */
interface Answer {
  status: number;
  statusText: string;
  headers: Headers;
  text: string;
}

/** The answer as a Response again, for the error mapping (errors.ts) that reads refusals. */
function asResponse(answer: Answer): Response {
  return new Response(answer.text.length > 0 ? answer.text : null, {
    status: answer.status,
    statusText: answer.statusText,
    headers: answer.headers,
  });
}

export interface ApprovalQuery {
  statusFilter?: ApprovalStatus;
  typeFilter?: ApprovalType;
  releaseIdsFilter?: number[];
  assignedToFilter?: string;
  top?: number;
}

function approvalParams(query: ApprovalQuery): Record<string, string | undefined> {
  return {
    statusFilter: query.statusFilter,
    typeFilter: query.typeFilter,
    releaseIdsFilter: query.releaseIdsFilter?.join(','),
    assignedToFilter: query.assignedToFilter,
    top: query.top?.toString(),
  };
}

export interface ReleaseQuery {
  definitionId?: number;
  expandEnvironments?: boolean;
  top?: number;
  statusFilter?: 'draft' | 'active' | 'abandoned';
  minCreatedTime?: string;
}

function releaseParams(query: ReleaseQuery): Record<string, string | undefined> {
  return {
    definitionId: query.definitionId?.toString(),
    $expand: query.expandEnvironments ? 'environments' : undefined,
    $top: query.top?.toString(),
    statusFilter: query.statusFilter,
    minCreatedTime: query.minCreatedTime,
  };
}

function backoff(attempt: number): number {
  return Math.min(30_000, 500 * 2 ** attempt);
}
