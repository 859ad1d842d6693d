// Shared-journal tests with real OS processes: deploy runs in child processes (deploy-child.ts,
// the CLI's engine and journal drivers on the simulator's virtual clock), PostgreSQL schemas of
// their own, a TCP proxy in front of PostgreSQL that a test can cut, and the checks the tests
// share (no duplicate write, no credential anywhere).
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { simAccess } from '../../src/demo/sim-access.ts';
import { isMutation, type LoggedRequest } from '../../src/sim/request-log.ts';
import { assertNoSecrets } from './secrets-scan.ts';
import { EXAMPLE_CONFIG, startTrain, type Train } from './train.ts';
import type { useSimulators } from './simulator.ts';

/**
 * The seed estate with a one-minute dwell: locks, kills and faults are the subject here, not the
 * verification wait (fewer check rounds per run).
 */
export const SHORT_DWELL_CONFIG = join(mkdtempSync(join(tmpdir(), 'pnd-processes-config-')), 'pnd.yaml');
writeFileSync(SHORT_DWELL_CONFIG, readFileSync(EXAMPLE_CONFIG, 'utf8').replaceAll('dwell: 10m', 'dwell: 1m'));

/** Wednesday morning with this week's issue; from here the child processes own time. */
export async function wednesday(start: ReturnType<typeof useSimulators>): Promise<Train> {
  const train = await startTrain(start);
  await train.createWeeklyIssue();
  train.at('2026-11-25T09:00');
  train.clock.autoAdvance = false;
  return train;
}

/** Polls `condition` (real time: it waits on another process or the database server). */
export async function until(condition: () => Promise<boolean>, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const running = new Set<ChildProcess>();

/**
 * Kills what a test started and left running (a test that failed or timed out): in afterEach, so
 * no child outlives its test and writes to a stopped simulator or a dropped schema.
 */
export function killProcesses(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

function track(child: ChildProcess): void {
  running.add(child);
  child.on('exit', () => running.delete(child));
}

export interface ChildReport {
  type: 'done' | 'error' | 'exit';
  runId?: number;
  outcomes?: string[];
  code?: string | null;
  exit?: number;
  message?: string;
  details?: Record<string, unknown> | null;
}

export interface DeployChild {
  process: ChildProcess;
  /** Resolves when the child has loaded and waits for `start()`. */
  ready: Promise<void>;
  start(): void;
  /** Resolves with the holder's name when the child says it waits for the lock. */
  waiting: Promise<string>;
  finished: Promise<ChildReport>;
}

export interface ChildSetup {
  config: string;
  env: string;
  /** A SQLite path or a postgres:// URL. */
  journal: string;
  schema?: string;
  holder?: string;
  waitMs?: number;
}

/**
 * A deploy run in its own process, on `train`'s simulator and clock (the child asks the parent to
 * advance the clock when it sleeps), with its own state directory (XDG_STATE_HOME), as a run on
 * another machine has.
 */
export function spawnDeploy(train: Train, setup: ChildSetup): DeployChild {
  const child = fork('test/support/deploy-child.ts', [], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    env: {
      ...process.env,
      NODE_COMPILE_CACHE: join(tmpdir(), 'pnd-test-compile-cache'),
      XDG_STATE_HOME: mkdtempSync(join(tmpdir(), 'pnd-machine-')),
    },
  });
  track(child);
  const clock = train.clock;
  // A killed child's IPC channel refuses writes (EPIPE): that is the kill, not a test error.
  child.on('error', () => {});
  const send = (message: unknown) => {
    if (child.connected) child.send(message as never, () => {});
  };
  let ready!: () => void;
  let waiting!: (holder: string) => void;
  const readyP = new Promise<void>((resolve) => (ready = resolve));
  const waitingP = new Promise<string>((resolve) => (waiting = resolve));
  const finished = new Promise<ChildReport>((resolve) => {
    child.on(
      'message',
      (
        message:
          ChildReport | { type: 'ready' | 'waiting' | 'sleep'; id?: number; ms?: number; holder?: string },
      ) => {
        if (message.type === 'ready') ready();
        else if (message.type === 'waiting') waiting(message.holder ?? '');
        else if (message.type === 'sleep') {
          // The child is idle until it wakes: move the shared clock to its wake time.
          clock.advance(message.ms ?? 0);
          send({ type: 'wake', id: message.id, now: clock.now() });
        } else resolve(message as ChildReport);
      },
    );
    child.on('exit', () => resolve({ type: 'exit' }));
  });
  return {
    process: child,
    ready: readyP,
    waiting: waitingP,
    finished,
    start: () =>
      send({
        type: 'start',
        now: clock.now(),
        setup: {
          config: setup.config,
          env: setup.env,
          journalPath: setup.journal,
          ...(setup.schema ? { schema: setup.schema } : {}),
          ...(setup.holder ? { holder: setup.holder } : {}),
          ...(setup.waitMs ? { waitMs: setup.waitMs } : {}),
          urls: train.sim.urls,
          caPem: train.sim.caPem,
          access: simAccess(train.sim),
        },
      }),
  };
}

/** Spawns, waits until loaded, starts and waits for the end: one run on "another machine". */
export async function deployAsProcess(train: Train, setup: ChildSetup): Promise<ChildReport> {
  const child = spawnDeploy(train, setup);
  await child.ready;
  child.start();
  return child.finished;
}

/** The mutating requests that were sent twice: same method, path and body. */
export function duplicateWrites(entries: LoggedRequest[]): string[] {
  const seen = new Set<string>();
  const twice: string[] = [];
  for (const entry of entries.filter(isMutation)) {
    const key = `${entry.method} ${entry.path} ${JSON.stringify(entry.body ?? null)}`;
    if (seen.has(key)) twice.push(key);
    seen.add(key);
  }
  return twice;
}

export const testDatabaseUrl = process.env.PND_TEST_DATABASE_URL;

/** A schema name no other test (or helper machine) uses. */
export function freshSchema(): string {
  return `pnd_test_${randomBytes(6).toString('hex')}`;
}

/** One administrative query on the test database (not through any proxy). */
export async function adminQuery<R extends pg.QueryResultRow>(
  url: string,
  sql: string,
  values: unknown[] = [],
): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

export async function dropSchemas(url: string, schemas: string[]): Promise<void> {
  for (const schema of schemas)
    await adminQuery(url, `DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`);
}

/** The journal's intents (0 before the first run has created its tables). */
export async function intentCount(url: string, schema: string): Promise<number> {
  try {
    const [row] = await adminQuery<{ n: string }>(
      url,
      `SELECT count(*) AS n FROM ${pg.escapeIdentifier(schema)}.entries WHERE kind = 'intent'`,
    );
    return Number(row?.n ?? 0);
  } catch {
    return 0;
  }
}

/** Whether some session holds the environment's advisory lock of the journal in `schema`. */
export async function lockHeld(url: string, schema: string, env: string): Promise<boolean> {
  // pg_locks shows a two-key advisory lock as classid/objid (oids: the int4 keys unsigned).
  const rows = await adminQuery(
    url,
    `SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 2 AND granted
       AND classid = (hashtext('pnd-environment:' || $1)::bigint & 4294967295)::oid
       AND objid = (hashtext($2)::bigint & 4294967295)::oid`,
    [schema, env],
  );
  return rows.length > 0;
}

/** Every row of the journal's tables in `schema`, as text, for the secrets scan. */
export async function journalText(url: string, schema: string): Promise<string> {
  const tables = ['runs', 'entries', 'environment_locks'];
  const parts: unknown[] = [];
  for (const table of tables) {
    try {
      parts.push(await adminQuery(url, `SELECT * FROM ${pg.escapeIdentifier(schema)}.${table}`));
    } catch {
      // Not created (a run that never reached the journal).
    }
  }
  return JSON.stringify(parts);
}

/** `url` with a password and host/port replaced: what an operator's connection string looks like. */
export function urlWith(url: string, change: { password?: string; port?: number; schema?: string }): string {
  const parsed = new URL(url);
  if (change.password !== undefined) parsed.password = change.password;
  if (change.port !== undefined) parsed.port = String(change.port);
  // libpq's `options`: the CLI's journal is this schema, as a team with its own schema sets it.
  if (change.schema) parsed.searchParams.set('options', `-c search_path=${change.schema}`);
  return parsed.toString();
}

export interface PgProxy {
  port: number;
  /** Drops every connection through it and refuses new ones (PostgreSQL "went away"). */
  cut(): Promise<void>;
  /** Listens again on the same port. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

/** A TCP proxy to the PostgreSQL server of `url`, on a port of its own. */
export async function pgProxy(url: string): Promise<PgProxy> {
  const target = new URL(url);
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(Number(target.port || 5432), target.hostname);
    sockets.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    for (const socket of [client, upstream]) socket.on('error', drop).on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve((server.address() as { port: number }).port);
      });
    });
  const port = await listen(0);
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      sockets.clear();
      if (!server.listening) return resolve();
      server.close(() => resolve());
    });
  return {
    port,
    cut: stop,
    restore: async () => {
      await listen(port);
    },
    close: stop,
  };
}

/** The password must be nowhere: what the processes printed, the journal, what reached GitHub. */
export async function assertPasswordNowhere(
  password: string,
  places: { output?: string; url?: string; schema?: string; train?: Train },
): Promise<void> {
  if (places.output !== undefined) assertNoSecrets('the processes’ output', places.output, [password]);
  if (places.url && places.schema)
    assertNoSecrets('the PostgreSQL journal', await journalText(places.url, places.schema), [password]);
  if (places.train)
    assertNoSecrets(
      'the simulator request log (the issue and comments)',
      JSON.stringify(places.train.sim.log.entries()),
      [password],
    );
}

export interface PndProcess {
  pid: number;
  /** Resolves when stderr has printed a line matching `pattern`. */
  says(pattern: RegExp): Promise<void>;
  exited: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

/**
 * `pnd` (or `script`, e.g. test/support/deps-child.ts) as its own process, as test/support/cli.ts
 * runs it (only `env`, nothing inherited), with its output readable while it runs, for tests that
 * act on what it says (a run that waits).
 */
export function spawnPnd(args: string[], env: Record<string, string>, script = 'bin/pnd.js'): PndProcess {
  const child = spawn(process.execPath, [script, ...args], {
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  track(child);
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    for (const listener of listeners) listener();
  });
  return {
    pid: child.pid as number,
    says: (pattern) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (!pattern.test(stderr)) return;
          listeners.delete(check);
          resolve();
        };
        listeners.add(check);
        check();
      }),
    // 'close', not 'exit': the output is complete only when the pipes have closed.
    exited: new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr }))),
  };
}
