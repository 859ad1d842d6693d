import { createPrivateKey, type KeyObject } from 'node:crypto';
import { createAppAuth } from '@octokit/auth-app';
import { SignJWT } from 'jose';
import type { Clock } from '../../core/clock.ts';
import { PndError } from '../../core/errors.ts';

/** A GitHub App login: its App ID and private key (PEM), and optionally its one installation. */
export interface GitHubAppLogin {
  appId: number;
  privateKey: string;
  /** The installation to use for every owner; default the app's installation on each repository's owner. */
  installationId?: number;
  /** The owner whose installation serves requests that name none (GraphQL, search). */
  defaultOwner?: string;
}

/** A token is renewed this long before it expires (GitHub: 1 hour after it was made). */
export const TOKEN_REFRESH_MARGIN_MS = 5 * 60_000;
/** GitHub accepts a JWT for at most 10 minutes; auth-app's and GitHub's guidance: 30 s back-dated. */
const JWT_BACKDATE_SECONDS = 30;
const JWT_LIFETIME_SECONDS = 600;

/** Paths a GitHub App calls with its JWT rather than an installation token (auth-app's list, the ones pnd uses). */
const APP_PATHS = [
  /^\/app(?:\/|$)/,
  /^\/repos\/[^/]+\/[^/]+\/installation$/,
  /^\/orgs\/[^/]+\/installation$/,
  /^\/users\/[^/]+\/installation$/,
];

/** Parses the PEM once, up front: a malformed key is bad input (exit 2), not a refusal by GitHub. */
export function appPrivateKey(pem: string, where: string): KeyObject {
  try {
    // Keys pasted into one-line variables carry "\n" escapes (auth-app accepts them too).
    const key = createPrivateKey(pem.replace(/\\n/g, '\n'));
    if (key.asymmetricKeyType !== 'rsa') throw new Error(`a ${key.asymmetricKeyType ?? 'non-RSA'} key`);
    return key;
  } catch (cause) {
    throw new PndError('input-invalid', 'The GitHub App private key is not an RSA private key in PEM form.', {
      cause,
      details: {
        where,
        hint: 'Use the .pem file GitHub generated on the app’s settings page ("Private keys" → "Generate a private key"), unchanged.',
      },
    });
  }
}

interface StrategyOptions extends GitHubAppLogin {
  clock: Clock;
  /** Given by Octokit: its own request, so token requests use its base URL, CA and hooks. */
  request: Parameters<typeof createAppAuth>[0]['request'];
  log?: { warn: (message: string) => void };
}

type RequestFn = NonNullable<StrategyOptions['request']>;
type Route = Parameters<RequestFn>[0];
type RouteParameters = Parameters<RequestFn>[1];

/**
 * Octokit's `authStrategy` for a GitHub App: `@octokit/auth-app` makes the JWTs, asks for the
 * installation tokens, caches them and retries a JWT refused for clock skew with the server's
 * time. Around it, this picks the installation per request — the one on the repository's owner,
 * found once per owner — so one client serves the repositories of several organizations; and
 * time is pnd's clock (the JWT's iat/exp and the token cache's expiry), so a virtual clock drives
 * refreshes in tests exactly as real time does in production.
 */
export function gitHubAppStrategy(options: StrategyOptions) {
  const { clock } = options;
  const key = appPrivateKey(options.privateKey, 'PND_GITHUB_APP_PRIVATE_KEY');
  // Seconds GitHub's clock is ahead of pnd's, learnt from a JWT refused for its times (below).
  let serverOffset = 0;
  const auth = createAppAuth({
    appId: options.appId,
    createJwt: async (appId: string | number, timeDifference?: number) => {
      // auth-app measures the difference between GitHub's Date header and the system clock; it
      // passes it only to the retry of the refused request, so it is kept here for later JWTs.
      if (timeDifference !== undefined)
        serverOffset = Math.floor(Date.now() / 1000) + timeDifference - Math.floor(clock.now() / 1000);
      const iat = Math.floor(clock.now() / 1000) + serverOffset - JWT_BACKDATE_SECONDS;
      const exp = iat + JWT_LIFETIME_SECONDS;
      const jwt = await new SignJWT({})
        .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
        .setIssuer(String(appId))
        .setIssuedAt(iat)
        .setExpirationTime(exp)
        .sign(key);
      return { jwt, expiresAt: new Date(exp * 1000).toISOString() };
    },
    // auth-app's Cache type says get() returns a string; its code handles a miss (undefined).
    cache: clockCache(clock) as { get: (key: string) => string; set: (key: string, value: string) => void },
    ...(options.request ? { request: options.request } : {}),
    ...(options.log ? { log: options.log as never } : {}),
  });
  const installations = new Map<string, Promise<number>>();

  const installationFor = (owner: string | undefined, repo: string | undefined, request: RequestFn) => {
    if (options.installationId) return Promise.resolve(options.installationId);
    const account = owner ?? options.defaultOwner;
    if (!account)
      throw new PndError('input-invalid', 'pnd cannot tell which installation of the GitHub App to use.', {
        details: {
          where: 'environment',
          hint: 'Set PND_GITHUB_APP_INSTALLATION_ID to the installation’s id (the number at the end of its settings URL).',
        },
      });
    const cacheKey = account.toLowerCase();
    let found = installations.get(cacheKey);
    if (!found) {
      found = (async () => {
        try {
          // Through auth-app's hook: these routes are called with the app's JWT.
          const { data } = (await (repo
            ? auth.hook(request as never, 'GET /repos/{owner}/{repo}/installation', { owner: account, repo })
            : auth.hook(request as never, 'GET /orgs/{org}/installation', { org: account }))) as {
            data: { id: number };
          };
          return data.id;
        } catch (error) {
          installations.delete(cacheKey);
          if ((error as { status?: number }).status === 404 || (error as PndError).code === 'not-found')
            throw new PndError(
              'forbidden',
              `The GitHub App ${options.appId} is not installed on ${account}.`,
              {
                cause: error,
                details: {
                  where: `GitHub ${repo ? `${account}/${repo}` : account}`,
                  identity: `GitHub App ${options.appId}`,
                  permission: `an installation on ${account}`,
                  hint: `Install the app on ${account} (the app’s settings → "Install App"), with access to the repositories pnd.yaml names.`,
                },
              },
            );
          throw error;
        }
      })();
      installations.set(cacheKey, found);
    }
    return found;
  };

  const hook = async (request: RequestFn, route: Route, parameters?: RouteParameters) => {
    const endpoint = request.endpoint.merge(route as string, parameters);
    const base = request.endpoint.DEFAULTS.baseUrl;
    // The merged options still hold the route's template ("/repos/{owner}/..."): expand it.
    const url = request.endpoint.parse(endpoint).url;
    const path = url.startsWith(base) ? url.slice(base.length) : url;
    const pathOnly = path.split('?')[0] ?? path;
    if (APP_PATHS.some((re) => re.test(pathOnly)))
      return auth.hook(request as never, route as never, parameters as never);
    const [, owner, repo] = (/^\/repos\/([^/]+)\/([^/]+)/.exec(pathOnly) ??
      /^\/orgs\/([^/]+)()/.exec(pathOnly) ??
      []) as (string | undefined)[];
    const installationId = await installationFor(
      owner ? decodeURIComponent(owner) : undefined,
      repo ? decodeURIComponent(repo) : undefined,
      request,
    );
    const { token } = (await auth({ type: 'installation', installationId })) as { token: string };
    endpoint.headers.authorization = `token ${token}`;
    return request(endpoint as never);
  };

  return Object.assign((authOptions: Parameters<typeof auth>[0]) => auth(authOptions), { hook });
}

/**
 * auth-app's token cache with expiry on pnd's clock. auth-app keeps its tokens 59 minutes of
 * real time; this keeps each until TOKEN_REFRESH_MARGIN_MS before its `expires_at` (the third
 * field of auth-app's cache value), so a token is renewed before GitHub stops accepting it,
 * whatever the lifetime, and a virtual clock sees the same renewals.
 */
export function clockCache(clock: Clock): {
  get(key: string): string | undefined;
  set(key: string, value: string): void;
} {
  const entries = new Map<string, { value: string; until: number }>();
  return {
    get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (clock.now() >= entry.until) {
        entries.delete(key);
        return undefined;
      }
      return entry.value;
    },
    set(key, value) {
      const expiresAt = Date.parse(value.split('|')[2] ?? '');
      const until = Number.isFinite(expiresAt)
        ? expiresAt - TOKEN_REFRESH_MARGIN_MS
        : clock.now() + 59 * 60_000 - TOKEN_REFRESH_MARGIN_MS;
      entries.set(key, { value, until });
    },
  };
}
