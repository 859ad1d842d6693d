import type { Principal, SimRequest, SimResponse, VendorProfile } from '../types.ts';
import { basicError, problemsParsingJson, validationFailed } from './errors.ts';
import { rateHeaders, type RateLimits, type Resource } from './rate-limit.ts';
import type { GitHubStore } from './state/store.ts';

type Unauthed = Omit<SimRequest, 'principal'>;

/** The caller as the GitHub mounts see it: who, which token, and what this request was charged. */
export interface GitHubPrincipal extends Principal {
  login: string;
  token: string;
  limit: number;
  /** The rate-limit resource this request counts against; null for GET /rate_limit. */
  resource: Resource | null;
  charged: number;
}

export function gitHubPrincipal(p: Principal): GitHubPrincipal {
  if (!('token' in p)) throw new Error('GitHub handler reached without a GitHub principal.');
  return p as GitHubPrincipal;
}

const REST_DOCS = 'https://docs.github.com/rest';
const GRAPHQL_DOCS = 'https://docs.github.com/graphql';
const RATE_DOCS = 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api';
const SECONDARY_DOCS =
  'https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits';

export interface ProfileDeps {
  store: GitHubStore;
  limits: RateLimits;
}

/**
 * GitHub's behaviour outside the routes, for REST (`github`) and GraphQL (`github-graphql`):
 * token check, primary rate limits charged per token on the virtual clock, the error envelopes,
 * and the headers GitHub puts on every response.
 */
export function createGitHubProfile(vendor: 'github' | 'github-graphql', deps: ProfileDeps): VendorProfile {
  const { store, limits } = deps;
  const docs = vendor === 'github' ? REST_DOCS : GRAPHQL_DOCS;
  let requestSeq = 0;

  const tokenOf = (req: Unauthed): string | undefined => {
    const header = req.headers['authorization'];
    const match = /^(?:bearer|token)\s+(\S+)\s*$/i.exec(typeof header === 'string' ? header : '');
    return match?.[1];
  };

  const resourceOf = (req: Unauthed): Resource | null => {
    if (vendor === 'github-graphql') return 'graphql';
    if (req.path === '/rate_limit') return null;
    return req.path.startsWith('/search/') ? 'search' : 'core';
  };

  /** Headers every GitHub response carries, with the counters as they stand (nothing charged). */
  const common = (req: Unauthed): Record<string, string> => {
    requestSeq++;
    const id = `${(0xc0de + requestSeq).toString(16).toUpperCase()}:${(requestSeq * 7919).toString(16).toUpperCase()}:${store.now().toString(16).toUpperCase()}`;
    const headers: Record<string, string> = {
      'x-github-request-id': id,
      'x-github-media-type': 'github.v3; format=json',
    };
    if (vendor === 'github') headers['x-github-api-version-selected'] = '2022-11-28';
    const token = tokenOf(req);
    const entry = token ? store.tokens.get(token) : undefined;
    if (token && entry) {
      const resource = resourceOf(req) ?? 'core';
      Object.assign(headers, rateHeaders(limits.window(token, resource, entry.limit), resource));
    }
    return headers;
  };

  const withHeaders = (req: Unauthed, res: SimResponse): SimResponse => ({
    ...res,
    headers: { ...common(req), ...res.headers },
  });

  return {
    vendor,

    authenticate(req) {
      const token = tokenOf(req);
      const entry = token ? store.tokens.get(token) : undefined;
      if (!token || !entry) return withHeaders(req, basicError(401, 'Bad credentials', docs));
      const resource = resourceOf(req);
      const principal: GitHubPrincipal = {
        id: entry.login,
        displayName: store.user(entry.login).name ?? entry.login,
        login: entry.login,
        token,
        limit: entry.limit,
        resource,
        charged: 0,
      };
      if (resource === null) return principal;
      // GraphQL is charged by query cost in its handler; here only refuse when nothing is left.
      const cost = resource === 'graphql' ? 0 : 1;
      const window = limits.window(token, resource, entry.limit);
      if (window.used + Math.max(cost, 1) > window.limit) {
        const user = store.user(entry.login);
        if (resource === 'graphql') {
          return withHeaders(req, {
            status: 200,
            body: {
              errors: [
                { type: 'RATE_LIMITED', message: `API rate limit already exceeded for user ID ${user.id}.` },
              ],
            },
          });
        }
        return withHeaders(
          req,
          basicError(403, `API rate limit exceeded for user ID ${user.id}.`, RATE_DOCS),
        );
      }
      limits.charge(token, resource, entry.limit, cost);
      principal.charged = cost;
      return principal;
    },

    notFound(req) {
      return withHeaders(req, basicError(404, 'Not Found', docs));
    },

    rateLimited(req, status, retryAfterSeconds) {
      const token = tokenOf(req);
      const entry = token ? store.tokens.get(token) : undefined;
      const user = entry ? store.user(entry.login) : undefined;
      const resource = resourceOf(req) ?? 'core';
      const limit = resource === 'search' ? 30 : (entry?.limit ?? 60);
      const reset = Math.ceil(store.now() / 1000) + retryAfterSeconds;
      const message =
        status === 403
          ? 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.'
          : `API rate limit exceeded for user ID ${user?.id ?? 0}.`;
      return withHeaders(
        req,
        basicError(status, message, status === 403 ? SECONDARY_DOCS : RATE_DOCS, {
          'x-ratelimit-limit': String(limit),
          'x-ratelimit-remaining': '0',
          'x-ratelimit-used': String(limit),
          'x-ratelimit-reset': String(reset),
          'x-ratelimit-resource': resource,
          'retry-after': String(retryAfterSeconds),
        }),
      );
    },

    serverError(req, status) {
      const message =
        status === 503
          ? 'Service Unavailable'
          : status === 504
            ? "We couldn't respond to your request in time. Sorry about that. Please try resubmitting your request and contact us if the problem persists."
            : 'Server Error';
      return withHeaders(req, basicError(status, message, docs));
    },

    tooLarge() {
      // GitHub's front end answers an oversized body itself, in HTML, before the API sees it
      // (docs/simulator.md, "Request limits", has the evidence).
      return {
        status: 413,
        raw: {
          contentType: 'text/html',
          text: '<html>\r\n<head><title>413 Request Entity Too Large</title></head>\r\n<body>\r\n<center><h1>413 Request Entity Too Large</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n',
        },
      };
    },

    badRequest(req, message) {
      if (typeof req.body === 'string' && req.rawBody.length > 0)
        return withHeaders(req, problemsParsingJson());
      return withHeaders(
        req,
        validationFailed([{ resource: resourceName(req.path), code: 'invalid', message }]),
      );
    },

    decorate(req, res) {
      const principal = gitHubPrincipal(req.principal);
      // A 304 costs nothing: the server calls decorate again after turning a 200 into a 304.
      if (res.status === 304 && principal.charged > 0 && principal.resource) {
        limits.refund(principal.token, principal.resource, principal.limit, principal.charged);
        principal.charged = 0;
      }
      res.headers = { ...common(req), ...res.headers };
      // Recompute the counters after any refund: `common` ran before the merge above kept old ones.
      const resource = principal.resource ?? 'core';
      Object.assign(
        res.headers,
        rateHeaders(limits.window(principal.token, resource, principal.limit), resource),
      );
    },
  };
}

/** The `resource` GitHub names in validation errors, from the path. */
function resourceName(path: string): string {
  if (path.includes('/pulls')) return 'PullRequest';
  if (path.includes('/issues')) return 'Issue';
  if (path.includes('/releases')) return 'Release';
  if (path.includes('/deployments')) return 'Deployment';
  if (path.startsWith('/search')) return 'Search';
  return 'Repository';
}
