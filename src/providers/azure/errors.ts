import { readFailure, type ReadContext, type ReadFailure } from '../../checks/read-error.ts';

/**
 * The Azure checks' one error mapping. The ARM SDKs throw RestError with `statusCode` and the
 * error envelope's `code` (ResourceNotFound, AuthorizationFailed, InvalidAuthenticationToken...);
 * duck-typed so that both SDKs' copies of core-rest-pipeline match.
 */
export function armReadFailure(error: unknown, context: ReadContext): ReadFailure {
  const e = error as { name?: unknown; statusCode?: unknown; code?: unknown } | undefined;
  if (e && e.name === 'RestError' && typeof e.statusCode === 'number') {
    return readFailure(e.statusCode, context, error, typeof e.code === 'string' ? e.code : undefined);
  }
  return readFailure(undefined, context, error);
}

/** The Azure portal page of a resource, from its ARM id. */
export function portalLink(resourceId: string): string {
  return `https://portal.azure.com/#@/resource${resourceId}`;
}
