import { ERROR_CATALOGUE, type PndErrorCode } from './error-catalogue.ts';

export type { PndErrorCode } from './error-catalogue.ts';

/**
 * The one error type pnd raises on purpose. Every provider maps its HTTP failures to these in one
 * place; the CLI maps `code` to an exit code. Messages are static sentences; specifics live in
 * `details` so they can be printed, logged or serialised without string parsing.
 */
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

  /** Where to read more: the raising site's page, else the catalogue's for the code. */
  get docs(): string {
    return typeof this.details.docs === 'string' ? this.details.docs : ERROR_CATALOGUE[this.code].docs;
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
  /** A person holds the target: a team lock (`pnd lock`) or a freeze day. */
  held: 7,
  interrupted: 130,
} as const;

export function exitCodeFor(error: unknown): number {
  return error instanceof PndError ? ERROR_CATALOGUE[error.code].exit : EXIT.failed;
}
