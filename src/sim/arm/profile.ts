import type { Principal, SimRequest, SimResponse, VendorProfile } from '../types.ts';
import type { World } from '../world.ts';
import { guid } from './ids.ts';
import type { EntraDirectory } from '../entra/directory.ts';

/** The audiences ARM accepts (its InvalidAuthenticationTokenAudience message lists them). */
const ARM_AUDIENCES = [
  'https://management.core.windows.net/',
  'https://management.core.windows.net',
  'https://management.azure.com/',
  'https://management.azure.com',
];

type AnyRequest = Omit<SimRequest, 'principal'>;

/** The ARM error envelope, with the headers every ARM answer carries. */
export function armError(
  world: World,
  req: AnyRequest,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): SimResponse {
  return { status, headers: { ...armHeaders(world, req), ...headers }, body: { error: { code, message } } };
}

/** ARM's 404 for a resource that is not in its resource group, e.g. type `Microsoft.Web/sites`. */
export function resourceNotFound(world: World, req: AnyRequest, type: string, name: string): SimResponse {
  return armError(
    world,
    req,
    404,
    'ResourceNotFound',
    `The Resource '${type}/${name}' under resource group '${req.params.resourceGroupName}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
  );
}

/** x-ms-request-id and x-ms-correlation-request-id (the client's, when it sent one). */
export function armHeaders(world: World, req: AnyRequest): Record<string, string> {
  const id = guid(`arm-request:${world.nextId('arm-request')}`);
  const correlation = req.headers['x-ms-correlation-request-id'];
  return {
    'x-ms-request-id': id,
    'x-ms-correlation-request-id': typeof correlation === 'string' ? correlation : id,
    'x-ms-routing-request-id': `NORWAYEAST:${new Date(world.clock.now()).toISOString().replace(/[-:.]/g, '').slice(0, 15)}Z:${id}`,
    ...(typeof req.headers['x-ms-client-request-id'] === 'string'
      ? { 'x-ms-client-request-id': req.headers['x-ms-client-request-id'] }
      : {}),
  };
}

export function armProfile(tokens: Set<string>, world: World, entra?: EntraDirectory): VendorProfile {
  return {
    vendor: 'arm-container-apps',
    authenticate(req): Principal | SimResponse {
      const header = req.headers.authorization;
      if (typeof header !== 'string' || header.trim() === '') {
        return armError(
          world,
          req,
          401,
          'AuthenticationFailed',
          "Authentication failed. The 'Authorization' header is missing.",
          {
            'www-authenticate':
              'Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token", error_description="The authentication failed because of missing \'Authorization\' header."',
          },
        );
      }
      const token = header.replace(/^bearer\s+/i, '').trim();
      if (/^bearer\s+/i.test(header) && tokens.has(token)) return { id: `arm:${[...tokens].indexOf(token)}` };
      // The SDKs ask for `<endpoint>/.default`, so a cloud's ARM accepts its own URL as audience
      // (https://management.azure.com for the public one): here the simulator's /arm.
      const audiences = [...ARM_AUDIENCES, `${req.url.origin}${req.base}`];
      const entraToken = /^bearer\s+/i.test(header) ? entra?.check(token, audiences) : undefined;
      if (entraToken?.ok) return { id: `entra:${entraToken.caller.clientId}` };
      if (entraToken?.reason === 'expired') {
        const utc = (ms: number) => new Date(ms).toISOString();
        return armError(
          world,
          req,
          401,
          'ExpiredAuthenticationToken',
          `The access token expiry UTC time '${utc(entraToken.expiredAt)}' is earlier than current UTC time '${utc(world.clock.now())}'.`,
          {
            'www-authenticate':
              'Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token", error_description="The access token has expired."',
          },
        );
      }
      if (entraToken?.reason === 'audience') {
        return armError(
          world,
          req,
          401,
          'InvalidAuthenticationTokenAudience',
          `The access token has been obtained for wrong audience or resource '${entraToken.audience}'. It should exactly match with one of the allowed audiences '${ARM_AUDIENCES.join("','")}'.`,
        );
      }
      return armError(world, req, 401, 'InvalidAuthenticationToken', 'The access token is invalid.', {
        'www-authenticate':
          'Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token", error_description="The access token is invalid."',
      });
    },
    notFound(req) {
      return armError(
        world,
        req,
        404,
        'InvalidResourceType',
        `The resource type could not be found for the request path '${req.path}'.`,
      );
    },
    rateLimited(req, status, retryAfterSeconds) {
      return armError(
        world,
        req,
        status,
        'TooManyRequests',
        'The request is being throttled as the limit has been reached for operation type - Read_ObservationWindow_00:05:00. For more information, see - https://aka.ms/arm-throttling',
        { 'retry-after': String(retryAfterSeconds), 'x-ms-ratelimit-remaining-subscription-reads': '0' },
      );
    },
    serverError(req, status) {
      const id = guid(`arm-error:${world.nextId('arm-error')}`);
      return status === 503
        ? armError(
            world,
            req,
            503,
            'ServiceUnavailable',
            'The service is currently unavailable. Please try again later.',
            { 'retry-after': '1' },
          )
        : armError(
            world,
            req,
            status,
            'InternalServerError',
            `Encountered internal server error. Diagnostic information: timestamp '${new Date(world.clock.now()).toISOString()}', tracking id '${id}'.`,
          );
    },
    tooLarge(req, limitBytes) {
      return armError(
        world,
        req,
        413,
        'RequestEntityTooLarge',
        `The request content size exceeds the maximum size of ${Math.floor(limitBytes / 1_048_576)} MB.`,
      );
    },
    badRequest(req, message) {
      if (!req.query.get('api-version')) {
        return armError(
          world,
          req,
          400,
          'MissingApiVersionParameter',
          'The api-version query parameter (?api-version=) is required for all requests.',
        );
      }
      return armError(world, req, 400, 'BadRequest', message);
    },
    decorate(req, res) {
      res.headers = {
        ...armHeaders(world, req),
        'x-ms-ratelimit-remaining-subscription-reads': '249',
        ...res.headers,
      };
    },
  };
}
