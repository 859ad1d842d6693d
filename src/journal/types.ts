import type { HeldLock, LockRequest } from './locks.ts';

/** What the journal records (DESIGN.md §3): runs, and per run the steps, intents, results and evidence. */

export type RunOutcome = 'running' | 'succeeded' | 'failed' | 'blocked' | 'interrupted';
export type EntryKind = 'intent' | 'result' | 'evidence' | 'override' | 'note';
export type ResultOutcome =
  /** pnd made the change. */
  | 'done'
  /** The remote state already was so (a person, or an earlier run that crashed before recording). */
  | 'already'
  | 'failed'
  | 'skipped';

export interface RunRecord {
  id: number;
  command: string;
  week: string | null;
  env: string | null;
  args: Record<string, unknown>;
  actor: string | null;
  startedAt: string;
  finishedAt: string | null;
  outcome: RunOutcome;
  summary: unknown;
}

export interface JournalEntry {
  id: number;
  runId: number;
  at: string;
  kind: EntryKind;
  /** The checklist step this belongs to, e.g. `deploy.authentication.staging`. */
  step: string | null;
  /** Identity of one remote effect, e.g. `ado:brreg/altinn-studio:approval:1234:approve`. */
  key: string | null;
  action: string | null;
  target: string | null;
  outcome: ResultOutcome | null;
  /** For a result: the intent it answers. */
  intentId: number | null;
  data: unknown;
}

export interface NewRun {
  command: string;
  week?: string;
  env?: string;
  args?: Record<string, unknown>;
  actor?: string;
}

export interface NewIntent {
  key: string;
  step?: string;
  action: string;
  target: string;
  detail?: unknown;
}

export interface EntryFilter {
  runId?: number;
  key?: string;
  kind?: EntryKind;
  step?: string;
  /** Entries at or after this instant (ISO, as `at` is stored). */
  since?: string;
  /** Entries before this instant (ISO). */
  until?: string;
  /** Entries whose `action` is one of these (an evidence entry's kind is its action). */
  actions?: readonly string[];
}

export interface RunFilter {
  /** Runs started at or after this instant (ISO). */
  since?: string;
  /** Runs started before this instant (ISO). */
  until?: string;
}

/** A table as `pnd journal export` carries it: its name, its columns in order and its rows. */
export interface TableShape {
  name: string;
  columns: string[];
  /** Tables this one's foreign keys point at (written first on import). */
  references: string[];
}

export interface TableRows extends TableShape {
  /** One array per row, values in `columns` order: text, integer (as a number) or null. */
  rows: unknown[][];
}

/**
 * A team lock (`pnd lock`): a person holding an environment, or one component of it, out of the
 * train with a reason — "hands off staging while we migrate". Not the run lock (`lockEnvironment`),
 * which keeps two pnd runs apart and ends with its process.
 */
export interface TeamLock {
  id: number;
  env: string;
  /** Only this component of the environment; null holds the whole environment. */
  component: string | null;
  reason: string;
  /** Who took it: a GitHub login, or a name from the environment when no login is known. */
  author: string;
  /** Where `author` came from (`github`, `PND_ACTOR`, `GITHUB_ACTOR`, `os-user`). */
  authorSource: string;
  createdAt: string;
  /** ISO time it lapses by itself; null: until someone unlocks it. */
  until: string | null;
  releasedAt: string | null;
  releasedBy: string | null;
}

export interface NewTeamLock {
  env: string;
  component?: string;
  reason: string;
  until?: string;
  author: string;
  authorSource: string;
}

/**
 * The storage contract. The engine writes an intent before every remote mutation and a result
 * after it, so a crash between the two is visible to the next run as an open intent. Every method
 * is asynchronous so a networked driver (PostgreSQL) fits the same contract as the local SQLite
 * file; callers must await each write before the remote call it announces.
 */
export interface Journal {
  readonly path: string;
  startRun(run: NewRun): Promise<number>;
  finishRun(runId: number, outcome: Exclude<RunOutcome, 'running'>, summary?: unknown): Promise<void>;
  intent(runId: number, intent: NewIntent): Promise<number>;
  result(intentId: number, outcome: ResultOutcome, detail?: unknown): Promise<void>;
  evidence(
    runId: number,
    evidence: { kind: string; step?: string; key?: string; data: unknown },
  ): Promise<number>;
  override(runId: number, override: { step: string; reason: string; data?: unknown }): Promise<number>;
  /** Intents of `key` that never got a result: a run stopped between the call and its record. */
  openIntents(key: string): Promise<JournalEntry[]>;
  /** The newest result recorded for `key`. */
  lastResult(key: string): Promise<JournalEntry | undefined>;
  entries(filter?: EntryFilter): Promise<JournalEntry[]>;
  runs(filter?: RunFilter): Promise<RunRecord[]>;
  /**
   * Every table that holds the record (not the schema bookkeeping, not the live lock holders),
   * with its rows, for `pnd journal export`: read generically from the database's catalogue, so a
   * table a later migration adds is carried without a change here.
   */
  dumpTables(): Promise<TableRows[]>;
  /**
   * Writes rows as they are (ids and timestamps kept) in one transaction, referenced tables first,
   * for `pnd journal import`; the journal must have every table and column given.
   */
  loadTables(tables: readonly TableRows[]): Promise<void>;
  /**
   * One train at a time: holds `env` for this run until released or the process (or its session)
   * ends. Waits up to `waitMs` for another holder; then fails with a `locked` PndError naming it.
   */
  lockEnvironment(env: string, request: LockRequest): Promise<HeldLock>;
  /** Records a team lock (`pnd lock`); returns it as stored. */
  addTeamLock(lock: NewTeamLock): Promise<TeamLock>;
  /**
   * Releases the active team locks of `env` (and `component`, or the environment-wide ones when
   * it is absent), recording who and when; the rows stay as history. Returns the locks released.
   */
  releaseTeamLocks(release: { env: string; component?: string; by: string }): Promise<TeamLock[]>;
  /** Team locks in force at `at` (ISO time): not released, and not lapsed by their `until`. */
  activeTeamLocks(at: string): Promise<TeamLock[]>;
  /** Every team lock ever taken, oldest first. */
  teamLocks(): Promise<TeamLock[]>;
  /** The schema version the journal is at, and the newest this pnd knows (`pnd journal migrate`). */
  schemaVersion(): Promise<{ current: number; known: number }>;
  close(): Promise<void>;
}
