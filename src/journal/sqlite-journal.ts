import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import { systemClock, type Clock } from '../core/clock.ts';
import { PndError } from '../core/errors.ts';
import { acquireWithWait, thisProcess, tryFileLock, type HeldLock, type LockRequest } from './locks.ts';
import { newerSchemaError, SQLITE_MIGRATIONS as MIGRATIONS } from './migrations.ts';
import { entriesQuery, runsQuery } from './filters.ts';
import { redactor } from './redact.ts';
import {
  entryFromRow,
  runFromRow,
  teamLockFromRow,
  type EntryRow,
  type RunRow,
  type TeamLockRow,
} from './rows.ts';
import { assertTablesFit, dependencyOrder, isCarried } from './tables.ts';
import type {
  EntryFilter,
  EntryKind,
  Journal,
  JournalEntry,
  NewIntent,
  NewRun,
  NewTeamLock,
  ResultOutcome,
  RunFilter,
  RunOutcome,
  RunRecord,
  TableRows,
  TableShape,
  TeamLock,
} from './types.ts';

export interface SqliteJournalOptions {
  path: string;
  clock?: Clock;
  /** Values that must never be stored (tokens): replaced wherever they occur. */
  secrets?: readonly string[];
  /**
   * Open for reading only (status, history): nothing is migrated or written, and a journal the
   * user may only read is enough. A journal that does not exist yet reads as empty.
   */
  readOnly?: boolean;
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

  /** The file's identity when it was opened: a journal removed or replaced mid-run is noticed. */
  readonly #identity: string | undefined;

  constructor(options: SqliteJournalOptions) {
    this.path = options.path;
    this.#clock = options.clock ?? systemClock;
    this.#redact = redactor(options.secrets ?? []);
    const readOnly = options.readOnly === true && options.path !== ':memory:';
    if (options.path !== ':memory:' && !readOnly) mkdirSync(dirname(options.path), { recursive: true });
    try {
      if (readOnly && !existsSync(options.path)) {
        // Nothing recorded yet: an empty journal in memory, and the file is not created.
        this.#db = new DatabaseSync(':memory:');
        this.#migrate();
      } else if (readOnly) {
        this.#db = new DatabaseSync(options.path, { readOnly: true, timeout: 5_000 });
        this.#checkReadable();
      } else {
        this.#db = new DatabaseSync(options.path, { timeout: 5_000 });
        this.#db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;');
        this.#migrate();
      }
      this.#identity = options.path === ':memory:' || readOnly ? undefined : fileIdentity(options.path);
    } catch (cause) {
      if (cause instanceof PndError) throw cause;
      throw new PndError('input-invalid', 'The journal could not be opened.', {
        cause,
        details: {
          where: options.path,
          hint: 'Check that the file is a pnd journal and writable, or choose another with --journal PATH.',
        },
      });
    }
  }

  readonly #locks = new Set<HeldLock>();

  async lockEnvironment(env: string, request: LockRequest): Promise<HeldLock> {
    // An in-memory journal is one process's own: nothing else can act through it.
    if (this.path === ':memory:') return { release: async () => {} };
    const file = `${this.path}.${encodeURIComponent(env)}.lock`;
    const lock = await acquireWithWait(env, file, request, async () =>
      tryFileLock(file, request.holder ?? thisProcess(), () => this.#now()),
    );
    this.#locks.add(lock);
    return {
      release: async () => {
        this.#locks.delete(lock);
        await lock.release();
      },
    };
  }

  async schemaVersion(): Promise<{ current: number; known: number }> {
    const { user_version: current } = this.#db.prepare('PRAGMA user_version').get() as {
      user_version: number;
    };
    return { current, known: MIGRATIONS.length };
  }

  #migrate(): void {
    const { user_version: version } = this.#db.prepare('PRAGMA user_version').get() as {
      user_version: number;
    };
    if (version > MIGRATIONS.length) throw newerSchemaError(this.path, version, MIGRATIONS.length);
    for (let next = version; next < MIGRATIONS.length; next++) {
      this.#db.exec('BEGIN');
      this.#db.exec(MIGRATIONS[next] as string);
      this.#db.exec(`PRAGMA user_version = ${next + 1}`);
      this.#db.exec('COMMIT');
    }
  }

  /** A read-only journal is read as it is: newer is refused, older asks for `pnd journal migrate`. */
  #checkReadable(): void {
    const { user_version: version } = this.#db.prepare('PRAGMA user_version').get() as {
      user_version: number;
    };
    if (version > MIGRATIONS.length) throw newerSchemaError(this.path, version, MIGRATIONS.length);
    if (version < MIGRATIONS.length)
      throw new PndError(
        'input-invalid',
        'The journal was written by an older pnd and is opened read-only.',
        {
          details: {
            where: this.path,
            hint: 'Run `pnd journal migrate` once (it needs write access), then this command again.',
          },
        },
      );
  }

  /**
   * Before anything is written: the file pnd opened is still the journal's file. Deleted or
   * replaced mid-run, SQLite would go on writing into the unlinked file and nothing would be
   * recorded, so the run stops here — before the remote call an intent announces.
   */
  #assertStillThere(): void {
    if (this.#identity === undefined) return;
    if (fileIdentity(this.path) === this.#identity) return;
    throw new PndError('journal-failed', 'The journal file was removed or replaced during the run.', {
      details: {
        where: this.path,
        hint: 'pnd stopped before its next remote write. Restore the journal (or point --journal at it) and run the same command again; it re-reads the remote state before acting.',
      },
    });
  }

  readonly #statements = new Map<string, StatementSync>();

  /** A prepared statement, compiled once per journal: every intent and result is a write. */
  #statement(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  #now(): string {
    return new Date(this.#clock.now()).toISOString();
  }

  #json(value: unknown): string | null {
    return value === undefined ? null : this.#redact(JSON.stringify(value));
  }

  async startRun(run: NewRun): Promise<number> {
    this.#assertStillThere();
    const result = this.#statement(
      `INSERT INTO runs (command, week, env, args, actor, started_at, outcome)
         VALUES (?, ?, ?, ?, ?, ?, 'running')`,
    ).run(
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
    this.#assertStillThere();
    this.#statement('UPDATE runs SET finished_at = ?, outcome = ?, summary = ? WHERE id = ?').run(
      this.#now(),
      outcome,
      this.#json(summary),
      runId,
    );
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
    this.#assertStillThere();
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
    const result = this.#statement(
      `INSERT INTO entries (run_id, at, kind, step, key, action, target, outcome, intent_id, data)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(...values);
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
    const intent = this.#statement('SELECT * FROM entries WHERE id = ? AND kind = ?').get(
      intentId,
      'intent',
    ) as EntryRow | undefined;
    if (!intent) throw new Error(`journal has no intent ${intentId}`);
    this.#insert(Number(intent.run_id), 'result', {
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
    const rows = this.#statement(
      `SELECT * FROM entries i WHERE i.kind = 'intent' AND i.key = ?
           AND NOT EXISTS (SELECT 1 FROM entries r WHERE r.kind = 'result' AND r.intent_id = i.id)
         ORDER BY i.id`,
    ).all(key) as unknown as EntryRow[];
    return rows.map(entryFromRow);
  }

  async lastResult(key: string): Promise<JournalEntry | undefined> {
    const row = this.#statement(
      `SELECT * FROM entries WHERE kind = 'result' AND key = ? ORDER BY id DESC LIMIT 1`,
    ).get(key) as EntryRow | undefined;
    return row ? entryFromRow(row) : undefined;
  }

  async entries(filter: EntryFilter = {}): Promise<JournalEntry[]> {
    const { sql, values } = entriesQuery(filter, 'sqlite');
    return (this.#db.prepare(sql).all(...values) as unknown as EntryRow[]).map(entryFromRow);
  }

  async runs(filter: RunFilter = {}): Promise<RunRecord[]> {
    const { sql, values } = runsQuery(filter, 'sqlite');
    return (this.#db.prepare(sql).all(...values) as unknown as RunRow[]).map(runFromRow);
  }

  #tables(): TableShape[] {
    const names = this.#statement(
      `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`,
    ).all() as { name: string }[];
    return names
      .filter(({ name }) => isCarried(name))
      .map(({ name }) => ({
        name,
        columns: (
          this.#db.prepare('SELECT name FROM pragma_table_info(?) ORDER BY cid').all(name) as {
            name: string;
          }[]
        ).map((c) => c.name),
        references: [
          ...new Set(
            (
              this.#db.prepare('SELECT "table" AS ref FROM pragma_foreign_key_list(?)').all(name) as {
                ref: string;
              }[]
            ).map((r) => r.ref),
          ),
        ],
      }));
  }

  async dumpTables(): Promise<TableRows[]> {
    return this.#tables().map((table) => {
      const list = table.columns.map(quote).join(', ');
      const rows = this.#db.prepare(`SELECT ${list} FROM ${quote(table.name)} ORDER BY 1`).all() as Record<
        string,
        unknown
      >[];
      return { ...table, rows: rows.map((row) => table.columns.map((c) => row[c] ?? null)) };
    });
  }

  async loadTables(tables: readonly TableRows[]): Promise<void> {
    this.#assertStillThere();
    assertTablesFit(this.#tables(), tables, this.path);
    this.#db.exec('BEGIN');
    try {
      // References are checked at COMMIT: an export's rows need not be in reference order.
      this.#db.exec('PRAGMA defer_foreign_keys = ON');
      for (const table of dependencyOrder(tables)) {
        const insert = this.#db.prepare(
          `INSERT INTO ${quote(table.name)} (${table.columns.map(quote).join(', ')})
           VALUES (${table.columns.map(() => '?').join(', ')})`,
        );
        for (const row of table.rows) insert.run(...(row as SQLInputValue[]));
      }
      this.#db.exec('COMMIT');
    } catch (error) {
      this.#db.exec('ROLLBACK');
      throw error;
    }
  }

  async addTeamLock(lock: NewTeamLock): Promise<TeamLock> {
    this.#assertStillThere();
    const row = this.#db
      .prepare(
        `INSERT INTO team_locks (env, component, reason, author, author_source, created_at, until)
         VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *`,
      )
      .get(
        lock.env,
        lock.component ?? null,
        this.#redact(lock.reason),
        lock.author,
        lock.authorSource,
        this.#now(),
        lock.until === undefined ? null : new Date(lock.until).toISOString(),
      ) as unknown as TeamLockRow;
    return teamLockFromRow(row);
  }

  async releaseTeamLocks(release: { env: string; component?: string; by: string }): Promise<TeamLock[]> {
    this.#assertStillThere();
    const now = this.#now();
    const rows = this.#db
      .prepare(
        `UPDATE team_locks SET released_at = ?, released_by = ?
          WHERE env = ? AND component IS ? AND released_at IS NULL AND (until IS NULL OR until > ?)
          RETURNING *`,
      )
      .all(now, release.by, release.env, release.component ?? null, now) as unknown as TeamLockRow[];
    return rows.map(teamLockFromRow).sort((a, b) => a.id - b.id);
  }

  async activeTeamLocks(at: string): Promise<TeamLock[]> {
    const when = new Date(at).toISOString();
    const rows = this.#db
      .prepare(
        `SELECT * FROM team_locks WHERE created_at <= ? AND (released_at IS NULL OR released_at > ?)
           AND (until IS NULL OR until > ?) ORDER BY id`,
      )
      .all(when, when, when) as unknown as TeamLockRow[];
    return rows.map(teamLockFromRow);
  }

  async teamLocks(): Promise<TeamLock[]> {
    const rows = this.#db.prepare('SELECT * FROM team_locks ORDER BY id').all() as unknown as TeamLockRow[];
    return rows.map(teamLockFromRow);
  }

  async close(): Promise<void> {
    // Closing the journal ends this run's hold, as a PostgreSQL session's end does.
    for (const lock of this.#locks) await lock.release();
    this.#locks.clear();
    if (this.#db.isOpen) this.#db.close();
  }
}

/** An identifier from the database's own catalogue, quoted for SQL. */
function quote(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Device and inode of a file, or undefined when it is gone. */
function fileIdentity(path: string): string | undefined {
  const stat = statSync(path, { throwIfNoEntry: false });
  return stat ? `${stat.dev}:${stat.ino}` : undefined;
}
