import { Router } from '../router.ts';
import type { Principal, SimRequest, SimResponse, VendorProfile } from '../types.ts';
import type { World } from '../world.ts';
import type { EntraDirectory } from './directory.ts';

type AnyRequest = Omit<SimRequest, 'principal'>;

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/**
 * The origin + mount the client called, e.g. https://127.0.0.1:4443/entra: the authority host.
 * MSAL's instance discovery always asks login.microsoftonline.com, never the authority host, so
 * clients of a host outside Microsoft's clouds turn it off (disableInstanceDiscovery, as for Azure
 * Stack) and the simulator serves no discovery endpoint (found by running @azure/identity 4.13).
 */
function hostOf(req: AnyRequest): string {
  return `${req.url.origin}${req.base}`;
}

/**
 * Entra ID's OAuth error body (learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow#error-response):
 * error, error_description starting with the AADSTS code, error_codes, timestamp, trace_id, correlation_id.
 */
export function entraError(
  world: World,
  status: number,
  error: string,
  code: number,
  description: string,
): SimResponse {
  const id = `00000000-0000-4000-8000-${String(world.nextId('entra-trace')).padStart(12, '0')}`;
  const timestamp = new Date(world.clock.now())
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
  return {
    status,
    headers: { 'cache-control': 'no-store, no-cache', pragma: 'no-cache', 'x-ms-request-id': id },
    body: {
      error,
      error_description: `${description}\r\nTrace ID: ${id}\r\nCorrelation ID: ${id}\r\nTimestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: id,
      correlation_id: id,
    },
  };
}

/** The token endpoint answers for itself (client authentication is in the body): no header check. */
export function entraProfile(world: World): VendorProfile {
  const anonymous: Principal = { id: 'anonymous' };
  return {
    vendor: 'entra',
    authenticate: () => anonymous,
    notFound: () => entraError(world, 404, 'invalid_request', 90002, 'AADSTS90002: Tenant not found.'),
    rateLimited: (_req, status, retryAfterSeconds) => ({
      ...entraError(
        world,
        status,
        'temporarily_unavailable',
        50196,
        'AADSTS50196: The server terminated an operation because it encountered a client request loop.',
      ),
      headers: { 'retry-after': String(retryAfterSeconds) },
    }),
    serverError: (_req, status) =>
      entraError(
        world,
        status,
        'temporarily_unavailable',
        90033,
        'AADSTS90033: A transient error has occurred. Please try again.',
      ),
    badRequest: (_req, message) =>
      entraError(world, 400, 'invalid_request', 900144, `AADSTS900144: ${message}`),
    tooLarge: () =>
      entraError(world, 413, 'invalid_request', 90014, 'AADSTS90014: The request body is too large.'),
  };
}

/**
 * login.microsoftonline.com as @azure/identity (MSAL Node) uses it for the client credentials
 * grant: the tenant's OpenID metadata and keys, and the v2.0 token endpoint
 * with a client secret or a client assertion (a federated credential).
 */
export function entraRouter(
  world: World,
  directory: EntraDirectory,
  actionsIssuer: (req: AnyRequest) => string,
): Router {
  const router = new Router();
  const knownTenant = (tenant: string) =>
    tenant.toLowerCase() === directory.tenantId.toLowerCase() ||
    tenant === 'organizations' ||
    tenant === 'common';

  router.get('/{tenant}/v2.0/.well-known/openid-configuration', (req) => {
    const tenant = req.params.tenant!;
    if (!knownTenant(tenant))
      return entraError(world, 400, 'invalid_tenant', 90002, `AADSTS90002: Tenant '${tenant}' not found.`);
    const base = `${hostOf(req)}/${directory.tenantId}`;
    return {
      status: 200,
      body: {
        token_endpoint: `${base}/oauth2/v2.0/token`,
        token_endpoint_auth_methods_supported: [
          'client_secret_post',
          'private_key_jwt',
          'client_secret_basic',
        ],
        jwks_uri: `${base}/discovery/v2.0/keys`,
        response_modes_supported: ['query', 'fragment', 'form_post'],
        subject_types_supported: ['pairwise'],
        id_token_signing_alg_values_supported: ['RS256'],
        response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
        scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
        issuer: `${base}/v2.0`,
        authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
        device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
        end_session_endpoint: `${base}/oauth2/v2.0/logout`,
        tenant_region_scope: 'EU',
        cloud_instance_name: 'microsoftonline.com',
      },
    };
  });

  router.get('/{tenant}/discovery/v2.0/keys', async () => ({ status: 200, body: await directory.jwks() }));

  router.post('/{tenant}/oauth2/v2.0/token', async (req) => {
    const tenant = req.params.tenant!;
    if (tenant.toLowerCase() !== directory.tenantId.toLowerCase())
      return entraError(
        world,
        400,
        'invalid_request',
        90002,
        `AADSTS90002: Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
      );
    const form = new URLSearchParams(req.rawBody);
    if (form.get('grant_type') !== 'client_credentials')
      return entraError(
        world,
        400,
        'unsupported_grant_type',
        70003,
        `AADSTS70003: The app requested an unsupported grant type '${form.get('grant_type') ?? ''}'.`,
      );
    const clientId = form.get('client_id') ?? '';
    const app = directory.application(clientId);
    if (!app)
      return entraError(
        world,
        400,
        'unauthorized_client',
        700016,
        `AADSTS700016: Application with identifier '${clientId}' was not found in the directory '${directory.tenantId}'.`,
      );
    const secret = form.get('client_secret');
    const assertion = form.get('client_assertion');
    if (secret !== null) {
      if (!app.secret || secret !== app.secret)
        return entraError(
          world,
          401,
          'invalid_client',
          7000215,
          `AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.clientId}'.`,
        );
    } else if (assertion !== null && form.get('client_assertion_type') === ASSERTION_TYPE) {
      const verdict = await directory.verifyAssertion(app, assertion, actionsIssuer(req));
      if (!verdict.ok) return entraError(world, 400, 'invalid_client', verdict.code, verdict.message);
    } else {
      return entraError(
        world,
        401,
        'invalid_client',
        7000216,
        "AADSTS7000216: 'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type.",
      );
    }
    const scopes = (form.get('scope') ?? '').split(/\s+/).filter(Boolean);
    const resources = scopes
      .filter((s) => s.endsWith('/.default'))
      .map((s) => s.slice(0, -'/.default'.length));
    if (resources.length !== 1)
      return entraError(
        world,
        400,
        'invalid_scope',
        1002012,
        `AADSTS1002012: The provided value for scope ${scopes.join(' ')} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
      );
    const { token, expiresInSeconds } = await directory.issueAccessToken(
      app,
      resources[0]!,
      'https://sts.windows.net',
    );
    // The documented success body: token_type, expires_in, ext_expires_in, access_token.
    return {
      status: 200,
      headers: { 'cache-control': 'no-store, no-cache', pragma: 'no-cache' },
      body: {
        token_type: 'Bearer',
        expires_in: expiresInSeconds,
        ext_expires_in: expiresInSeconds,
        access_token: token,
      },
    };
  });
  return router;
}

/**
 * The GitHub Actions side: the runner's ID token request URL (`ACTIONS_ID_TOKEN_REQUEST_URL`,
 * called with `&audience=` and the request token as bearer, answering `{ "value": jwt }`) and
 * the issuer's OpenID metadata and keys (token.actions.githubusercontent.com).
 */
export function actionsOidcRouter(directory: EntraDirectory): Router {
  const router = new Router();
  router.get('/idtoken', async (req) => {
    const audience =
      req.query.get('audience') ??
      'https://github.com/' + directory.scenario.actionsOidc.repository.split('/')[0];
    return {
      status: 200,
      body: { count: 1, value: await directory.issueActionsToken(audience, `${req.url.origin}${req.base}`) },
    };
  });
  router.get('/.well-known/openid-configuration', (req) => {
    const issuer = `${req.url.origin}${req.base}`;
    return {
      status: 200,
      body: {
        issuer,
        jwks_uri: `${issuer}/.well-known/jwks`,
        subject_types_supported: ['public', 'pairwise'],
        response_types_supported: ['id_token'],
        claims_supported: [
          'sub',
          'aud',
          'exp',
          'iat',
          'iss',
          'jti',
          'nbf',
          'ref',
          'repository',
          'repository_owner',
          'environment',
          'event_name',
          'runner_environment',
        ],
        id_token_signing_alg_values_supported: ['RS256'],
        scopes_supported: ['openid'],
      },
    };
  });
  router.get('/.well-known/jwks', async () => ({ status: 200, body: await directory.jwks() }));
  return router;
}

/** The ID token request needs the job's request token; the metadata is public. */
export function actionsOidcProfile(world: World, directory: EntraDirectory): VendorProfile {
  const refuse = (status: number, message: string): SimResponse => ({ status, body: { message } });
  return {
    vendor: 'github-actions-oidc',
    authenticate(req): Principal | SimResponse {
      if (req.path.startsWith('/.well-known/')) return { id: 'anonymous' };
      const header = req.headers.authorization;
      const token = typeof header === 'string' ? header.replace(/^bearer\s+/i, '').trim() : '';
      return token === directory.scenario.actionsOidc.requestToken
        ? { id: 'runner' }
        : refuse(401, 'Unauthorized');
    },
    notFound: () => refuse(404, 'Not Found'),
    rateLimited: (_req, status, retryAfterSeconds) => ({
      ...refuse(status, 'Too Many Requests'),
      headers: { 'retry-after': String(retryAfterSeconds) },
    }),
    serverError: (_req, status) => refuse(status, `Internal error ${world.nextId('actions-oidc-error')}`),
    badRequest: (_req, message) => refuse(400, message),
    tooLarge: () => refuse(413, 'Request Entity Too Large'),
  };
}
