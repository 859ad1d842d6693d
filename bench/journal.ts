/**
 * The journal (issue 15): write latency per intent (an intent and its result, the pair every
 * remote mutation writes) on SQLite (a file: WAL, synchronous=FULL) and PostgreSQL
 * (PND_TEST_DATABASE_URL; skipped with a line saying so when unset), against a baseline of the
 * same two INSERTs through the bare driver on the same database; then `pnd report` and
 * `pnd history` on a generated year (52 weeks, 10 components, 3 environments;
 * test/support/journal-year.ts) as the CLI processes a user runs, against `node -e 0` (Node's
 * start-up) and a bare child process reading the same rows with a raw SELECT. Each figure is the
 * median and range of the same number of runs for pnd and its baseline, wall time and the
 * children's CPU time (CPU is the steadier figure on a loaded machine). Prints figures; asserts
 * nothing.
 *
 *   node bench/journal.ts [--pairs 200] [--runs 5]
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { PostgresJournal, SqliteJournal, type Journal } from '../src/journal/index.ts';
import { generateJournalYear } from '../test/support/journal-year.ts';
import { formatSummary, summarize, timed } from './lib/runner.ts';

const { values } = parseArgs({
  options: { pairs: { type: 'string', default: '200' }, runs: { type: 'string', default: '5' } },
});
const pairs = Number(values.pairs);
const runs = Number(values.runs);
const url = process.env.PND_TEST_DATABASE_URL;
const dir = mkdtempSync(join(tmpdir(), 'pnd-bench-journal-'));
const schema = `pnd_bench_${randomBytes(4).toString('hex')}`;
const node = process.execPath;

/** Per-pair wall times of `write` (pairs runs after 10 unmeasured). */
async function perPair(write: (i: number) => Promise<void>): Promise<number[]> {
  for (let i = 0; i < 10; i++) await write(-1 - i);
  const samples: number[] = [];
  for (let i = 0; i < pairs; i++) samples.push((await timed(() => write(i))).ms);
  return samples;
}

async function pndPairs(journal: Journal): Promise<number[]> {
  const run = await journal.startRun({ command: 'bench' });
  return perPair(async (i) => {
    const intent = await journal.intent(run, {
      key: `bench:${i}`,
      step: 'deploy.a.b',
      action: 'approve',
      target: `t${i}`,
    });
    await journal.result(intent, 'done', { approval: i });
  });
}

const line = (name: string, samples: number[], digits = 2) =>
  `  ${name.padEnd(52)} ${formatSummary(summarize(samples), 'ms', digits)}`;

console.log(`journal write latency per intent (intent + result), ${pairs} pairs each after 10 unmeasured`);
{
  const path = join(dir, 'writes.sqlite');
  const journal = new SqliteJournal({ path });
  const measured = await pndPairs(journal);
  await journal.close();
  // Baseline: the same two INSERTs (the result's intent read included) on the same file and settings.
  const db = new DatabaseSync(path);
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;');
  const insert = db.prepare(
    `INSERT INTO entries (run_id, at, kind, step, key, action, target, outcome, intent_id, data) VALUES (1, ?, ?, 'deploy.a.b', ?, 'approve', ?, ?, ?, ?)`,
  );
  const read = db.prepare('SELECT * FROM entries WHERE id = ?');
  const bare = await perPair(async (i) => {
    const at = new Date().toISOString();
    const id = insert.run(at, 'intent', `raw:${i}`, `t${i}`, null, null, '{}').lastInsertRowid;
    read.get(id);
    insert.run(at, 'result', `raw:${i}`, `t${i}`, 'done', id, JSON.stringify({ approval: i }));
  });
  db.close();
  console.log(line('SQLite (file, WAL, synchronous=FULL): pnd', measured));
  console.log(line('SQLite baseline: the same INSERTs through node:sqlite', bare));
}
if (!url) {
  console.log(
    '  PostgreSQL: SKIPPED, PND_TEST_DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/test)',
  );
} else {
  const journal = await PostgresJournal.open({ url, schema });
  const measured = await pndPairs(journal);
  await journal.close();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`SET search_path TO ${pg.escapeIdentifier(schema)}`);
  const bare = await perPair(async (i) => {
    const at = new Date().toISOString();
    const sql = `INSERT INTO entries (run_id, at, kind, step, key, action, target, outcome, intent_id, data)
                 VALUES (1, $1, $2, 'deploy.a.b', $3, 'approve', $4, $5, $6, $7) RETURNING id`;
    const { rows } = await client.query<{ id: string }>(sql, [
      at,
      'intent',
      `raw:${i}`,
      `t${i}`,
      null,
      null,
      '{}',
    ]);
    await client.query('SELECT * FROM entries WHERE id = $1', [rows[0]!.id]);
    await client.query(sql, [
      at,
      'result',
      `raw:${i}`,
      `t${i}`,
      'done',
      rows[0]!.id,
      JSON.stringify({ approval: i }),
    ]);
  });
  await client.query(`DROP SCHEMA ${pg.escapeIdentifier(schema)} CASCADE`);
  await client.end();
  console.log(line(`PostgreSQL (${new URL(url).host}, one session): pnd`, measured));
  console.log(line('PostgreSQL baseline: the same statements through pg', bare));
}

// A year of the train.
const year = generateJournalYear({ seed: 42 });
const yearPath = join(dir, 'year.sqlite');
{
  const journal = new SqliteJournal({ path: yearPath });
  await journal.loadTables(year.tables);
  await journal.close();
}
let yearUrl: string | undefined;
const yearSchema = `${schema}_year`;
if (url) {
  const journal = await PostgresJournal.open({ url, schema: yearSchema });
  await journal.loadTables(year.tables);
  await journal.close();
  // The CLI has no --schema: the schema is chosen for its session through libpq's `options`.
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${yearSchema}`);
  yearUrl = u.toString();
}

/** CPU ticks of this process's reaped children (Linux), in ms; undefined elsewhere. */
function childrenCpuMs(): number | undefined {
  if (!existsSync('/proc/self/stat')) return undefined;
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

function processTimes(args: string[]): { wall: number[]; cpu: number[] } {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = -1; i < runs; i++) {
    const cpuBefore = childrenCpuMs();
    const started = performance.now();
    const result = spawnSync(node, args, { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    const ms = performance.now() - started;
    const cpuAfter = childrenCpuMs();
    if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
    if (i < 0) continue; // warm-up: Node's compile cache, the file in the page cache
    wall.push(ms);
    if (cpuBefore !== undefined && cpuAfter !== undefined) cpu.push(cpuAfter - cpuBefore);
  }
  return { wall, cpu };
}

const processLine = (name: string, t: { wall: number[]; cpu: number[] }) =>
  `  ${name.padEnd(52)} wall ${formatSummary(summarize(t.wall))}${t.cpu.length ? `  cpu ${formatSummary(summarize(t.cpu))}` : ''}`;

const rawSelect = `const { DatabaseSync } = require('node:sqlite');
const db = new DatabaseSync(process.argv[1], { readOnly: true });
const rows = db.prepare("SELECT * FROM entries WHERE action IN ('deploy-plan','deploy-outcome','verification','post-deploy-outcome','override')").all();
const runs = db.prepare('SELECT * FROM runs').all();
for (const r of rows) if (r.data) JSON.parse(r.data);
process.stdout.write(String(rows.length + runs.length));`;

console.log(
  `\npnd report / pnd history on a generated year: ${year.counts.runs} runs, ${year.counts.entries} entries (52 weeks, ${year.components.length} components, ${year.envs.join(' → ')}); ${runs} runs each after one warm-up`,
);
const cli = (journal: string, ...args: string[]) => [
  'bin/pnd.js',
  ...args,
  '--config',
  join(dir, 'absent.yaml'),
  '--journal',
  journal,
];
console.log(processLine('baseline: node -e 0 (Node start-up)', processTimes(['-e', '0'])));
console.log(
  processLine(
    'baseline: node, raw SELECT of the same rows (SQLite)',
    processTimes(['-e', rawSelect, yearPath]),
  ),
);
console.log(
  processLine(
    'pnd report --week 2026-W30 (SQLite)',
    processTimes(cli(yearPath, 'report', '--week', '2026-W30')),
  ),
);
console.log(
  processLine(
    'pnd report --week 2026-W30 --json (SQLite)',
    processTimes(['bin/pnd.js', '--json', ...cli(yearPath, 'report', '--week', '2026-W30').slice(1)]),
  ),
);
console.log(processLine('pnd history, the whole year (SQLite)', processTimes(cli(yearPath, 'history'))));
console.log(
  processLine(
    'pnd history --since 2026-12-01 (SQLite)',
    processTimes(cli(yearPath, 'history', '--since', '2026-12-01')),
  ),
);
if (yearUrl) {
  console.log(
    processLine(
      'pnd report --week 2026-W30 (PostgreSQL)',
      processTimes(cli(yearUrl, 'report', '--week', '2026-W30')),
    ),
  );
  console.log(processLine('pnd history, the whole year (PostgreSQL)', processTimes(cli(yearUrl, 'history'))));
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`DROP SCHEMA ${pg.escapeIdentifier(yearSchema)} CASCADE`);
  await client.end();
} else console.log('  PostgreSQL: SKIPPED, PND_TEST_DATABASE_URL is not set');
rmSync(dir, { recursive: true, force: true });
