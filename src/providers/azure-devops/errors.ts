import { PndError } from '../../core/errors.ts';
import { networkFailureOf } from '../network-failure.ts';

/**
 * The one place Azure DevOps HTTP answers become PndErrors. Azure DevOps answers bad or expired
 * credentials on GET with 203 and an HTML sign-in page rather than 401, so a non-JSON body is an
 * authentication failure too. Messages never include the token.
 */
export async function adoError(response: Response, where: string): Promise<PndError> {
  const text = await response.text().catch(() => '');
  const json = isJson(response) ? safeParse(text) : undefined;
  const vendorMessage = typeof json?.message === 'string' ? json.message : undefined;
  const details = { where, status: response.status, vendorMessage, typeKey: json?.typeKey };
  if (response.status === 203 || response.status === 401 || (!json && response.ok)) {
    return new PndError('auth-failed', 'Azure DevOps did not accept the credentials.', {
      details: {
        ...details,
        hint: 'Set AZURE_DEVOPS_TOKEN to a PAT with Release (read, write & execute) and Build (read) scopes, or sign in with Entra ID.',
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

export function isJson(response: Response): boolean {
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
