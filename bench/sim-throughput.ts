/**
 * The simulator's throughput on the GitHub issue routes, with spec validation on, and its peak
 * memory — so it is never the bottleneck of later benchmarks (target: >= 2,000 requests/s and
 * < 150 MB). Baselines in the same run, each loaded with the same routes and the same number of
 * requests: a bare Node HTTPS server answering each route with a fixed body of the size the
 * simulator's answer has (the ceiling on this machine; bench/lib/bare-https-child.ts), and the
 * simulator with validation off (what validation costs).
 * Each server runs in its own process; the load comes from this one over keep-alive connections.
 * The simulator with validation on is started exactly as a user starts it (`bin/pnd.js sim`, which
 * re-executes itself with src/sim/process-settings.ts), so its memory is what `pnd sim` uses; the
 * validation-off baseline (bench/lib/sim-child.ts) gets the same process settings.
 * With --runs N every server is started N times afresh and each figure is printed as the median
 * and range (min-max) of the N runs; --servers limits the run to some of the servers (e.g. `on`
 * while working on the simulator's memory). Prints figures; asserts nothing.
 *
 *   node bench/sim-throughput.ts [--requests 20000] [--concurrency 16] [--runs 1] [--servers ceiling,on,off] [--memory-target 72]
 *   BENCH_SIM_NODE_FLAGS='--max-semi-space-size=2' node bench/sim-throughput.ts   (extra V8 flags for the servers)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { get } from 'node:https';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import {
  anonRssMiB,
  cpuSeconds,
  peakRssMiB,
  runLoad,
  sampleAnonPeak,
  type LoadRequest,
  type LoadResult,
} from './lib/load.ts';
import { benchScenario } from './lib/bench-scenario.ts';
import { formatSummary, summarize } from './lib/runner.ts';
import { SIMULATOR_ENV, SIMULATOR_NODE_FLAGS } from '../src/sim/process-settings.ts';
import { DEFAULT_MEMORY_TARGET_MIB } from '../src/sim/memory-budget.ts';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '20000' },
    concurrency: { type: 'string', default: '16' },
    runs: { type: 'string', default: '1' },
    servers: { type: 'string', default: 'ceiling,on,off' },
    'memory-target': { type: 'string', default: String(DEFAULT_MEMORY_TARGET_MIB) },
  },
});
const total = Number(values.requests);
const concurrency = Number(values.concurrency);
const runs = Number(values.runs);
const servers = new Set(values.servers.split(','));
const memoryTarget = values['memory-target'];
const auth = { authorization: 'Bearer ghp_bench', accept: 'application/vnd.github+json' };
const repo = '/gh/repos/bench/train';

const routes: Record<string, (i: number) => LoadRequest> = {
  'GET issue': (i) => ({ method: 'GET', path: `${repo}/issues/${(i % 300) + 1}`, headers: auth }),
  'GET issues by label (2 match)': () => ({
    method: 'GET',
    path: `${repo}/issues?labels=kind/deploy_patch,week/current&state=open`,
    headers: auth,
  }),
  'POST comment': (i) => ({
    method: 'POST',
    path: `${repo}/issues/${(i % 300) + 1}/comments`,
    body: '{"body":"Deployed."}',
    headers: auth,
  }),
  'GET issues page of 30 (stress)': (i) => ({
    method: 'GET',
    path: `${repo}/issues?labels=kind/deploy_patch&state=all&per_page=30&page=${(i % 10) + 1}`,
    headers: auth,
  }),
  'PATCH issue body': (i) => ({
    method: 'PATCH',
    path: `${repo}/issues/${(i % 300) + 1}`,
    body: JSON.stringify({ body: `- [x] Deploy to TT02 (${i})\n- [ ] Deploy to production` }),
    headers: auth,
  }),
  'mixed (60% get, 25% list by label, 10% patch, 5% comment)': (i) => {
    const r = i % 20;
    if (r < 12) return routes['GET issue']!(i);
    if (r < 17) return routes['GET issues by label (2 match)']!(i);
    if (r < 19) return routes['PATCH issue body']!(i);
    return routes['POST comment']!(i);
  },
};

interface Child {
  process: ChildProcess;
  url: string;
  ca: string;
  pid: number;
}

/** Starts `node [flags] script args` and reads its one-line JSON start line (url, caFile). */
async function startChild(
  script: string,
  args: string[],
  settings: { flags?: readonly string[]; env?: Readonly<Record<string, string>> } = {},
): Promise<Child> {
  const flags = [
    ...(settings.flags ?? []),
    ...(process.env.BENCH_SIM_NODE_FLAGS ?? '').split(' ').filter(Boolean),
  ];
  const child = spawn(process.execPath, [...flags, script, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...settings.env },
  });
  child.stderr!.on('data', (d: Buffer) => process.stderr.write(d));
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  const ready = JSON.parse(line) as { url: string; caFile: string };
  // `pnd sim` replaces itself (process.execve) and keeps its pid, so this is the simulator's.
  return { process: child, url: ready.url, ca: await readFile(ready.caFile, 'utf8'), pid: child.pid! };
}

/** `pnd sim` on the bench scenario, as a user runs it: frozen clock, the scenario's own start. */
function startPndSim(): Promise<Child> {
  const scenarioFile = join(mkdtempSync(join(tmpdir(), 'pnd-bench-sim-')), 'scenario.yaml');
  writeFileSync(scenarioFile, JSON.stringify(benchScenario()));
  const entry = new URL('../bin/pnd.js', import.meta.url).pathname;
  return startChild(entry, [
    'sim',
    '--json',
    '--speed',
    '0',
    '--start',
    'scenario',
    '--scenario',
    scenarioFile,
    '--memory-target',
    memoryTarget,
  ]);
}

async function stopChild(child: Child): Promise<void> {
  const exited = new Promise((resolve) => child.process.once('exit', resolve));
  child.process.kill('SIGTERM');
  await exited;
}

async function measure(child: Child, next: (i: number) => LoadRequest): Promise<LoadResult> {
  await runLoad({ origin: child.url, ca: child.ca, next, total: 500, maxSeconds: 10, concurrency }); // warm-up
  return runLoad({ origin: child.url, ca: child.ca, next, total, maxSeconds: 30, concurrency });
}

const fmt = (n: number) => n.toFixed(0).padStart(7);
const okShare = (r: LoadResult) => {
  const ok = Object.entries(r.statuses)
    .filter(([s]) => Number(s) < 400)
    .reduce((a, [, n]) => a + n, 0);
  return `${((ok / Math.max(1, r.requests)) * 100).toFixed(1)}% 2xx/3xx${r.errors ? `, ${r.errors} errors` : ''}`;
};

console.log(
  `pnd simulator throughput: ${total} requests per route, ${concurrency} keep-alive connections, ${runs} run(s), Node ${process.versions.node}`,
);

type Server = 'ceiling' | 'on' | 'off';
interface Run {
  perSecond: Map<string, LoadResult>;
  /** The server process's CPU time per request of each route, µs (Linux only). */
  cpuPerRequest: Map<string, number | undefined>;
  /** VmHWM, MiB. */
  peak: number | undefined;
  anonIdle: number | undefined;
  anonPeak: number;
  /** What the memory budget did (src/sim/memory-budget.ts), from the control API; the simulators only. */
  budget: { collections: number; collectMs: number; workingTargetBytes: number } | undefined;
}

/** GET /_sim/memory of a simulator (the bare HTTPS ceiling has no control API). */
function memoryBudget(child: Child): Promise<Run['budget']> {
  return new Promise((resolve) => {
    get(`${child.url}/_sim/memory`, { ca: child.ca }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => {
        try {
          resolve((JSON.parse(body) as { budget: Run['budget'] | null }).budget ?? undefined);
        } catch {
          resolve(undefined);
        }
      });
    }).on('error', () => resolve(undefined));
  });
}

function start(server: Server): Promise<Child> {
  if (server === 'ceiling')
    return startChild(new URL('./lib/bare-https-child.ts', import.meta.url).pathname, []);
  if (server === 'on') return startPndSim();
  return startChild(new URL('./lib/sim-child.ts', import.meta.url).pathname, ['off', memoryTarget], {
    flags: SIMULATOR_NODE_FLAGS,
    env: SIMULATOR_ENV,
  });
}

/** One fresh server process loaded with every route in turn. */
async function runOnce(server: Server): Promise<Run> {
  const child = await start(server);
  const anonIdle = await anonRssMiB(child.pid);
  const sampler = sampleAnonPeak(child.pid);
  const perSecond = new Map<string, LoadResult>();
  const cpuPerRequest = new Map<string, number | undefined>();
  for (const [route, next] of Object.entries(routes)) {
    const before = await cpuSeconds(child.pid);
    const result = await measure(child, next); // includes the warm-up requests
    const after = await cpuSeconds(child.pid);
    perSecond.set(route, result);
    cpuPerRequest.set(
      route,
      before !== undefined && after !== undefined
        ? ((after - before) / (result.requests + 500)) * 1e6
        : undefined,
    );
  }
  const anonPeak = sampler.stop();
  const peak = await peakRssMiB(child.pid);
  const budget = server === 'ceiling' ? undefined : await memoryBudget(child);
  await stopChild(child);
  return { perSecond, cpuPerRequest, peak, anonIdle, anonPeak, budget };
}

const results = new Map<Server, Run[]>();
for (const server of ['ceiling', 'on', 'off'] as const) {
  if (!servers.has(server)) continue;
  const all: Run[] = [];
  for (let run = 0; run < runs; run++) all.push(await runOnce(server));
  results.set(server, all);
}

const rate = (server: Server, route: string): number | undefined => {
  const all = results.get(server);
  return all && summarize(all.map((r) => r.perSecond.get(route)!.perSecond)).median;
};
const cell = (server: Server, route: string): string => {
  const all = results.get(server);
  if (!all) return 'n/a'.padStart(31);
  const s = summarize(all.map((r) => r.perSecond.get(route)!.perSecond));
  return `${fmt(s.median)} req/s (${s.min.toFixed(0)}-${s.max.toFixed(0)})`.padEnd(31);
};
const ratio = (a: number | undefined, b: number | undefined) =>
  a !== undefined && b !== undefined ? (a / b).toFixed(2) : ' n/a';
console.log(
  `\nroute                                              ${'validation on'.padEnd(31)} ${'validation off'.padEnd(31)} ${'ceiling (bare HTTPS)'.padEnd(31)} on/off on/ceiling`,
);
for (const route of Object.keys(routes)) {
  const first = (results.get('on') ?? results.get('off') ?? results.get('ceiling'))![0]!.perSecond.get(
    route,
  )!;
  console.log(
    `${route.padEnd(50)} ${cell('on', route)} ${cell('off', route)} ${cell('ceiling', route)} ${ratio(rate('on', route), rate('off', route))}   ${ratio(rate('on', route), rate('ceiling', route))}   (${okShare(first)})`,
  );
}
const cpuCell = (server: Server, route: string): string => {
  const known = (results.get(server) ?? [])
    .map((r) => r.cpuPerRequest.get(route))
    .filter((v): v is number => v !== undefined);
  if (known.length === 0) return 'n/a'.padEnd(31);
  const s = summarize(known);
  return `${fmt(s.median)} µs (${s.min.toFixed(0)}-${s.max.toFixed(0)})`.padEnd(31);
};
console.log(
  `\nserver CPU time per request (user + system, all threads: what the server costs, whatever else runs)`,
);
for (const route of Object.keys(routes)) {
  console.log(
    `${route.padEnd(50)} ${cpuCell('on', route)} ${cpuCell('off', route)} ${cpuCell('ceiling', route)}`,
  );
}
const served = (total + 500) * Object.keys(routes).length;
/** The goal is in MB (10^6 bytes); the figures are in MiB as /proc gives them. */
const megabytes = (values: (number | undefined)[]): string => {
  const known = values.filter((v): v is number => v !== undefined);
  if (known.length === 0) return '';
  const s = summarize(known.map((v) => (v * 1_048_576) / 1e6));
  return ` = ${s.median.toFixed(1)} MB (${s.min.toFixed(1)}-${s.max.toFixed(1)})`;
};
const mib = (values: (number | undefined)[]): string => {
  const known = values.filter((v): v is number => v !== undefined);
  return known.length > 0 ? formatSummary(summarize(known), 'MiB', 1) : 'n/a';
};
for (const [server, all] of results) {
  const name = {
    ceiling: 'ceiling (bare HTTPS)',
    on: 'simulator, validation on (pnd sim)',
    off: 'simulator, validation off',
  }[server];
  console.log(`\n${name}, memory over ${served} requests:`);
  console.log(
    `  peak resident (VmHWM, includes the Node binary's mapped code): ${mib(all.map((r) => r.peak))}${megabytes(all.map((r) => r.peak))}`,
  );
  console.log(
    `  anonymous resident (heap, malloc, stacks): ${mib(all.map((r) => r.anonIdle))} idle, ${mib(all.map((r) => r.anonPeak))} peak (sampled every 50 ms)`,
  );
  const budgets = all.map((r) => r.budget).filter((b) => b !== undefined);
  if (budgets.length > 0) {
    const collections = summarize(budgets.map((b) => b.collections));
    const ms = summarize(budgets.map((b) => b.collectMs));
    console.log(
      `  memory budget (--memory-target ${memoryTarget} MiB): ${collections.median} memory-reducing collections (${collections.min}-${collections.max}), ${ms.median.toFixed(0)} ms in them (${ms.min.toFixed(0)}-${ms.max.toFixed(0)})`,
    );
  } else if (server !== 'ceiling') console.log('  memory budget: off');
}
console.log('targets: >= 2,000 req/s on the issue routes with validation on; < 150 MB (143.1 MiB) peak');
