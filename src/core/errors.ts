/**
 * The one error type pnd raises on purpose. Every provider maps its HTTP failures to these in one
 * place; the CLI maps `code` to an exit code. Messages are static sentences; specifics live in
 * `details` so they can be printed, logged or serialised without string parsing.
 */
export type PndErrorCode =
  | 'config-invalid'
  | 'input-invalid'
  | 'not-found'
  | 'auth-failed'
  | 'forbidden'
  | 'rate-limited'
  | 'conflict'
  | 'remote-failed'
  | 'network'
  /** Nothing listens at the address (ECONNREFUSED). */
  | 'connection-refused'
  /** The host name does not resolve (ENOTFOUND, EAI_AGAIN). */
  | 'dns-failed'
  /** The server's certificate was not accepted: an unknown CA, expired, another host's. */
  | 'tls-failed'
  /** A request got no answer within its timeout. */
  | 'timeout'
  /** The connection was dropped before the answer (ECONNRESET). */
  | 'connection-reset'
  /** No credential for a vendor was found: nothing was sent. */
  | 'credential-missing'
  /** A wait (rate limit, pending check, deploy) would end after the command's --timeout. */
  | 'wait-timeout'
  /** Another run holds the environment's lock (`pnd deploy --wait`). */
  | 'locked'
  | 'internal';

export interface PndErrorDetails {
  /** Where: "file:line:col", or "API resource" such as "GitHub GET /repos/o/r/issues". */
  where?: string;
  /** What to do about it. */
  hint?: string;
  docs?: string;
  [key: string]: unknown;
}

export interface PndErrorOptions {
  details?: PndErrorDetails;
  cause?: unknown;
}

export class PndError extends Error {
  readonly code: PndErrorCode;
  readonly details: PndErrorDetails;

  constructor(code: PndErrorCode, message: string, options: PndErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PndError';
    this.code = code;
    this.details = options.details ?? {};
  }
}

/** Documented exit codes (docs/cli.md). */
export const EXIT = {
  ok: 0,
  failed: 1,
  badInput: 2,
  blockedByPolicy: 3,
  authFailed: 4,
  /** A wait went past --timeout (a deploy, a check, a rate limit's Retry-After). */
  timedOut: 5,
  /** Another run is acting on the environment (its lock is held). */
  locked: 6,
  interrupted: 130,
} as const;

export function exitCodeFor(error: unknown): number {
  if (!(error instanceof PndError)) return EXIT.failed;
  switch (error.code) {
    case 'config-invalid':
    case 'input-invalid':
      return EXIT.badInput;
    case 'auth-failed':
    case 'forbidden':
    case 'credential-missing':
      return EXIT.authFailed;
    case 'wait-timeout':
      return EXIT.timedOut;
    case 'locked':
      return EXIT.locked;
    default:
      return EXIT.failed;
  }
}
