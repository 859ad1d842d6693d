import { PndError } from '../../core/errors.ts';
import { networkFailureOf } from '../network-failure.ts';
import { azureCredentialError } from '../azure/errors.ts';
import { readFailure, type ReadContext, type ReadFailure } from '../../checks/read-error.ts';

/**
 * The Kubernetes checks' one error mapping. The client throws ApiException with the HTTP code and
 * the Status body (reason NotFound, Forbidden, ...) as text; a failure below HTTP is named for
 * what it is (refused, DNS, certificate, timeout, reset).
 */
export function kubernetesReadFailure(error: unknown, context: ReadContext): ReadFailure {
  // The Entra ID token for AKS could not be had (no sign-in, or Entra refused it): nothing was sent.
  if (error instanceof PndError) return { error };
  const credential = azureCredentialError(error, context.where, 'Kubernetes (AKS)');
  if (credential) return { error: credential };
  if (isApiException(error)) {
    return readFailure(
      error.code,
      {
        vendor: 'Kubernetes',
        credentialHint:
          'Refresh the cluster credentials (az aks get-credentials, kubelogin) or PND_KUBERNETES_TOKEN for clusters under endpoints.kubernetes.',
        ...context,
      },
      error,
      statusReason(error.body),
    );
  }
  const network = networkFailureOf(error);
  if (network) {
    return {
      error: new PndError(network.code, network.message('Kubernetes'), {
        cause: error,
        details: { where: context.where, cause: network.cause, hint: network.hint('Kubernetes') },
      }),
    };
  }
  return readFailure(undefined, context, error);
}

/**
 * The client's ApiException, recognised by its shape rather than its class: importing the class
 * would load the whole SDK into every command that merely might run a Kubernetes check.
 */
function isApiException(error: unknown): error is { code: number; body: unknown } {
  const e = error as { code?: unknown; body?: unknown; headers?: unknown } | undefined;
  return error instanceof Error && typeof e?.code === 'number' && 'body' in error && 'headers' in error;
}

function statusReason(body: unknown): string | undefined {
  try {
    const parsed = (typeof body === 'string' ? JSON.parse(body) : body) as { reason?: unknown } | undefined;
    return typeof parsed?.reason === 'string' ? parsed.reason : undefined;
  } catch {
    return undefined;
  }
}
