import type { Principal, SimRequest, SimResponse, Vendor, VendorProfile } from '../types.ts';
import type { World } from '../world.ts';
import { adoError, checkApiVersion } from './errors.ts';
import { stableGuid, type Directory } from './identities.ts';
import { adoScopeFor, scopeGrants } from '../../providers/azure-devops/scopes.ts';
import { ENTRA_RESOURCES, type EntraDirectory } from '../entra/directory.ts';

type PartialRequest = Omit<SimRequest, 'principal'>;

/**
 * The sign-in page Azure DevOps serves, with status 203, to a GET or POST whose credentials it
 * does not accept (instead of a 401). Clients must treat 203 or a non-JSON body as an auth failure.
 */
const SIGN_IN_PAGE = `<!DOCTYPE html>
<html lang="en-US">
<head><meta charset="utf-8"><title>Azure DevOps Services | Sign In</title></head>
<body>
<div class="sign-in">
<h1>Azure DevOps</h1>
<p>Sign in to your account to continue.</p>
<a href="https://app.vssps.visualstudio.com/_signin?realm=dev.azure.com">Sign in</a>
</div>
</body>
</html>
`;

/** Reads the PAT or bearer token from the Authorization header. */
function credentialOf(req: PartialRequest): string | undefined {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const [scheme, value] = header.split(/\s+/, 2);
  if (!value) return undefined;
  if (scheme?.toLowerCase() === 'bearer') return value;
  if (scheme?.toLowerCase() === 'basic') {
    // "Use any value for the user name and the token as the password."
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon >= 0 ? decoded.slice(colon + 1) : undefined;
  }
  return undefined;
}

export function adoProfile(
  vendor: Vendor,
  directory: Directory,
  world: World,
  entra?: EntraDirectory,
): VendorProfile {
  return {
    vendor,
    authenticate(req): Principal | SimResponse {
      const credential = credentialOf(req) ?? '';
      const identity = directory.byToken(credential);
      if (identity) {
        // The operation's scope from its description (security.oauth2), as the service enforces
        // it for a PAT: a PAT without it gets 401 (see docs/providers/azure-devops.md).
        const below = `/${req.path.split('/').filter(Boolean).slice(2).join('/')}`;
        const required = adoScopeFor(req.method, below);
        if (required && !scopeGrants(directory.scopesOf(credential), required.scope)) {
          return adoError(
            401,
            `TF400813: The user '${identity.id}' is not authorized to access this resource.`,
            'UnauthorizedRequestException',
            'Microsoft.TeamFoundation.Framework.Server.UnauthorizedRequestException, Microsoft.TeamFoundation.Framework.Server',
            activityHeaders(world),
          );
        }
        return { id: identity.uniqueName, displayName: identity.displayName };
      }
      // An Entra ID token for Azure DevOps: the service principal (or managed identity) as a user
      // of the organization; its rights come from its groups, not from scopes.
      const entraToken = entra?.check(credential, [ENTRA_RESOURCES.azureDevOps]);
      if (entraToken?.ok) {
        const principal = directory.resolve(entraToken.caller.azureDevOpsUser);
        return { id: principal.uniqueName, displayName: principal.displayName };
      }
      if (req.method === 'GET' || req.method === 'POST') {
        return {
          status: 203,
          headers: activityHeaders(world),
          raw: { contentType: 'text/html; charset=utf-8', text: SIGN_IN_PAGE },
        };
      }
      return adoError(
        401,
        "TF400813: The user '' is not authorized to access this resource.",
        'UnauthorizedRequestException',
        'Microsoft.TeamFoundation.Framework.Server.UnauthorizedRequestException, Microsoft.TeamFoundation.Framework.Server',
        {
          ...activityHeaders(world),
          'www-authenticate':
            'Bearer authorization_uri=https://login.microsoftonline.com/common, Basic realm="https://tfsprodweu2.app.visualstudio.com/", TFS-Federated',
        },
      );
    },
    notFound(req) {
      return adoError(
        404,
        `The controller for path '${req.url.pathname.slice(req.base.length) || '/'}' was not found or does not implement IController.`,
        'HttpException',
        'System.Web.HttpException, System.Web',
        activityHeaders(world),
      );
    },
    rateLimited(_req, status, retryAfterSeconds) {
      const reset = Math.ceil(world.clock.now() / 1000) + retryAfterSeconds;
      return adoError(
        status,
        "TF400733: The request has been canceled: Request was blocked due to exceeding usage of resource 'ATCPU' in namespace 'VSID'.",
        'RequestBlockedException',
        'Microsoft.TeamFoundation.Framework.Server.RequestBlockedException, Microsoft.TeamFoundation.Framework.Server',
        {
          ...activityHeaders(world),
          'retry-after': String(retryAfterSeconds),
          'x-ratelimit-resource': 'ATCPU',
          'x-ratelimit-delay': '0',
          'x-ratelimit-limit': '200',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String(reset),
        },
      );
    },
    serverError(_req, status) {
      return adoError(
        status,
        `TF400898: An Internal Error Occurred. Activity Id: ${stableGuid(`ado-error:${world.nextId('ado-error')}`)}.`,
        'VssServiceException',
        'Microsoft.VisualStudio.Services.Common.VssServiceException, Microsoft.VisualStudio.Services.Common',
        activityHeaders(world),
      );
    },
    tooLarge(_req, limitBytes) {
      return adoError(
        413,
        `The request content is larger than the ${Math.floor(limitBytes / 1_048_576)} MB this service accepts.`,
        'RequestContentTooLargeException',
        'Microsoft.VisualStudio.Services.Common.RequestContentTooLargeException, Microsoft.VisualStudio.Services.Common',
        activityHeaders(world),
      );
    },
    badRequest(req, message) {
      // The spec marks api-version required, so its absence reaches us as a validation problem;
      // answer it with the service's own words.
      return (
        checkApiVersion(req.query, req.method) ??
        adoError(400, message, 'ArgumentException', 'System.ArgumentException, mscorlib')
      );
    },
    decorate(req, res) {
      res.headers = {
        ...activityHeaders(world),
        'x-vss-userdata': `${directory.resolve(req.principal.id).id}:${req.principal.id}`,
        ...res.headers,
      };
    },
  };
}

/** Correlation headers every Azure DevOps answer carries. */
function activityHeaders(world: World): Record<string, string> {
  const id = stableGuid(`ado-activity:${world.nextId('ado-activity')}`);
  return { activityid: id, 'x-tfs-session': id, 'x-vss-e2eid': id };
}
