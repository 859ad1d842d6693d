import type { PndErrorCode } from '../core/errors.ts';

/**
 * What went wrong below HTTP, read from the error Node, undici or an SDK threw (the code sits on
 * the error or somewhere down its `cause` chain). Each provider's errors.ts turns it into a
 * PndError with the vendor's name; this file only knows sockets, DNS and TLS.
 */
export interface NetworkFailure {
  code: Extract<
    PndErrorCode,
    'connection-refused' | 'dns-failed' | 'tls-failed' | 'timeout' | 'connection-reset'
  >;
  /** The system's own code, e.g. ECONNREFUSED, ENOTFOUND, SELF_SIGNED_CERT_IN_CHAIN. */
  cause: string;
  /** One sentence naming the problem, with the vendor's name filled in. */
  message: (vendor: string) => string;
  /** What to do about it. */
  hint: (vendor: string) => string;
}

/** Where a CA is added: Node's own variable (read at start), or a cluster's caFile in pnd.yaml. */
export const CA_HINT =
  'If a proxy or a private CA signs the server’s certificate, add that CA with NODE_EXTRA_CA_CERTS=/path/ca.pem (a cluster under endpoints.kubernetes: its caFile); check the system clock for an expired certificate. TLS verification is never turned off.';

const TLS_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REVOKED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'HOSTNAME_MISMATCH',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'EPROTO',
]);

const TIMEOUT_CODES = new Set([
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ESOCKETTIMEDOUT',
]);

const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'ECONNABORTED', 'UND_ERR_CLOSED']);

/**
 * A failure that the same request will meet again at once: a certificate pnd does not accept, or
 * a host name DNS says does not exist. Retrying these only makes the user wait for the backoff
 * (GitHub's 1 + 4 + 9 s) before the same message; a refused or reset connection, a timeout, or
 * DNS not answering in time (EAI_AGAIN) may pass, and are still retried.
 */
export function isLastingNetworkFailure(error: unknown): boolean {
  const failure = networkFailureOf(error);
  return failure?.code === 'tls-failed' || (failure?.code === 'dns-failed' && failure.cause !== 'EAI_AGAIN');
}

/** The network failure inside `error`, if that is what it is (walks `cause`, at most 8 deep). */
export function networkFailureOf(error: unknown): NetworkFailure | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current; depth++) {
    const found = classify(current);
    if (found) return found;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function classify(error: unknown): NetworkFailure | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as { code?: unknown; name?: unknown; message?: unknown };
  const code = typeof e.code === 'string' ? e.code : undefined;
  const name = typeof e.name === 'string' ? e.name : undefined;
  if (code === 'ECONNREFUSED')
    return {
      code: 'connection-refused',
      cause: code,
      message: (v) => `${v} refused the connection.`,
      hint: (v) =>
        `Nothing listens at ${v}'s address: check the URL in pnd.yaml (endpoints) or GITHUB_API_URL, and the proxy or firewall.`,
    };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME' || code === 'EAI_FAIL')
    return {
      code: 'dns-failed',
      cause: code,
      message: (v) => `${v}'s host name could not be resolved.`,
      hint: () =>
        code === 'EAI_AGAIN'
          ? 'DNS did not answer in time: check the network connection and DNS, then run the command again.'
          : 'Check the host name in pnd.yaml (endpoints) or GITHUB_API_URL, and the network’s DNS.',
    };
  if (code && (TLS_CODES.has(code) || code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_')))
    return {
      code: 'tls-failed',
      cause: code,
      message: (v) => `${v}'s TLS certificate was not accepted (a certificate problem: ${code}).`,
      hint: () => CA_HINT,
    };
  if ((code && TIMEOUT_CODES.has(code)) || name === 'TimeoutError')
    return {
      code: 'timeout',
      cause: code ?? name ?? 'TimeoutError',
      message: (v) => `${v} did not answer in time.`,
      hint: (v) => `${v} or the network is slow or down: run the same command again later (it resumes).`,
    };
  if (code && RESET_CODES.has(code))
    return {
      code: 'connection-reset',
      cause: code,
      message: (v) => `${v} closed the connection before answering.`,
      hint: () => 'A proxy or the server dropped the connection: run the same command again (it resumes).',
    };
  return undefined;
}
