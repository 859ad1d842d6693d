// node-postgres (`pg`) rather than `postgres` (porsager): it is pure JavaScript (pg-native is an
// optional add-on pnd does not install), has a plain `Client` that is exactly one server session —
// what a session-bound advisory lock for "one train at a time" needs — and reads `sslmode` from
// the connection string through pg-connection-string.
import pg from 'pg';
import { systemClock, type Clock } from '../core/clock.ts';
import { PndError } from '../core/errors.ts';
import { acquireWithWait, thisProcess, type HeldLock, type LockHolder, type LockRequest } from './locks.ts';
import { newerSchemaError, POSTGRES_MIGRATIONS as MIGRATIONS } from './migrations.ts';
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
import { assertTablesFit, dependencyOrder, inIdOrder, isCarried } from './tables.ts';
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

export interface PostgresJournalOptions {
  /** `postgres://user:password@host:5432/db?sslmode=require`. */
  url: string;
  clock?: Clock;
  /** Values that must never be stored (tokens): replaced wherever they occur. */
  secrets?: readonly string[];
  /** A schema to create and use instead of the connection's default (tests: one per file). */
  schema?: string;
}

/** Any fixed 64-bit key: all pnd processes serialise their migrations on it. */
const MIGRATION_LOCK = 7_020_150_001;

/** node-postgres' parsers, except BIGINT (oid 20), which is read as a number. */
function bigintAsNumber(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
  if (oid === 20) return (value: string) => Number(value);
  return pg.types.getTypeParser(oid, format ?? 'text') as (value: string) => unknown;
}

/** The connection string as it may be shown: the password never leaves this module. */
export function displayUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://(unparsable connection string)';
  }
}

function passwordOf(url: string): string[] {
  try {
    const password = decodeURIComponent(new URL(url).password);
    return password ? [password] : [];
  } catch {
    return [];
  }
}

/**
 * The journal in PostgreSQL, so several machines share one record (evidence, locks). One client,
 * one session for the life of the journal: every write is acknowledged by the server (synchronous
 * commit) before the method resolves, so an awaited intent is durable before its remote call.
 */
export class PostgresJournal implements Journal {
  readonly path: string;
  readonly #client: pg.Client;
  readonly #clock: Clock;
  readonly #redact: (text: string) => string;
  #broken: unknown;
  #queue: Promise<void> = Promise.resolve();

  private constructor(client: pg.Client, options: PostgresJournalOptions) {
    this.#client = client;
    this.path = displayUrl(options.url);
    this.#clock = options.clock ?? systemClock;
    this.#redact = redactor([...(options.secrets ?? []), ...passwordOf(options.url)]);
    // A dropped connection surfaces here when it happens between queries (a query in flight
    // rejects instead). pg emits 'error' on the Client, and an 'error' with no listener would end
    // the process; with the connection goes the session and so the environment's advisory lock:
    // from here every journal call fails with `journal-failed`, and since every remote write waits
    // for its intent, the run stops before its next write instead of going on unprotected.
    client.on('error', (error) => {
      this.#broken ??= error;
    });
  }

  static async open(options: PostgresJournalOptions): Promise<PostgresJournal> {
    const where = displayUrl(options.url);
    // TCP keepalive: a connection that silently dies (a dropped route, no FIN) is noticed by the
    // operating system and surfaces as the 'error' above instead of a journal write that hangs.
    const client = new pg.Client({
      connectionString: options.url,
      application_name: 'pnd',
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
    const journal = new PostgresJournal(client, options);
    try {
      await client.connect();
    } catch (cause) {
      throw new PndError('network', 'The journal database could not be reached.', {
        cause: journal.#scrub(cause),
        details: {
          where,
          reason: journal.#redact(cause instanceof Error ? cause.message : String(cause)),
          // The reason in the hint too: the terminal shows where and hint, not the details.
          hint: `PostgreSQL: ${journal.#reason(cause)}. Check that PostgreSQL runs and the connection string (PND_JOURNAL_URL or journal.url) is right; nothing was changed.`,
          docs: 'docs/journal.md',
        },
      });
    }
    try {
      await journal.#migrate(options.schema);
    } catch (cause) {
      await client.end().catch(() => {});
      if (cause instanceof PndError) throw cause;
      throw new PndError('input-invalid', 'The journal could not be opened.', {
        cause: journal.#scrub(cause),
        details: {
          where,
          reason: journal.#redact(cause instanceof Error ? cause.message : String(cause)),
          hint: 'Check that the role may create tables in the database (first run) and read and write them.',
        },
      });
    }
    return journal;
  }

  async lockEnvironment(env: string, request: LockRequest): Promise<HeldLock> {
    const holder = request.holder ?? thisProcess();
    return acquireWithWait(env, `${this.path} environment ${env}`, request, async () => {
      // Session-level advisory lock: the server releases it when this session ends, so a run that
      // dies (or loses its connection) never leaves the environment locked. Advisory locks are
      // database-wide: the journal's schema is part of the key, so two journals (two teams, or two
      // test files) in one database never hold each other's environments.
      const [taken] = await this.#query<{ ok: boolean }>(
        `SELECT pg_try_advisory_lock(hashtext('pnd-environment:' || current_schema()), hashtext($1)) AS ok`,
        [env],
      );
      if (!taken?.ok) return this.#lockHolder(env);
      await this.#query(
        `INSERT INTO environment_locks (env, holder, since, pid) VALUES ($1, $2, $3, pg_backend_pid())
         ON CONFLICT (env) DO UPDATE SET holder = EXCLUDED.holder, since = EXCLUDED.since, pid = EXCLUDED.pid`,
        [env, holder, this.#now()],
      );
      let released = false;
      return {
        release: async () => {
          if (released) return;
          released = true;
          // A lost session has already released it (the server frees a session's advisory locks
          // when it ends), and a failure here must not hide the error that ended the run: the
          // session ends at close() at the latest, which frees the lock too.
          if (this.#broken) return;
          await this.#query(
            `SELECT pg_advisory_unlock(hashtext('pnd-environment:' || current_schema()), hashtext($1))`,
            [env],
          ).catch(() => {});
        },
      };
    });
  }

  /**
   * Who holds `env`'s lock: the row of the session that holds it now. The winner takes the lock,
   * then writes its row, so for a moment the row is missing or still a previous holder's; the
   * join with pg_locks (the row's session must hold the lock) and a few short looks make the
   * message name the holder, not whoever held the environment before.
   */
  async #lockHolder(env: string): Promise<LockHolder | undefined> {
    for (let look = 0; look < 20; look++) {
      const [row] = await this.#query<LockHolder>(
        `SELECT l.holder, l.since FROM environment_locks l
          WHERE l.env = $1 AND EXISTS (
            SELECT 1 FROM pg_locks k
             WHERE k.locktype = 'advisory' AND k.granted AND k.pid = l.pid AND k.objsubid = 2
               AND k.classid = (hashtext('pnd-environment:' || current_schema())::bigint & 4294967295)::oid
               AND k.objid = (hashtext($1)::bigint & 4294967295)::oid)`,
        [env],
      );
      if (row) return { holder: row.holder, since: row.since };
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return undefined;
  }

  /** The server process of this journal's session (pg_stat_activity.pid, pg_locks.pid). */
  get sessionPid(): number {
    return (this.#client as unknown as { processID: number }).processID;
  }

  /** The schema version the journal is at and the one this pnd knows. */
  async schemaVersion(): Promise<{ current: number; known: number }> {
    const rows = await this.#query<{ version: number }>('SELECT version FROM pnd_schema');
    return { current: rows[0]?.version ?? 0, known: MIGRATIONS.length };
  }

  async #migrate(schema: string | undefined): Promise<void> {
    const client = this.#client;
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      if (schema) {
        // Under the lock: concurrent CREATE SCHEMA IF NOT EXISTS can still collide.
        await client.query(`CREATE SCHEMA IF NOT EXISTS ${pg.escapeIdentifier(schema)}`);
        await client.query(`SET search_path TO ${pg.escapeIdentifier(schema)}`);
      }
      await client.query('CREATE TABLE IF NOT EXISTS pnd_schema (version INTEGER NOT NULL)');
      const { rows } = await client.query<{ version: number }>('SELECT version FROM pnd_schema');
      const version = rows[0]?.version ?? 0;
      if (rows.length === 0) await client.query('INSERT INTO pnd_schema (version) VALUES (0)');
      if (version > MIGRATIONS.length) throw newerSchemaError(this.path, version, MIGRATIONS.length);
      for (let next = version; next < MIGRATIONS.length; next++) {
        await client.query(MIGRATIONS[next] as string);
        await client.query('UPDATE pnd_schema SET version = $1', [next + 1]);
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    }
  }

  /** An error without the connection string's password anywhere in its text. */
  #scrub(error: unknown): unknown {
    if (!(error instanceof Error)) return error;
    const clean = new Error(this.#redact(error.message));
    clean.name = error.name;
    return clean;
  }

  /**
   * One statement at a time on the session: components deploy side by side and each journals its
   * own effects, but a pg Client given a query while another runs only queues it, with a
   * deprecation warning on stderr (an error from pg 9). The queue keeps the order the calls were
   * made in, which is the order they reach the server.
   */
  #query<R extends pg.QueryResultRow>(sql: string, values: unknown[] = []): Promise<R[]> {
    const run = this.#queue.then(async () => {
      if (this.#broken) throw this.#lost(this.#broken);
      try {
        return (await this.#client.query<R>(sql, values)).rows;
      } catch (cause) {
        throw this.#lost(cause);
      }
    });
    this.#queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  #lost(cause: unknown): PndError {
    return new PndError('journal-failed', 'The journal could not be read or written.', {
      cause: this.#scrub(cause),
      details: {
        where: this.path,
        reason: this.#reason(cause),
        hint: `PostgreSQL: ${this.#reason(cause)}. pnd stopped before its next remote write (the environment lock went with the connection). Run the same command again once PostgreSQL is back: it resumes from the journal.`,
      },
    });
  }

  /** What went wrong, as PostgreSQL or the socket said it, without the password. */
  #reason(cause: unknown): string {
    // A refused connection to a name with several addresses is an AggregateError without a message.
    const code = (cause as { code?: unknown } | undefined)?.code;
    const text =
      cause instanceof Error
        ? cause.message || (typeof code === 'string' ? code : cause.name)
        : String(cause);
    return this.#redact(text).replace(/\.$/, '');
  }

  #now(): string {
    return new Date(this.#clock.now()).toISOString();
  }

  #json(value: unknown): string | null {
    return value === undefined ? null : this.#redact(JSON.stringify(value));
  }

  async startRun(run: NewRun): Promise<number> {
    const rows = await this.#query<{ id: string }>(
      `INSERT INTO runs (command, week, env, args, actor, started_at, outcome)
       VALUES ($1, $2, $3, $4, $5, $6, 'running') RETURNING id`,
      [
        this.#redact(run.command),
        run.week ?? null,
        run.env ?? null,
        this.#json(run.args ?? {}),
        run.actor ?? null,
        this.#now(),
      ],
    );
    return Number(rows[0]?.id);
  }

  async finishRun(runId: number, outcome: Exclude<RunOutcome, 'running'>, summary?: unknown): Promise<void> {
    await this.#query('UPDATE runs SET finished_at = $1, outcome = $2, summary = $3 WHERE id = $4', [
      this.#now(),
      outcome,
      this.#json(summary),
      runId,
    ]);
  }

  async #insert(
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
  ): Promise<number> {
    const rows = await this.#query<{ id: string }>(
      `INSERT INTO entries (run_id, at, kind, step, key, action, target, outcome, intent_id, data)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [
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
      ],
    );
    return Number(rows[0]?.id);
  }

  intent(runId: number, intent: NewIntent): Promise<number> {
    return this.#insert(runId, 'intent', {
      key: intent.key,
      step: intent.step,
      action: intent.action,
      target: intent.target,
      data: intent.detail,
    });
  }

  async result(intentId: number, outcome: ResultOutcome, detail?: unknown): Promise<void> {
    const [intent] = await this.#query<EntryRow>('SELECT * FROM entries WHERE id = $1 AND kind = $2', [
      intentId,
      'intent',
    ]);
    if (!intent) throw new Error(`journal has no intent ${intentId}`);
    await this.#insert(Number(intent.run_id), 'result', {
      key: intent.key ?? undefined,
      step: intent.step ?? undefined,
      action: intent.action ?? undefined,
      target: intent.target ?? undefined,
      outcome,
      intentId,
      data: detail,
    });
  }

  evidence(
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

  override(runId: number, override: { step: string; reason: string; data?: unknown }): Promise<number> {
    return this.#insert(runId, 'override', {
      step: override.step,
      action: 'override',
      data: { reason: override.reason, ...(override.data === undefined ? {} : { context: override.data }) },
    });
  }

  async openIntents(key: string): Promise<JournalEntry[]> {
    const rows = await this.#query<EntryRow>(
      `SELECT * FROM entries i WHERE i.kind = 'intent' AND i.key = $1
         AND NOT EXISTS (SELECT 1 FROM entries r WHERE r.kind = 'result' AND r.intent_id = i.id)
       ORDER BY i.id`,
      [key],
    );
    return rows.map(entryFromRow);
  }

  async lastResult(key: string): Promise<JournalEntry | undefined> {
    const [row] = await this.#query<EntryRow>(
      `SELECT * FROM entries WHERE kind = 'result' AND key = $1 ORDER BY id DESC LIMIT 1`,
      [key],
    );
    return row ? entryFromRow(row) : undefined;
  }

  async entries(filter: EntryFilter = {}): Promise<JournalEntry[]> {
    const { sql, values } = entriesQuery(filter, 'postgres');
    return (await this.#query<EntryRow>(sql, values)).map(entryFromRow);
  }

  async runs(filter: RunFilter = {}): Promise<RunRecord[]> {
    const { sql, values } = runsQuery(filter, 'postgres');
    return (await this.#query<RunRow>(sql, values)).map(runFromRow);
  }

  /** The journal's tables in its schema (the session's search_path), from the catalogue. */
  async #tables(): Promise<TableShape[]> {
    const columns = await this.#query<{ table_name: string; column_name: string }>(
      `SELECT table_name, column_name FROM information_schema.columns
        WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`,
    );
    const references = await this.#query<{ table_name: string; ref: string }>(
      `SELECT DISTINCT tc.table_name, ccu.table_name AS ref
         FROM information_schema.table_constraints tc
         JOIN information_schema.constraint_column_usage ccu
           ON ccu.constraint_name = tc.constraint_name AND ccu.constraint_schema = tc.constraint_schema
        WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = current_schema()`,
    );
    const names = [...new Set(columns.map((c) => c.table_name))].filter(isCarried);
    return names.map((name) => ({
      name,
      columns: columns.filter((c) => c.table_name === name).map((c) => c.column_name),
      references: references.filter((r) => r.table_name === name).map((r) => r.ref),
    }));
  }

  async dumpTables(): Promise<TableRows[]> {
    const tables = await this.#tables();
    const out: TableRows[] = [];
    for (const table of tables) {
      if (this.#broken) throw this.#lost(this.#broken);
      // BIGINT as a number, as SQLite gives it: ids stay below 2^53, and the content hash of a
      // journal is then the same whichever driver holds it.
      const result = await this.#client
        .query<unknown[]>({
          text: `SELECT ${table.columns.map(pg.escapeIdentifier).join(', ')} FROM ${pg.escapeIdentifier(table.name)} ORDER BY 1`,
          rowMode: 'array',
          types: { getTypeParser: bigintAsNumber },
        })
        .catch((cause: unknown) => {
          throw this.#lost(cause);
        });
      out.push({ ...table, rows: result.rows });
    }
    return out;
  }

  async loadTables(tables: readonly TableRows[]): Promise<void> {
    assertTablesFit(await this.#tables(), tables, this.path);
    await this.#query('BEGIN');
    try {
      for (const table of dependencyOrder(tables)) {
        const columns = table.columns.map(pg.escapeIdentifier).join(', ');
        // Many rows per statement: one round trip per few hundred rows, not per row.
        const perStatement = Math.max(1, Math.floor(30_000 / Math.max(1, table.columns.length)));
        const rows = inIdOrder(table.rows);
        for (let start = 0; start < rows.length; start += perStatement) {
          const chunk = rows.slice(start, start + perStatement);
          const values: unknown[] = [];
          const tuples = chunk.map((row) => {
            const marks = row.map((value) => {
              values.push(value);
              return `$${values.length}`;
            });
            return `(${marks.join(', ')})`;
          });
          // OVERRIDING SYSTEM VALUE: the ids are the journal's own and are kept.
          await this.#query(
            `INSERT INTO ${pg.escapeIdentifier(table.name)} (${columns}) OVERRIDING SYSTEM VALUE VALUES ${tuples.join(', ')}`,
            values,
          );
        }
        // The identity goes on after the highest id imported, so the next run does not collide.
        await this.#query(
          `SELECT setval(pg_get_serial_sequence(quote_ident(table_name), column_name), (SELECT max(id) FROM ${pg.escapeIdentifier(table.name)}))
             FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = $1 AND is_identity = 'YES'
              AND column_name = 'id' AND EXISTS (SELECT 1 FROM ${pg.escapeIdentifier(table.name)})`,
          [table.name],
        );
      }
      await this.#query('COMMIT');
    } catch (error) {
      await this.#client.query('ROLLBACK').catch(() => {});
      throw error;
    }
  }

  async addTeamLock(lock: NewTeamLock): Promise<TeamLock> {
    const [row] = await this.#query<TeamLockRow>(
      `INSERT INTO team_locks (env, component, reason, author, author_source, created_at, until)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
      [
        lock.env,
        lock.component ?? null,
        this.#redact(lock.reason),
        lock.author,
        lock.authorSource,
        this.#now(),
        lock.until === undefined ? null : new Date(lock.until).toISOString(),
      ],
    );
    return teamLockFromRow(row as TeamLockRow);
  }

  async releaseTeamLocks(release: { env: string; component?: string; by: string }): Promise<TeamLock[]> {
    const now = this.#now();
    const rows = await this.#query<TeamLockRow>(
      `UPDATE team_locks SET released_at = $1, released_by = $2
        WHERE env = $3 AND component IS NOT DISTINCT FROM $4 AND released_at IS NULL
          AND (until IS NULL OR until > $1)
        RETURNING *`,
      [now, release.by, release.env, release.component ?? null],
    );
    return rows.map(teamLockFromRow).sort((a, b) => a.id - b.id);
  }

  async activeTeamLocks(at: string): Promise<TeamLock[]> {
    const rows = await this.#query<TeamLockRow>(
      `SELECT * FROM team_locks WHERE created_at <= $1 AND (released_at IS NULL OR released_at > $1)
         AND (until IS NULL OR until > $1) ORDER BY id`,
      [new Date(at).toISOString()],
    );
    return rows.map(teamLockFromRow);
  }

  async teamLocks(): Promise<TeamLock[]> {
    return (await this.#query<TeamLockRow>('SELECT * FROM team_locks ORDER BY id')).map(teamLockFromRow);
  }

  async close(): Promise<void> {
    await this.#client.end().catch(() => {});
  }
}
