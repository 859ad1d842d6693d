import { styleText } from 'node:util';
import { formatProblem, type ConfigProblem } from '../config/problems.ts';
import { ERROR_CATALOGUE } from '../core/error-catalogue.ts';
import { PndError } from '../core/errors.ts';

/**
 * Terminal output that honours NO_COLOR (https://no-color.org) and FORCE_COLOR, and never colours
 * a stream that is not a terminal. `--json` output goes through `printJson` only.
 */
export function useColor(stream: NodeJS.WriteStream = process.stdout): boolean {
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0') return true;
  return Boolean(stream.isTTY);
}

type Style = 'red' | 'green' | 'yellow' | 'cyan' | 'bold' | 'dim';

export function paint(style: Style, text: string, stream: NodeJS.WriteStream = process.stdout): string {
  return useColor(stream) ? styleText(style, text, { validateStream: false }) : text;
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** One error, for people: what happened, where, what to do. */
export function formatError(error: unknown): string {
  const err = process.stderr;
  if (error instanceof PndError) {
    const lines = [`${paint('red', 'error', err)} ${error.message}`];
    const { where, hint, problems } = error.details;
    // Located problems (a file's, with line:col) are all printed; one `where` otherwise.
    if (Array.isArray(problems) && problems.length > 0) {
      for (const problem of problems as ConfigProblem[])
        lines.push(...formatProblem(problem).map((l) => `  ${l}`));
    } else if (where) lines.push(`  at ${where}`);
    // The raising site's hint when it has one, else the catalogue's for the code.
    lines.push(
      `  ${paint('dim', 'hint:', err)} ${typeof hint === 'string' ? hint : ERROR_CATALOGUE[error.code].hint}`,
    );
    lines.push(`  ${paint('dim', 'docs:', err)} ${error.docs}`);
    return lines.join('\n');
  }
  const message = error instanceof Error ? error.message : String(error);
  return `${paint('red', 'error', err)} ${message}`;
}

export function errorToJson(error: unknown): Record<string, unknown> {
  if (error instanceof PndError)
    return { error: { code: error.code, message: error.message, ...error.details } };
  return { error: { code: 'internal', message: error instanceof Error ? error.message : String(error) } };
}
