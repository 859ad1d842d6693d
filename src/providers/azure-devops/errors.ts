import { PndError } from '../../core/errors.ts';
import { networkFailureOf } from '../network-failure.ts';
import { azureCredentialError } from '../azure/errors.ts';
import type { AdoCredential } from './client.ts';
import { ADO_SCOPE_LABEL, adoScopeFor } from './scopes.ts';

/** What pnd knows of a refused request: its path below the project and whose credential it was. */
export interface RefusedRequest {
  path: string;
  credential: AdoCredential;
}

function identityOf(credential: AdoCredential | undefined): string {
  if (!credential) return 'the Azure DevOps credential';
  if (credential.identity) return credential.identity;
  return 'pat' in credential ? 'the PAT in AZURE_DEVOPS_TOKEN' : 'the Entra ID identity';
}

/**
 * The one place Azure DevOps HTTP answers become PndErrors. Azure DevOps answers bad or expired
 * credentials on GET with 203 and an HTML sign-in page rather than 401, so a non-JSON body is an
 * authentication failure too. Messages never include the token.
 */
export async function adoError(
  response: Response,
  where: string,
  refused?: RefusedRequest,
): Promise<PndError> {
  const text = await response.text().catch(() => '');
  const json = isJson(response) ? safeParse(text) : undefined;
  const vendorMessage = typeof json?.message === 'string' ? json.message : undefined;
  const details = { where, status: response.status, vendorMessage, typeKey: json?.typeKey };
  if (response.status === 203 || response.status === 401 || (!json && response.ok)) {
    // The operation's scope from its description: a PAT without it is refused with 401.
    const operation = refused ? adoScopeFor(methodOf(where), refused.path) : undefined;
    const identity = identityOf(refused?.credential);
    const isPat = refused ? 'pat' in refused.credential : true;
    const scope = operation ? `${operation.scope} (${ADO_SCOPE_LABEL[operation.scope]})` : undefined;
    const message = scope
      ? `Azure DevOps did not accept ${identity} for ${operation!.operationId}, which needs the scope ${scope}.`
      : `Azure DevOps did not accept ${identity}.`;
    return new PndError('auth-failed', message, {
      details: {
        ...details,
        vendor: 'Azure DevOps',
        identity,
        ...(operation ? { scope: operation.scope } : {}),
        hint: isPat
          ? `Create a PAT${scope ? ` with ${scope}` : ''} for the organization (an expired or revoked PAT is refused too) and export it as AZURE_DEVOPS_TOKEN. docs/providers/azure-devops.md lists the scope of every action.`
          : 'Add the service principal or managed identity to the organization as a user (Basic access) and to the project group that may do this, or sign in again. See docs/providers/azure-devops.md.',
      },
    });
  }
  if (response.status === 403) {
    return new PndError('forbidden', 'Azure DevOps refused the request for lack of permission.', {
      details: {
        ...details,
        hint: 'The identity needs Release (read, write, execute and manage: vso.release_manage to approve) and Build (read) in the project, and to be an approver of the stage (docs/providers/azure-devops.md).',
      },
    });
  }
  if (response.status === 404)
    return new PndError('not-found', 'Azure DevOps does not have that resource.', { details });
  if (response.status === 409)
    return new PndError('conflict', 'Azure DevOps reports a conflict.', { details });
  if (response.status === 429) {
    return new PndError('rate-limited', 'Azure DevOps is throttling requests.', {
      details: { ...details, retryAfter: response.headers.get('retry-after') },
    });
  }
  if (response.status === 400)
    return new PndError('input-invalid', 'Azure DevOps rejected the request.', { details });
  return new PndError('remote-failed', 'Azure DevOps failed to answer the request.', { details });
}

/** A request that got no HTTP answer: says why (refused, DNS, certificate, timeout, reset). */
export function adoNetworkError(cause: unknown, where: string): PndError {
  const network = networkFailureOf(cause);
  if (network) {
    return new PndError(network.code, network.message('Azure DevOps'), {
      cause,
      details: { where, cause: network.cause, hint: network.hint('Azure DevOps') },
    });
  }
  const reason = cause instanceof Error ? (cause.message.split('\n')[0] ?? '') : String(cause);
  return new PndError('network', `Azure DevOps could not be reached: ${reason}`, {
    cause,
    details: { where, cause: reason },
  });
}

/** An Entra ID token that could not be had for Azure DevOps: no sign-in, or Entra refused it. */
export function adoCredentialError(cause: unknown, where: string): PndError {
  if (cause instanceof PndError) return cause;
  return (
    azureCredentialError(cause, where, 'Azure DevOps') ??
    new PndError('auth-failed', 'No Entra ID token for Azure DevOps could be had.', {
      cause,
      details: {
        where,
        vendor: 'Azure DevOps',
        hint: 'Export AZURE_DEVOPS_TOKEN with a PAT, or sign in to Entra ID (docs/providers/azure-devops.md).',
      },
    })
  );
}

/** "Azure DevOps PATCH /org/…" → PATCH. */
function methodOf(where: string): string {
  return /^Azure DevOps (\w+) /.exec(where)?.[1] ?? 'GET';
}

export function isJson(response: { headers: Headers }): boolean {
  return /json/i.test(response.headers.get('content-type') ?? '');
}

function safeParse(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
