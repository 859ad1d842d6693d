import { join } from 'node:path';
import envPaths from 'env-paths';
import type { Clock } from '../core/clock.ts';
import { PostgresJournal } from './postgres-journal.ts';
import { secretsIn } from './redact.ts';
import { SqliteJournal } from './sqlite-journal.ts';
import type { Journal } from './types.ts';

export type * from './types.ts';
export type { HeldLock, LockHolder, LockRequest } from './locks.ts';
export { SqliteJournal } from './sqlite-journal.ts';
export { PostgresJournal, displayUrl } from './postgres-journal.ts';
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

/** A PostgreSQL connection string rather than a file path. */
export function isDatabaseUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/**
 * Where the journal is, most specific first: an explicit location (`--journal` or PND_JOURNAL, a
 * path or a postgres:// URL), else PND_JOURNAL_URL, else `journal.url` in pnd.yaml, else the
 * SQLite file in the platform state directory.
 */
export function journalLocation(
  options: { location?: string; configUrl?: string },
  env: NodeJS.ProcessEnv = process.env,
): string {
  return options.location ?? env.PND_JOURNAL_URL ?? options.configUrl ?? defaultJournalPath(env);
}

/**
 * Opens the journal: SQLite for a path, PostgreSQL for a postgres:// URL (TLS as its `sslmode`
 * says). Asynchronous because a networked driver connects before it answers.
 */
export async function openJournal(
  options: {
    path?: string;
    clock?: Clock;
    env?: NodeJS.ProcessEnv;
    schema?: string;
    /** Reading only (status): SQLite opens the file read-only and writes nothing. */
    readOnly?: boolean;
  } = {},
): Promise<Journal> {
  const env = options.env ?? process.env;
  const location = options.path ?? defaultJournalPath(env);
  if (isDatabaseUrl(location)) {
    return PostgresJournal.open({
      url: location,
      clock: options.clock,
      secrets: secretsIn(env),
      ...(options.schema ? { schema: options.schema } : {}),
    });
  }
  return new SqliteJournal({
    path: location,
    clock: options.clock,
    secrets: secretsIn(env),
    ...(options.readOnly ? { readOnly: true } : {}),
  });
}
