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
  runs(): Promise<RunRecord[]>;
  /**
   * One train at a time: holds `env` for this run until released or the process (or its session)
   * ends. Waits up to `waitMs` for another holder; then fails with a `locked` PndError naming it.
   */
  lockEnvironment(env: string, request: LockRequest): Promise<HeldLock>;
  /** The schema version the journal is at, and the newest this pnd knows (`pnd journal migrate`). */
  schemaVersion(): Promise<{ current: number; known: number }>;
  close(): Promise<void>;
}
