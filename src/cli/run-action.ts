import { EXIT, exitCodeFor } from '../core/errors.ts';
import { errorToJson, formatError, printJson } from './output.ts';

export interface GlobalOptions {
  json?: boolean;
}

/**
 * Wraps a command's action: the action returns its exit code (or nothing for 0) and may throw;
 * thrown errors are printed once, as JSON under --json, and mapped to documented exit codes.
 */
export function runAction<A extends unknown[]>(
  fn: (...args: A) => Promise<number | void> | number | void,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    const command = args[args.length - 1] as { optsWithGlobals?: () => GlobalOptions } | undefined;
    const json = Boolean(command?.optsWithGlobals?.().json);
    try {
      const code = await fn(...args);
      process.exitCode = code ?? EXIT.ok;
    } catch (error) {
      if (json) printJson(errorToJson(error));
      else process.stderr.write(`${formatError(error)}\n`);
      process.exitCode = exitCodeFor(error);
    }
  };
}
