/**
 * Deploy day's gather phase (issue 4), every simulator request answered 100 ms late (a delay
 * fault, as a far-away API). For each estate and environment it prints the requests made (per
 * vendor), the wall time, the wall time in round trips (wall / latency) and the most requests in
 * flight at once per vendor (counted in the simulator process), for pnd's gather (`runDeployDay`
 * with dryRun: the engine's `gatherPlan`) and for a serial baseline: the same gather, the same
 * requests, with the simulator answering one request at a time (each after the previous answer),
 * as code that awaits every call in turn would. Estates:
 *   - tilgangsinfo (examples/): TT02 on Wednesday 2026-11-25 09:00 Oslo; production on Tuesday
 *     2026-12-01 09:00 after a real TT02 day (deploy, verify, post-deploy) run without latency.
 *   - generated estates of 50 and 200 components (bench/support/generated-estate.ts): TT02 on
 *     the Wednesday and production on the Tuesday, as seeded.
 * Targets: tilgangsinfo <= 4 round trips; 50 and 200 components <= 6 round trips, and never more
 * than 10 requests in flight to GitHub, nor to one Azure DevOps organisation. GitHub's floor does
 * not grow with components: two GraphQL queries in sequence (releases and deployments of every
 * repository, then the runs waiting on the waiting deployments), no REST request. Nor does Azure
 * DevOps's: the first page of each list, the later pages asked at once, then per-definition reads
 * only for definitions whose history the project pages did not reach. The simulator runs
 * in its own process; pnd uses the production client settings (printed first). pnd and the
 * baseline run the same number of times (--runs, default 3; a fresh client each, so no ETag
 * cache) after one warm-up without latency; each figure is the median and range of those runs.
 * The warm-up's requests and answers are validated against the vendor specs (its problems are
 * printed); the timed runs are not: the simulator is one thread, and validating large answers
 * (a page of 100 Azure DevOps releases is ~1.9 MB) one after another was timed as pnd's round
 * trips — about 2.4 of them at 200 components — where real services answer in parallel.
 * Prints figures; asserts nothing.
 *
 *   node bench/deploy-gather.ts [--components 50,200] [--latency 100] [--runs 3]
 */
import { parseArgs } from 'node:util';
import { deployDayRequest } from '../src/train/deploy/request.ts';
import { loadEstate } from '../src/config/load.ts';
import type { Estate } from '../src/config/schema.ts';
import { SqliteJournal } from '../src/journal/index.ts';
import { ProviderContext } from '../src/providers/registry.ts';
import { runDeployDay } from '../src/train/deploy/deploy-day.ts';
import type { DeployDayRequest } from '../src/train/deploy/model.ts';
import { clientSettingsBanner, productionProviderSettings } from './lib/production-settings.ts';
import { RemoteSim } from './lib/remote-sim.ts';
import { formatSummary, repeat, summarize, timed, type Summary } from './lib/runner.ts';
import { generateEstate } from './support/generated-estate.ts';
import { readFileSync } from 'node:fs';
import type { LoggedRequest } from '../src/sim/request-log.ts';

const { values } = parseArgs({
  options: {
    components: { type: 'string', default: '50,200' },
    latency: { type: 'string', default: '100' },
    runs: { type: 'string', default: '3' },
  },
});
const sizes = values.components.split(',').map(Number);
const latency = Number(values.latency);
const runs = Number(values.runs);

/** One run: wall time, requests per vendor, most in flight per vendor. */
interface Figures {
  ms: number;
  requests: number;
  byVendor: Record<string, number>;
  maxInFlight: Record<string, number>;
  ado: { first: number; later: number; perDefinition: number; single: number };
}

/** Several runs of one side: wall time summarized; requests and in-flight from the median run. */
interface Side {
  wall: Summary;
  median: Figures;
}

const VENDOR_SHORT: Record<string, string> = {
  github: 'gh',
  'github-graphql': 'gh-gql',
  'azure-devops-release': 'ado-rel',
  'azure-devops-build': 'ado-build',
};
const short = (vendor: string) => VENDOR_SHORT[vendor] ?? vendor;

/** Oslo is UTC+1 in late November and early December. */
const oslo = (local: string) => Date.parse(`${local}:00+01:00`);

class Bench {
  readonly sim: RemoteSim;
  readonly estate: Estate;
  readonly journal: SqliteJournal;

  private constructor(sim: RemoteSim, estate: Estate) {
    this.sim = sim;
    this.estate = estate;
    this.journal = new SqliteJournal({ path: ':memory:', clock: sim.clock });
  }

  static async start(scenarioText: string, estate: Estate): Promise<Bench> {
    return new Bench(await RemoteSim.start(scenarioText), estate);
  }

  /** A fresh context per run, as a fresh `pnd deploy` process has: no approvals or ETag cache. */
  providers(): ProviderContext {
    return new ProviderContext(productionProviderSettings(this.sim.access, this.sim.clock));
  }

  request(env: string, dryRun = true): DeployDayRequest {
    return deployDayRequest(this.estate, {
      env,
      dryRun,
      clock: this.sim.clock,
      journal: this.journal,
      providers: this.providers(),
      issue: false,
    });
  }

  async measure(fn: () => Promise<unknown>): Promise<Figures> {
    await this.sim.resetInFlight();
    const since = await this.sim.lastSeq();
    const { ms } = await timed(fn);
    const entries = await this.sim.entries(since);
    const byVendor: Record<string, number> = {};
    for (const e of entries) byVendor[e.vendor] = (byVendor[e.vendor] ?? 0) + 1;
    return {
      ms,
      requests: entries.length,
      byVendor,
      maxInFlight: await this.sim.maxInFlight(),
      ado: adoWaves(entries),
    };
  }

  /** pnd's gather: the dry run stops after gather and plan. */
  pnd(env: string): Promise<unknown> {
    return runDeployDay(this.request(env));
  }

  async side(env: string, serial: boolean): Promise<Side> {
    await this.sim.serial(serial);
    try {
      const all = await repeat(runs, () => this.measure(() => this.pnd(env)));
      const wall = summarize(all.map((f) => f.ms));
      const median = [...all].sort((a, b) => a.ms - b.ms)[(all.length - 1) >> 1]!;
      return { wall, median };
    } finally {
      await this.sim.serial(false);
    }
  }

  async run(env: string): Promise<{ pnd: Side; serial: Side }> {
    // Warm-up: TLS, JIT, and every request and answer validated against the vendor specs (the
    // problems are counted at the end); the timed runs of both sides are not validated.
    await this.pnd(env);
    await this.sim.fault({ kind: 'delay', delayMs: latency });
    await this.sim.validate(false);
    try {
      return { pnd: await this.side(env, false), serial: await this.side(env, true) };
    } finally {
      await this.sim.validate(true);
      await this.sim.clearFaults();
    }
  }

  async stop(): Promise<void> {
    await this.journal.close();
    await this.sim.stop();
  }
}

const perVendor = (record: Record<string, number>) =>
  Object.entries(record)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([vendor, n]) => `${short(vendor)} ${n}`)
    .join(', ');

function row(name: string, side: Side): string {
  const trips = {
    ...side.wall,
    median: side.wall.median / latency,
    min: side.wall.min / latency,
    max: side.wall.max / latency,
  };
  const f = side.median;
  return `  ${name.padEnd(20)} ${formatSummary(side.wall)}  ${formatSummary(trips, 'round trips', 1)}  ${f.requests} requests (${perVendor(f.byVendor)})  max in flight: ${perVendor(f.maxInFlight)}`;
}

function report(title: string, target: string, result: { pnd: Side; serial: Side }): void {
  console.log(`${title}`);
  console.log(row('pnd', result.pnd));
  console.log(row('serial baseline', result.serial));
  console.log(
    `  serial / pnd: ${(result.serial.wall.median / result.pnd.wall.median).toFixed(1)}x median wall time; target for pnd: ${target}`,
  );
  // GitHub is read by GraphQL in at most two waves, however many components: releases and
  // deployments (100 repositories a query), then, when deployments wait, their runs (100
  // deployments a query); the queries of a wave run at once. REST requests (only the fallback
  // when a query cannot tell) run 10 at once after the waves: n take n / 10 round trips more.
  const queries = result.pnd.median.byVendor['github-graphql'] ?? 0;
  const waves = Math.min(queries, 2);
  const rest = result.pnd.median.byVendor.github ?? 0;
  console.log(
    `  floor for pnd's GitHub requests: ${queries} GraphQL ${queries === 1 ? 'query' : 'queries'} in ${waves} ${waves === 1 ? 'wave' : 'waves'} + ${rest} REST / 10 in flight = ${waves + Math.ceil(rest / 10)} round trips`,
  );
  // Azure DevOps (10 requests in flight per organisation; every estate here has one): the first
  // page of each list (the project's releases, its pending approvals, a change feed's builds) at
  // once; the later pages of the lists after them, asked at once (guessed from the first page's
  // id stride; a hole the guesses leave costs one more round trip, not counted here); then one
  // read per definition the pages did not answer, then single releases an approval points to.
  const { first, later, perDefinition, single } = result.pnd.median.ado;
  const adoTrips = [first > 0 ? 1 : 0, ...[later, perDefinition, single].map((n) => Math.ceil(n / 10))];
  console.log(
    `  floor for pnd's Azure DevOps requests: ${first} first ${first === 1 ? 'page' : 'pages'} at once + ${later} later pages / 10 + ${perDefinition} per-definition reads / 10 + ${single} single reads / 10 = ${adoTrips.join(' + ')} = ${adoTrips.reduce((a, b) => a + b, 0)} round trips`,
  );
}

/** pnd's Azure DevOps requests by the wave they can be asked in (see `report`). */
function adoWaves(entries: LoggedRequest[]): Figures['ado'] {
  const ado = { first: 0, later: 0, perDefinition: 0, single: 0 };
  for (const e of entries) {
    if (!e.vendor.startsWith('azure-devops')) continue;
    const query = new URLSearchParams(e.query);
    if (!/\/(approvals|releases|builds)$/.test(e.path)) ado.single++;
    else if (query.has('continuationToken')) ado.later++;
    else if (e.path.endsWith('/releases') && query.has('definitionId')) ado.perDefinition++;
    else ado.first++;
  }
  return ado;
}

console.log(clientSettingsBanner());
console.log(`deploy-day gather phase, ${latency} ms added to every simulator request, ${runs} runs per side`);
console.log(
  '  the simulator validates every request and answer of the warm-up run against the vendor specs, not of the timed runs',
);

// The seed estate: TT02 on Wednesday, then a real TT02 day, then production on Tuesday.
{
  const { estate } = loadEstate('examples/tilgangsinfo/pnd.yaml', {});
  const bench = await Bench.start(readFileSync('examples/tilgangsinfo/scenario.yaml', 'utf8'), estate);
  try {
    await bench.sim.set(oslo('2026-11-25T09:00'));
    const tt02 = await bench.run('tt02');
    report(
      `tilgangsinfo, TT02 (Wednesday 2026-11-25 09:00 Oslo), 3 components + 1 change feed`,
      '<= 4 round trips',
      tt02,
    );
    const day = await runDeployDay(bench.request('tt02', false));
    const outcomes = day.components.map((c) => `${c.component.id} ${c.outcome}`).join(', ');
    await bench.sim.set(oslo('2026-12-01T09:00'));
    const production = await bench.run('production');
    report(
      `tilgangsinfo, production (Tuesday 2026-12-01 09:00 Oslo, after the TT02 day: ${outcomes})`,
      '<= 4 round trips',
      production,
    );
    const problems = await bench.sim.problems();
    if (problems > 0) console.log(`  simulator problems: ${problems}`);
  } finally {
    await bench.stop();
  }
}

// The generated estates.
for (const size of sizes) {
  const generated = generateEstate(size);
  const bench = await Bench.start(generated.scenarioText, generated.estate);
  const kinds = (kind: string) =>
    generated.estate.components.filter((c) => c.environments.tt02?.deployer.kind === kind).length;
  const what = `${size} components (${kinds('ado-release')} ado-release, ${kinds('github-environment')} github-environment) + 1 change feed`;
  try {
    await bench.sim.set(oslo('2026-11-25T09:00'));
    report(
      `generated, TT02 (Wednesday), ${what}`,
      '<= 6 round trips, <= 10 requests in flight per vendor',
      await bench.run('tt02'),
    );
    await bench.sim.set(oslo('2026-12-01T09:00'));
    report(
      `generated, production (Tuesday, as seeded), ${what}`,
      '<= 6 round trips, <= 10 requests in flight per vendor',
      await bench.run('production'),
    );
    const problems = await bench.sim.problems();
    if (problems > 0) console.log(`  simulator problems: ${problems}`);
  } finally {
    await bench.stop();
  }
}
