import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type SQLInputValue } from 'node:sqlite';
import { systemClock, type Clock } from '../core/clock.ts';
import { PndError } from '../core/errors.ts';
import { redactor } from './redact.ts';
import type {
  EntryFilter,
  EntryKind,
  Journal,
  JournalEntry,
  NewIntent,
  NewRun,
  ResultOutcome,
  RunOutcome,
  RunRecord,
} from './types.ts';

/** Each migration moves `PRAGMA user_version` up by one; they run in order, once. */
const MIGRATIONS = [
  `CREATE TABLE runs (
     id INTEGER PRIMARY KEY,
     command TEXT NOT NULL,
     week TEXT,
     env TEXT,
     args TEXT NOT NULL,
     actor TEXT,
     started_at TEXT NOT NULL,
     finished_at TEXT,
     outcome TEXT NOT NULL,
     summary TEXT
   );
   CREATE TABLE entries (
     id INTEGER PRIMARY KEY,
     run_id INTEGER NOT NULL REFERENCES runs(id),
     at TEXT NOT NULL,
     kind TEXT NOT NULL,
     step TEXT,
     key TEXT,
     action TEXT,
     target TEXT,
     outcome TEXT,
     intent_id INTEGER REFERENCES entries(id),
     data TEXT
   );
   CREATE INDEX entries_key ON entries(key, kind);
   CREATE INDEX entries_run ON entries(run_id);`,
];

export interface SqliteJournalOptions {
  path: string;
  clock?: Clock;
  /** Values that must never be stored (tokens): replaced wherever they occur. */
  secrets?: readonly string[];
}

interface EntryRow {
  id: number;
  run_id: number;
  at: string;
  kind: string;
  step: string | null;
  key: string | null;
  action: string | null;
  target: string | null;
  outcome: string | null;
  intent_id: number | null;
  data: string | null;
}

interface RunRow {
  id: number;
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

/**
 * The journal in SQLite through node:sqlite (no native add-on). WAL mode and synchronous=FULL:
 * an intent that returned is on disk before the remote call it announces is made, so a crash
 * right after the call still leaves the intent for the next run to find.
 */
export class SqliteJournal implements Journal {
  readonly path: string;
  readonly #db: DatabaseSync;
  readonly #clock: Clock;
  readonly #redact: (text: string) => string;

  constructor(options: SqliteJournalOptions) {
    this.path = options.path;
    this.#clock = options.clock ?? systemClock;
    this.#redact = redactor(options.secrets ?? []);
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
    try {
      this.#db = new DatabaseSync(options.path, { timeout: 5_000 });
      this.#db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;');
      this.#migrate();
    } catch (cause) {
      throw new PndError('input-invalid', 'The journal could not be opened.', {
        cause,
        details: {
          where: options.path,
          hint: 'Check that the file is a pnd journal and writable, or choose another with --journal PATH.',
        },
      });
    }
  }

  #migrate(): void {
    const { user_version: version } = this.#db.prepare('PRAGMA user_version').get() as {
      user_version: number;
    };
    if (version > MIGRATIONS.length) {
      throw new Error(`journal schema ${version} is newer than this pnd (${MIGRATIONS.length})`);
    }
    for (let next = version; next < MIGRATIONS.length; next++) {
      this.#db.exec('BEGIN');
      this.#db.exec(MIGRATIONS[next] as string);
      this.#db.exec(`PRAGMA user_version = ${next + 1}`);
      this.#db.exec('COMMIT');
    }
  }

  #now(): string {
    return new Date(this.#clock.now()).toISOString();
  }

  #json(value: unknown): string | null {
    return value === undefined ? null : this.#redact(JSON.stringify(value));
  }

  async startRun(run: NewRun): Promise<number> {
    const result = this.#db
      .prepare(
        `INSERT INTO runs (command, week, env, args, actor, started_at, outcome)
         VALUES (?, ?, ?, ?, ?, ?, 'running')`,
      )
      .run(
        this.#redact(run.command),
        run.week ?? null,
        run.env ?? null,
        this.#json(run.args ?? {}) as string,
        run.actor ?? null,
        this.#now(),
      );
    return Number(result.lastInsertRowid);
  }

  async finishRun(runId: number, outcome: Exclude<RunOutcome, 'running'>, summary?: unknown): Promise<void> {
    this.#db
      .prepare('UPDATE runs SET finished_at = ?, outcome = ?, summary = ? WHERE id = ?')
      .run(this.#now(), outcome, this.#json(summary), runId);
  }

  #insert(
    runId: number,
    kind: EntryKind,
    fields: {
      step?: string;
      key?: string;
      action?: string;
      target?: string;
      outcome?: ResultOutcome;
      intentId?: number;
      data?: unknown;
    },
  ): number {
    const values: SQLInputValue[] = [
      runId,
      this.#now(),
      kind,
      fields.step ?? null,
      fields.key ?? null,
      fields.action ?? null,
      fields.target === undefined ? null : this.#redact(fields.target),
      fields.outcome ?? null,
      fields.intentId ?? null,
      this.#json(fields.data),
    ];
    const result = this.#db
      .prepare(
        `INSERT INTO entries (run_id, at, kind, step, key, action, target, outcome, intent_id, data)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(...values);
    return Number(result.lastInsertRowid);
  }

  async intent(runId: number, intent: NewIntent): Promise<number> {
    return this.#insert(runId, 'intent', {
      key: intent.key,
      step: intent.step,
      action: intent.action,
      target: intent.target,
      data: intent.detail,
    });
  }

  async result(intentId: number, outcome: ResultOutcome, detail?: unknown): Promise<void> {
    const intent = this.#db
      .prepare('SELECT * FROM entries WHERE id = ? AND kind = ?')
      .get(intentId, 'intent') as EntryRow | undefined;
    if (!intent) throw new Error(`journal has no intent ${intentId}`);
    this.#insert(intent.run_id, 'result', {
      key: intent.key ?? undefined,
      step: intent.step ?? undefined,
      action: intent.action ?? undefined,
      target: intent.target ?? undefined,
      outcome,
      intentId,
      data: detail,
    });
  }

  async evidence(
    runId: number,
    evidence: { kind: string; step?: string; key?: string; data: unknown },
  ): Promise<number> {
    return this.#insert(runId, 'evidence', {
      step: evidence.step,
      key: evidence.key,
      action: evidence.kind,
      data: evidence.data,
    });
  }

  async override(runId: number, override: { step: string; reason: string; data?: unknown }): Promise<number> {
    return this.#insert(runId, 'override', {
      step: override.step,
      action: 'override',
      data: { reason: override.reason, ...(override.data === undefined ? {} : { context: override.data }) },
    });
  }

  async openIntents(key: string): Promise<JournalEntry[]> {
    const rows = this.#db
      .prepare(
        `SELECT * FROM entries i WHERE i.kind = 'intent' AND i.key = ?
           AND NOT EXISTS (SELECT 1 FROM entries r WHERE r.kind = 'result' AND r.intent_id = i.id)
         ORDER BY i.id`,
      )
      .all(key) as unknown as EntryRow[];
    return rows.map(entry);
  }

  async lastResult(key: string): Promise<JournalEntry | undefined> {
    const row = this.#db
      .prepare(`SELECT * FROM entries WHERE kind = 'result' AND key = ? ORDER BY id DESC LIMIT 1`)
      .get(key) as EntryRow | undefined;
    return row ? entry(row) : undefined;
  }

  async entries(filter: EntryFilter = {}): Promise<JournalEntry[]> {
    const where: string[] = [];
    const values: SQLInputValue[] = [];
    const columns = { runId: 'run_id', key: 'key', kind: 'kind', step: 'step' } as const;
    for (const [field, column] of Object.entries(columns)) {
      const value = filter[field as keyof EntryFilter];
      if (value === undefined) continue;
      where.push(`${column} = ?`);
      values.push(value);
    }
    const sql = `SELECT * FROM entries ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id`;
    return (this.#db.prepare(sql).all(...values) as unknown as EntryRow[]).map(entry);
  }

  async runs(): Promise<RunRecord[]> {
    return (this.#db.prepare('SELECT * FROM runs ORDER BY id').all() as unknown as RunRow[]).map((row) => ({
      id: row.id,
      command: row.command,
      week: row.week,
      env: row.env,
      args: JSON.parse(row.args) as Record<string, unknown>,
      actor: row.actor,
      startedAt: row.started_at,
      finishedAt: row.finished_at,
      outcome: row.outcome as RunOutcome,
      summary: row.summary === null ? null : (JSON.parse(row.summary) as unknown),
    }));
  }

  async close(): Promise<void> {
    if (this.#db.isOpen) this.#db.close();
  }
}

function entry(row: EntryRow): JournalEntry {
  return {
    id: row.id,
    runId: row.run_id,
    at: row.at,
    kind: row.kind as EntryKind,
    step: row.step,
    key: row.key,
    action: row.action,
    target: row.target,
    outcome: row.outcome as ResultOutcome | null,
    intentId: row.intent_id,
    data: row.data === null ? null : (JSON.parse(row.data) as unknown),
  };
}
