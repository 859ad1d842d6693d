import { join } from 'node:path';
import envPaths from 'env-paths';
import type { Clock } from '../core/clock.ts';
import { secretsIn } from './redact.ts';
import { SqliteJournal } from './sqlite-journal.ts';
import type { Journal } from './types.ts';

export type * from './types.ts';
export { SqliteJournal } from './sqlite-journal.ts';
export { redactor, secretsIn } from './redact.ts';

/**
 * Where the journal lives unless told otherwise: PND_JOURNAL, else the platform's state directory
 * ($XDG_STATE_HOME/pnd or ~/.local/state/pnd on Linux, ~/Library/Application Support/pnd on macOS,
 * %LOCALAPPDATA%\pnd\Data on Windows).
 */
export function defaultJournalPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PND_JOURNAL) return env.PND_JOURNAL;
  const paths = envPaths('pnd', { suffix: '' });
  // On Linux env-paths' `log` is XDG_STATE_HOME, the XDG home of "actions history"; elsewhere
  // the platform has no state directory and application data is the convention.
  return join(process.platform === 'linux' ? paths.log : paths.data, 'journal.sqlite');
}

/** Opens the journal; asynchronous because a networked driver connects before it answers. */
export async function openJournal(
  options: { path?: string; clock?: Clock; env?: NodeJS.ProcessEnv } = {},
): Promise<Journal> {
  const env = options.env ?? process.env;
  return new SqliteJournal({
    path: options.path ?? defaultJournalPath(env),
    clock: options.clock,
    secrets: secretsIn(env),
  });
}
