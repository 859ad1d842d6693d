import { ApiException } from '@kubernetes/client-node';
import { readFailure, type ReadContext, type ReadFailure } from '../../checks/read-error.ts';

/**
 * The Kubernetes checks' one error mapping. The client throws ApiException with the HTTP code and
 * the Status body (reason NotFound, Forbidden, ...) as text; anything else is a network error.
 */
export function kubernetesReadFailure(error: unknown, context: ReadContext): ReadFailure {
  if (error instanceof ApiException) {
    return readFailure(error.code, context, error, statusReason(error.body));
  }
  return readFailure(undefined, context, error);
}

function statusReason(body: unknown): string | undefined {
  try {
    const parsed = (typeof body === 'string' ? JSON.parse(body) : body) as { reason?: unknown } | undefined;
    return typeof parsed?.reason === 'string' ? parsed.reason : undefined;
  } catch {
    return undefined;
  }
}
