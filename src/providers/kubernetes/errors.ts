import { readFailure, type ReadContext, type ReadFailure } from '../../checks/read-error.ts';

/**
 * The Kubernetes checks' one error mapping. The client throws ApiException with the HTTP code and
 * the Status body (reason NotFound, Forbidden, ...) as text; anything else is a network error.
 */
export function kubernetesReadFailure(error: unknown, context: ReadContext): ReadFailure {
  if (isApiException(error)) {
    return readFailure(error.code, context, error, statusReason(error.body));
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
