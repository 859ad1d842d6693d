import { PndError } from '../../core/errors.ts';
import { networkFailureOf } from '../network-failure.ts';
import { readFailure, type ReadContext, type ReadFailure } from '../../checks/read-error.ts';

/** How to give pnd an Azure identity (DefaultAzureCredential's chain, in its order). */
export const AZURE_CREDENTIAL_HINT =
  'Sign in with `az login` (or `azd auth login`); in CI set AZURE_TENANT_ID and AZURE_CLIENT_ID with AZURE_CLIENT_SECRET, AZURE_CLIENT_CERTIFICATE_PATH or AZURE_FEDERATED_TOKEN_FILE (workload identity); on Azure, assign a managed identity. See docs/providers/azure.md.';

/**
 * The Azure checks' one error mapping. The ARM SDKs throw RestError with `statusCode` and the
 * error envelope's `code` (ResourceNotFound, AuthorizationFailed, InvalidAuthenticationToken...);
 * duck-typed so that both SDKs' copies of core-rest-pipeline match. A credential that could not
 * produce a token throws before any request is sent: that is a missing sign-in, not an outage.
 */
export function armReadFailure(error: unknown, context: ReadContext): ReadFailure {
  const credential = azureCredentialError(error, context.where);
  if (credential) return { error: credential };
  const e = error as { name?: unknown; statusCode?: unknown; code?: unknown } | undefined;
  if (e && e.name === 'RestError' && typeof e.statusCode === 'number') {
    return readFailure(
      e.statusCode,
      { vendor: 'Azure Resource Manager', credentialHint: AZURE_CREDENTIAL_HINT, ...context },
      error,
      typeof e.code === 'string' ? e.code : undefined,
    );
  }
  // core-rest-pipeline ends a request past its `timeout` (set on every request, see
  // providers/azure/clients.ts) with a bare AbortError; pnd passes ARM no abort signal of its own.
  const network =
    networkFailureOf(error) ??
    ((error as { name?: unknown } | undefined)?.name === 'AbortError'
      ? networkFailureOf(Object.assign(new Error('request timeout'), { name: 'TimeoutError' }))
      : undefined);
  if (network) {
    return {
      error: new PndError(network.code, network.message('Azure Resource Manager'), {
        cause: error,
        details: { where: context.where, cause: network.cause, hint: network.hint('Azure Resource Manager') },
      }),
    };
  }
  return readFailure(undefined, context, error);
}

/**
 * @azure/identity's errors, by name (its classes may come from several copies): no credential in
 * the chain could even try (CredentialUnavailableError, or all of them in an aggregate) → exit 4
 * with how to sign in; a credential the token endpoint refused (AuthenticationError) → auth-failed.
 */
export function azureCredentialError(
  error: unknown,
  where: string,
  vendor = 'Azure Resource Manager',
): PndError | undefined {
  const e = error as { name?: unknown; errors?: unknown; message?: unknown } | undefined;
  if (!e || typeof e.name !== 'string') return undefined;
  // @azure/identity 4 wraps some token endpoint refusals (AADSTS7000215, a wrong secret) in
  // AuthenticationRequiredError: one that quotes an AADSTS code is Entra refusing, not a missing sign-in.
  const refusedByEntra = (x: unknown) =>
    /AADSTS\d+/.test(String((x as { message?: unknown })?.message ?? ''));
  const unavailable = (x: unknown) =>
    ['CredentialUnavailableError', 'AuthenticationRequiredError'].includes(
      String((x as { name?: unknown })?.name),
    ) && !refusedByEntra(x);
  // MSAL could not fetch the authority's metadata or token endpoint: @azure/identity reports
  // that as "unavailable" with the cause dropped, though a sign-in exists. Say it is the network
  // (a private CA or proxy certificate, DNS), not a missing credential.
  // Off Azure, ManagedIdentityCredential's probe of the instance metadata endpoint fails with
  // network_error too: that is the normal "no managed identity here", not an unreachable Entra ID,
  // so in DefaultAzureCredential's aggregate only the other credentials' failures count.
  const messages =
    e.name === 'AggregateAuthenticationError' && Array.isArray(e.errors)
      ? e.errors
          .map((x) => String((x as { message?: unknown })?.message ?? ''))
          .filter((m) => !m.startsWith('ManagedIdentityCredential'))
      : [String(e.message ?? '')];
  const unreachable = messages
    .map((m) => /\b(endpoints_resolution_error|network_error)\b/.exec(m))
    .find((m) => m !== null);
  if (unreachable && !refusedByEntra(e)) {
    return new PndError('network', `Entra ID could not be reached to sign in for ${vendor}.`, {
      cause: error,
      details: {
        where,
        vendor: 'Entra ID',
        cause: `MSAL ${unreachable[1]}`,
        hint: `Check that AZURE_AUTHORITY_HOST (default https://login.microsoftonline.com) answers from this machine: a proxy's or private CA's certificate must be added with NODE_EXTRA_CA_CERTS=/path/ca.pem (TLS verification is never turned off); check DNS and the proxy.`,
      },
    });
  }
  const missing =
    unavailable(e) ||
    (e.name === 'AggregateAuthenticationError' && Array.isArray(e.errors) && e.errors.every(unavailable));
  if (missing) {
    return new PndError(
      'credential-missing',
      `No Azure credential was found, so no ${vendor} request was sent.`,
      {
        cause: error,
        details: {
          where,
          vendor,
          credential: 'an Entra ID identity (DefaultAzureCredential)',
          hint: AZURE_CREDENTIAL_HINT,
        },
      },
    );
  }
  if (e.name === 'AuthenticationError' || e.name === 'AggregateAuthenticationError' || refusedByEntra(e)) {
    return new PndError('auth-failed', `Entra ID refused the Azure credential pnd uses for ${vendor}.`, {
      cause: error,
      details: {
        where,
        vendor,
        ...(identityOf(error) ? { identity: identityOf(error) } : {}),
        hint: `Check the identity's secret, certificate or federation, or sign in again. ${AZURE_CREDENTIAL_HINT}`,
      },
    });
  }
  return undefined;
}

/** The client id @azure/identity names in its message (AADSTS700016 and the like), if any. */
function identityOf(error: unknown): string | undefined {
  const message = String((error as { message?: unknown })?.message ?? '');
  return /(?:identifier|app) '([0-9a-f-]{36})'/i.exec(message)?.[1];
}

/** The Azure portal page of a resource, from its ARM id. */
export function portalLink(resourceId: string): string {
  return `https://portal.azure.com/#@/resource${resourceId}`;
}
