import type { Principal, SimResponse, VendorProfile } from '../types.ts';
import type { World } from '../world.ts';
import { uid, type Cluster } from './model.ts';
import { statusJson } from './wire.ts';
import { ENTRA_RESOURCES, type EntraDirectory } from '../entra/directory.ts';

function status(
  world: World,
  code: number,
  reason: string,
  message: string,
  details?: Record<string, unknown>,
  headers: Record<string, string> = {},
): SimResponse {
  return {
    status: code,
    headers: { ...auditHeaders(world), ...headers },
    body: statusJson(code, reason, message, details),
  };
}

/** Every API server answer carries an audit id (used to find the request in the audit log). */
function auditHeaders(world: World): Record<string, string> {
  return { 'audit-id': uid(`k8s-audit:${world.nextId('k8s-audit')}`), 'cache-control': 'no-cache, private' };
}

/** The API server's own answers: a meta/v1 Status for every failure. */
export function kubernetesProfile(
  clusters: Map<string, Cluster>,
  world: World,
  entra?: EntraDirectory,
): VendorProfile {
  return {
    vendor: 'kubernetes',
    authenticate(req): Principal | SimResponse {
      const cluster = clusters.get(req.params.cluster ?? '');
      const header = req.headers.authorization;
      const token =
        typeof header === 'string' && /^bearer\s+/i.test(header)
          ? header.replace(/^bearer\s+/i, '').trim()
          : undefined;
      if (cluster && token && cluster.tokens.has(token))
        return { id: `token:${cluster.name}:${cluster.tokens.size}` };
      // AKS with Entra ID integration: a token for the AKS server application (kubelogin's).
      const entraToken = cluster && token ? entra?.check(token, [ENTRA_RESOURCES.aks]) : undefined;
      if (entraToken?.ok) return { id: `entra:${entraToken.caller.clientId}` };
      return status(world, 401, 'Unauthorized', 'Unauthorized');
    },
    notFound() {
      return status(world, 404, 'NotFound', 'the server could not find the requested resource', {});
    },
    rateLimited(_req, code, retryAfterSeconds) {
      return status(
        world,
        code,
        'TooManyRequests',
        'Too many requests, please try again later.',
        { retryAfterSeconds },
        { 'retry-after': String(retryAfterSeconds) },
      );
    },
    serverError(_req, code) {
      return code === 503
        ? status(world, 503, 'ServiceUnavailable', 'the server is currently unable to handle the request')
        : status(world, code, 'InternalError', 'Internal error occurred: etcdserver: request timed out', {
            causes: [{ message: 'etcdserver: request timed out' }],
          });
    },
    badRequest(_req, message) {
      return status(world, 400, 'BadRequest', message);
    },
    tooLarge(_req, limitBytes) {
      // The API server's own words (k8s.io/apiserver, the request body limit).
      return status(world, 413, 'RequestEntityTooLarge', `Request entity too large: limit is ${limitBytes}`);
    },
    decorate(_req, res) {
      res.headers = { ...auditHeaders(world), ...res.headers };
    },
  };
}

export function notFoundStatus(world: World, resource: string, group: string, name: string): SimResponse {
  const qualified = group ? `${resource}.${group}` : resource;
  return status(world, 404, 'NotFound', `${qualified} "${name}" not found`, {
    name,
    ...(group ? { group } : {}),
    kind: resource,
  });
}

export function badRequestStatus(world: World, message: string): SimResponse {
  return status(world, 400, 'BadRequest', message);
}
