import { PndError } from '../core/errors.ts';

/**
 * What a failed read means for a check: the resource is not there (a verdict: `fail`, naming
 * it), or an error pnd raises (bad credentials, a missing permission, throttling, an outage).
 */
export type ReadFailure = { notFound: string } | { error: PndError };

export interface ReadContext {
  /** The API and resource, e.g. "Kubernetes GET /apis/apps/v1/namespaces/default/daemonsets/x in c". */
  where: string;
  /** The permission the read needs, named as the vendor's role editor names it. */
  permission: string;
  /** The resource for a not-found sentence, e.g. "DaemonSet default/x in cluster c". */
  resource: string;
  /** Who refused, for the message: "Azure Resource Manager", "Kubernetes". */
  vendor?: string;
  /** How to give the check a valid credential for this vendor. */
  credentialHint?: string;
  /** Who pnd was at the vendor (never the secret): "PND_KUBERNETES_TOKEN_C", a kubeconfig user. */
  identity?: string;
}

/** Maps an HTTP status (the one place per provider calls this) to pnd's outcome. */
export function readFailure(
  status: number | undefined,
  context: ReadContext,
  cause: unknown,
  vendorCode?: string,
): ReadFailure {
  const details = { where: context.where, ...(vendorCode ? { vendorCode } : {}) };
  if (status === 404)
    return {
      notFound: `${context.resource} was not found${vendorCode && vendorCode !== 'NotFound' ? ` (${vendorCode})` : ''}.`,
    };
  if (status === 401)
    return {
      error: new PndError(
        'auth-failed',
        context.vendor
          ? `${context.vendor} did not accept the credentials.`
          : 'The credentials were refused.',
        {
          cause,
          details: {
            ...details,
            ...(context.vendor ? { vendor: context.vendor } : {}),
            ...(context.identity ? { identity: context.identity } : {}),
            hint: context.credentialHint ?? 'Check the token or sign in again (az login, kubeconfig).',
          },
        },
      ),
    };
  if (status === 403 && vendorCode !== 'TooManyRequests')
    return {
      error: new PndError('forbidden', 'The identity lacks a permission the check needs.', {
        cause,
        details: {
          ...details,
          ...(context.vendor ? { vendor: context.vendor } : {}),
          ...(context.identity ? { identity: context.identity } : {}),
          permission: context.permission,
          hint: `Grant ${context.permission}${context.identity ? ` to ${context.identity}` : ''}.`,
          docs: 'docs/checks.md',
        },
      }),
    };
  if (status === 429 || status === 403)
    return { error: new PndError('rate-limited', 'The API throttled the check.', { cause, details }) };
  if (status === undefined)
    return { error: new PndError('network', 'The API could not be reached.', { cause, details }) };
  return {
    error: new PndError('remote-failed', 'The API answered with an error.', {
      cause,
      details: { ...details, status },
    }),
  };
}
