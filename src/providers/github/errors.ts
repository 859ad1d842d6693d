import { PndError } from '../../core/errors.ts';
import { networkFailureOf } from '../network-failure.ts';

interface OctokitErrorLike {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | undefined>; data?: unknown };
  request?: { method?: string; url?: string };
}

/**
 * The one place GitHub failures become PndErrors (REST and GraphQL). The request's URL is kept
 * (never the token: Octokit redacts the authorization header, and pnd never puts tokens in URLs).
 */
/** The permission an action needs, as GitHub's fine-grained token settings name it. */
function permissionFor(action: string): string {
  if (/review/i.test(action)) return 'its user to be a required reviewer of the environment';
  if (/publish|draft/i.test(action)) return 'Contents: read and write';
  if (/merge|approve/i.test(action)) return 'Pull requests: read and write and Contents: read and write';
  // The waiting runs are reached through their commits' check suites (./waiting-runs.ts).
  if (/check suite/i.test(action)) return 'Actions: read, Checks: read and Deployments: read';
  if (/deploy|run|waits/i.test(action)) return 'Actions: read and Deployments: read';
  if (/issue|comment/i.test(action)) return 'Issues: read and write';
  if (/project|board/i.test(action)) return 'Projects: read and write';
  return 'the permissions listed for this step';
}

/** Errors the client's hook mapped with an action guessed from the request; a caller may name it better. */
const mappedByHook = new WeakSet<PndError>();

export function gitHubError(error: unknown, action: string): PndError {
  if (error instanceof PndError) {
    // The caller knows what it was doing better than the request's route says: same error, its words.
    return mappedByHook.has(error) && error.details.action !== action
      ? gitHubError(error.cause, action)
      : error;
  }
  const e = (error ?? {}) as OctokitErrorLike;
  const where = `GitHub ${e.request?.method ?? ''} ${stripQuery(e.request?.url ?? '')}`.trim();
  const vendorMessage = typeof e.message === 'string' ? e.message.split('\n')[0] : undefined;
  const details = { where, status: e.status, vendorMessage, action };
  // Octokit reports a request that got no HTTP answer at all as status 500 without a response:
  // name what really failed (refused, DNS, certificate, timeout, reset) instead.
  const network = e.response ? undefined : networkFailureOf(error);
  if (network) {
    return new PndError(network.code, network.message('GitHub'), {
      cause: error,
      details: { where, action, cause: network.cause, vendorMessage, hint: network.hint('GitHub') },
    });
  }
  const graphqlForbidden = graphqlForbiddenOf(error);
  if (graphqlForbidden) return graphqlForbidden(details);
  if (isGraphqlRateLimit(error)) {
    // HTTP 200 with an error of type RATE_LIMITED: the throttling plugin waited and retried as
    // often as allowed, then gave up with an error that has an answer but no status.
    const reset = Number(e.response?.headers?.['x-ratelimit-reset']);
    return new PndError('rate-limited', 'GitHub’s GraphQL rate limit is exhausted.', {
      cause: error,
      details: {
        ...details,
        ...(Number.isFinite(reset) && reset > 0 ? { resetsAt: new Date(reset * 1000).toISOString() } : {}),
        hint: 'Run the same command again once the limit resets (x-ratelimit-reset); pnd resumes where it stopped.',
      },
    });
  }
  const accepted = e.response?.headers?.['x-accepted-github-permissions'];
  switch (e.status) {
    case 401:
      if (/\/app(?:\/|$)|\/installation$/.test(stripQuery(e.request?.url ?? '')))
        return new PndError('auth-failed', 'GitHub did not accept the GitHub App’s login (its JWT).', {
          cause: error,
          details: {
            ...details,
            identity: 'the GitHub App of PND_GITHUB_APP_ID',
            hint: 'Check PND_GITHUB_APP_ID and that the private key is a current one of that app (its settings → "Private keys"); a machine clock more than a few minutes off is refused too.',
          },
        });
      return new PndError('auth-failed', 'GitHub did not accept the token.', {
        cause: error,
        details: { ...details, hint: 'Set GITHUB_TOKEN to a valid token (see docs/providers/github.md).' },
      });
    case 403:
      // GitHub answers its secondary (and an exhausted primary) rate limit with 403 too: that is
      // throttling, not a missing permission.
      if (isRateLimit(e))
        return new PndError('rate-limited', 'GitHub rate limit exceeded.', {
          cause: error,
          details: { ...details, retryAfter: e.response?.headers?.['retry-after'] },
        });
      if (accepted !== undefined) return refusedFineGrained(error, details, accepted);
      return new PndError('forbidden', 'GitHub refused the request for lack of permission.', {
        cause: error,
        details: {
          ...details,
          permission: permissionFor(action),
          hint: `The token needs ${permissionFor(action)} to ${action} (docs/providers/github.md).`,
        },
      });
    case 404:
      return new PndError('not-found', 'GitHub does not have that resource, or the token cannot see it.', {
        cause: error,
        details,
      });
    case 409:
    case 405:
      return new PndError('conflict', 'GitHub refused the change in the resource’s current state.', {
        cause: error,
        details,
      });
    case 410:
      return new PndError('forbidden', 'Issues are disabled in that repository.', { cause: error, details });
    case 422:
      return new PndError('input-invalid', 'GitHub rejected the request as invalid.', {
        cause: error,
        details,
      });
    case 429:
      return new PndError('rate-limited', 'GitHub rate limit exceeded.', { cause: error, details });
    default:
      if (!e.response && (e.status === undefined || e.status === 500)) {
        // No HTTP answer at all, for a reason not named above: say so, with the reason.
        return new PndError('network', `GitHub could not be reached: ${vendorMessage ?? 'no answer'}`, {
          cause: error,
          details,
        });
      }
      if (e.status === undefined || e.status >= 500) {
        return new PndError(
          e.status === undefined ? 'network' : 'remote-failed',
          'GitHub failed to answer.',
          {
            cause: error,
            details,
          },
        );
      }
      return new PndError('remote-failed', 'GitHub answered with an unexpected status.', {
        cause: error,
        details,
      });
  }
}

/**
 * A GitHub App installation (or a fine-grained token) without a permission: GitHub names the
 * permissions it would accept in `x-accepted-github-permissions` ("issues=write; pull_requests=write":
 * any one set), and pnd repeats them.
 */
function refusedFineGrained(
  error: unknown,
  details: Record<string, unknown>,
  accepted: string,
  identity?: string,
): PndError {
  const permission = accepted.trim() || 'a permission GitHub did not name';
  return new PndError(
    'forbidden',
    `GitHub refused the request: the installation lacks the permission ${permission}.`,
    {
      cause: error,
      details: {
        ...details,
        // The client's error hook names the identity; a GraphQL refusal does not pass through it.
        ...(identity ? { identity } : {}),
        permission,
        hint: `Give the GitHub App the permission ${permission} (its settings → Permissions & events), then approve the change on the installation (docs/providers/github.md lists what each command needs).`,
      },
    },
  );
}

/** GraphQL answers an exhausted rate limit with HTTP 200 and an error of type RATE_LIMITED. */
function isGraphqlRateLimit(error: unknown): boolean {
  const e = error as { errors?: { type?: string }[]; data?: { errors?: { type?: string }[] } };
  return [...(e?.errors ?? []), ...(e?.data?.errors ?? [])].some((x) => x?.type === 'RATE_LIMITED');
}

/** GraphQL answers a missing permission with HTTP 200 and an error of type FORBIDDEN. */
function graphqlForbiddenOf(error: unknown): ((details: Record<string, unknown>) => PndError) | undefined {
  const e = error as {
    name?: string;
    errors?: { type?: string; message?: string }[];
    headers?: Record<string, string>;
  };
  if (e?.name !== 'GraphqlResponseError' || !e.errors?.some((x) => x.type === 'FORBIDDEN')) return undefined;
  return (details) =>
    refusedFineGrained(
      error,
      details,
      e.headers?.['x-accepted-github-permissions'] ?? 'a permission GitHub did not name',
      'the GitHub App installation (or fine-grained token) pnd runs as',
    );
}

function isRateLimit(e: OctokitErrorLike): boolean {
  const headers = e.response?.headers ?? {};
  return (
    headers['retry-after'] !== undefined ||
    headers['x-ratelimit-remaining'] === '0' ||
    /rate limit/i.test(e.message ?? '')
  );
}

/**
 * What a failed request was doing, from its method and route, for the permission hint when no
 * caller says it better (viaGitHub): the client's error hook maps every failure with this.
 */
export function actionForRequest(options: { method?: string; url?: string; query?: unknown }): string {
  const method = (options.method ?? 'GET').toUpperCase();
  const url = options.url ?? '';
  if (/\/graphql$/.test(url)) {
    const query = typeof options.query === 'string' ? options.query : '';
    if (/projectV2/i.test(query)) return 'update the project board';
    return /^\s*mutation\b/.test(query) ? 'write through GitHub GraphQL' : 'read releases and deployments';
  }
  if (/pending_deployments/.test(url))
    return method === 'GET' ? 'read what waits on the environment' : 'review the pending deployment';
  if (/\/releases/.test(url)) return method === 'GET' ? 'read the releases' : 'publish the draft release';
  if (/\/merge$/.test(url)) return 'merge a pull request';
  if (/\/reviews/.test(url))
    return method === 'GET' ? 'read a pull request’s reviews' : 'approve a pull request';
  if (/\/issues/.test(url)) return method === 'GET' ? 'read the issue' : 'write the issue or a comment';
  if (/\/deployments|\/actions\//.test(url)) return 'read the deploy runs';
  return `${method} ${url}`;
}

/** Marks an error as mapped by the client's hook (see gitHubError). */
export function hookMapped(error: PndError): PndError {
  mappedByHook.add(error);
  return error;
}

function stripQuery(url: string): string {
  return url.split('?')[0] ?? url;
}

/** Runs a GitHub call, mapping any failure. */
export async function viaGitHub<T>(action: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw gitHubError(error, action);
  }
}
