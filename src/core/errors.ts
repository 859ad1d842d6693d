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
  /** Another run is acting on the environment (its lock is held). */
  locked: 5,
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
      return EXIT.authFailed;
    case 'locked':
      return EXIT.locked;
    default:
      return EXIT.failed;
  }
}
