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
  /** The checklist step this belongs to, e.g. `deploy.authentication.tt02`. */
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
 * after it, so a crash between the two is visible to the next run as an open intent.
 */
export interface Journal {
  readonly path: string;
  startRun(run: NewRun): number;
  finishRun(runId: number, outcome: Exclude<RunOutcome, 'running'>, summary?: unknown): void;
  intent(runId: number, intent: NewIntent): number;
  result(intentId: number, outcome: ResultOutcome, detail?: unknown): void;
  evidence(runId: number, evidence: { kind: string; step?: string; key?: string; data: unknown }): number;
  override(runId: number, override: { step: string; reason: string; data?: unknown }): number;
  /** Intents of `key` that never got a result: a run stopped between the call and its record. */
  openIntents(key: string): JournalEntry[];
  /** The newest result recorded for `key`. */
  lastResult(key: string): JournalEntry | undefined;
  entries(filter?: EntryFilter): JournalEntry[];
  runs(): RunRecord[];
  close(): void;
}
