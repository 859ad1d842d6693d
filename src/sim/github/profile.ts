import type { Principal, SimRequest, SimResponse, VendorProfile } from '../types.ts';
import { basicError, problemsParsingJson, validationFailed } from './errors.ts';
import { rateHeaders, type RateLimits, type Resource } from './rate-limit.ts';
import { JWT_MESSAGES, looksLikeJwt, verifyAppJwt } from './app-jwt.ts';
import {
  acceptedHeader,
  graphqlPermissions,
  permitted,
  routePermissions,
  type Accepted,
} from './permissions.ts';
import type { App } from './state/apps.ts';
import type { GitHubStore, TokenEntry } from './state/store.ts';

type Unauthed = Omit<SimRequest, 'principal'>;

/** The caller as the GitHub mounts see it: who, which token, and what this request was charged. */
export interface GitHubPrincipal extends Principal {
  login: string;
  token: string;
  limit: number;
  /** The rate-limit resource this request counts against; null for GET /rate_limit. */
  resource: Resource | null;
  charged: number;
  /** Set when the caller authenticated as a GitHub App with its JWT. */
  app?: App;
}

/** Routes a GitHub App calls with its JWT (and only with it). */
const APP_ROUTES = [
  /^\/app$/,
  /^\/app\/installations(?:\/[^/]+(?:\/access_tokens)?)?$/,
  /^\/repos\/[^/]+\/[^/]+\/installation$/,
  /^\/orgs\/[^/]+\/installation$/,
  /^\/users\/[^/]+\/installation$/,
];
const APPS_DOCS = 'https://docs.github.com/rest/apps/apps';
const NOT_ACCESSIBLE = 'Resource not accessible by integration';

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
    // GitHub's clock, as every answer carries it: @octokit/auth-app corrects a JWT's times by it.
    headers['date'] = new Date(store.now()).toUTCString();
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

    async authenticate(req) {
      const token = tokenOf(req);
      const isAppRoute = vendor === 'github' && APP_ROUTES.some((re) => re.test(req.path));
      if (token && looksLikeJwt(token) && !store.tokens.has(token)) {
        const verified = await verifyAppJwt(store.apps, token, store.now());
        if ('error' in verified) return withHeaders(req, basicError(401, verified.error, docs));
        // A JWT is good only for the app's own endpoints; anything else needs an installation token.
        if (!isAppRoute) return withHeaders(req, basicError(403, NOT_ACCESSIBLE, docs));
        const { app } = verified;
        return {
          id: `${app.slug}[bot]`,
          displayName: app.name,
          login: `${app.slug}[bot]`,
          token,
          limit: 5000,
          resource: 'core',
          charged: 0,
          app,
        } satisfies GitHubPrincipal;
      }
      const entry = token ? store.tokens.get(token) : undefined;
      if (!token || !entry) return withHeaders(req, basicError(401, 'Bad credentials', docs));
      if (entry.expiresAt !== undefined && store.now() >= entry.expiresAt)
        return withHeaders(req, basicError(401, 'Bad credentials', docs));
      if (isAppRoute) return withHeaders(req, basicError(401, JWT_MESSAGES.undecodable, APPS_DOCS));
      if (entry.permissions) {
        const refusal = refuseInstallationToken(req, entry);
        if (refusal) return withHeaders(req, refusal);
      }
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

/**
 * An installation token (a GitHub App's or an Actions GITHUB_TOKEN) outside its account or
 * repository (GitHub: 404, it cannot see it) or without the permission the route needs (403 with
 * the permissions GitHub would accept).
 */
function refuseInstallationToken(req: Unauthed, entry: TokenEntry): SimResponse | undefined {
  const repoPath = /^\/repos\/([^/]+)\/([^/]+)/.exec(req.path);
  if (repoPath) {
    const [, owner, name] = repoPath as unknown as [string, string, string];
    const outside = entry.repository
      ? entry.repository.toLowerCase() !== `${owner}/${name}`.toLowerCase()
      : entry.account !== undefined && entry.account.toLowerCase() !== owner.toLowerCase();
    if (outside) return basicError(404, 'Not Found', REST_DOCS);
  }
  let accepted: Accepted | undefined;
  if (req.vendor === 'github-graphql') {
    const query = (req.body as { query?: unknown } | undefined)?.query;
    accepted = graphqlPermissions(typeof query === 'string' ? query : '');
  } else {
    accepted = routePermissions(req.method, req.template !== req.path ? req.template : req.path);
  }
  if (accepted && permitted(entry.permissions ?? {}, accepted)) return undefined;
  const header =
    accepted && accepted.length > 0
      ? { 'x-accepted-github-permissions': acceptedHeader(accepted) }
      : undefined;
  if (req.vendor === 'github-graphql') {
    return {
      status: 200,
      headers: header,
      body: { data: null, errors: [{ type: 'FORBIDDEN', message: NOT_ACCESSIBLE }] },
    };
  }
  return basicError(403, NOT_ACCESSIBLE, REST_DOCS, header);
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
