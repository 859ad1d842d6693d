import type { EntryKind, JournalEntry, ResultOutcome, RunOutcome, RunRecord, TeamLock } from './types.ts';

/**
 * The journal's two tables as both drivers read them back. Ids are numbers in SQLite and strings
 * in PostgreSQL (`pg` returns BIGINT as text); everything else is the same, so one mapping serves
 * both.
 */
type Id = number | string;

export interface EntryRow {
  id: Id;
  run_id: Id;
  at: string;
  kind: string;
  step: string | null;
  key: string | null;
  action: string | null;
  target: string | null;
  outcome: string | null;
  intent_id: Id | null;
  data: string | null;
}

export interface RunRow {
  id: Id;
  command: string;
  week: string | null;
  env: string | null;
  args: string;
  actor: string | null;
  started_at: string;
  finished_at: string | null;
  outcome: string;
  summary: string | null;
}

export function entryFromRow(row: EntryRow): JournalEntry {
  return {
    id: Number(row.id),
    runId: Number(row.run_id),
    at: row.at,
    kind: row.kind as EntryKind,
    step: row.step,
    key: row.key,
    action: row.action,
    target: row.target,
    outcome: row.outcome as ResultOutcome | null,
    intentId: row.intent_id === null ? null : Number(row.intent_id),
    data: row.data === null ? null : (JSON.parse(row.data) as unknown),
  };
}

export function runFromRow(row: RunRow): RunRecord {
  return {
    id: Number(row.id),
    command: row.command,
    week: row.week,
    env: row.env,
    args: JSON.parse(row.args) as Record<string, unknown>,
    actor: row.actor,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    outcome: row.outcome as RunOutcome,
    summary: row.summary === null ? null : (JSON.parse(row.summary) as unknown),
  };
}

export interface TeamLockRow {
  id: Id;
  env: string;
  component: string | null;
  reason: string;
  author: string;
  author_source: string;
  created_at: string;
  until: string | null;
  released_at: string | null;
  released_by: string | null;
}

export function teamLockFromRow(row: TeamLockRow): TeamLock {
  return {
    id: Number(row.id),
    env: row.env,
    component: row.component,
    reason: row.reason,
    author: row.author,
    authorSource: row.author_source,
    createdAt: row.created_at,
    until: row.until,
    releasedAt: row.released_at,
    releasedBy: row.released_by,
  };
}
