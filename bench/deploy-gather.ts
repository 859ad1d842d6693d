/**
 * Deploy day's gather phase (issue 4), every simulator request answered 100 ms late (a delay
 * fault, as a far-away API). For each estate and environment it prints the requests made (per
 * vendor), the wall time, the wall time in round trips (wall / latency) and the most requests in
 * flight at once per vendor (counted in the simulator's intercept hook), for pnd's gather
 * (`runDeployDay` with dryRun: the engine's `gatherPlan`) and for a sequential baseline: the same
 * deployer and change-feed calls awaited one after another. Estates:
 *   - tilgangsinfo (examples/): TT02 on Wednesday 2026-11-25 09:00 Oslo; production on Tuesday
 *     2026-12-01 09:00 after a real TT02 day (deploy, verify, post-deploy) run without latency.
 *   - a generated estate of 50 components (bench/support/generated-estate.ts): TT02 on the
 *     Wednesday and production on the Tuesday, as seeded.
 * Targets: tilgangsinfo <= 4 round trips; 50 components <= 6 round trips and never more than 10
 * GitHub requests in flight. pnd's figure is the median of 3 runs (a fresh client each, so no
 * ETag cache), after one warm-up without latency; the baseline runs once. Prints figures;
 * asserts nothing.
 *
 *   node bench/deploy-gather.ts [--components 50] [--latency 100]
 */
import { simProviderSettings } from '../src/demo/sim-providers.ts';
import { parseArgs } from 'node:util';
import { deployDayRequest } from '../src/train/deploy/request.ts';
import { loadEstate } from '../src/config/load.ts';
import type { Estate } from '../src/config/schema.ts';
import { VirtualClock } from '../src/core/clock.ts';
import { simAccess } from '../src/demo/sim-access.ts';
import { SqliteJournal } from '../src/journal/index.ts';
import { ProviderContext } from '../src/providers/registry.ts';
import { loadScenario } from '../src/sim/scenario/load.ts';
import type { Scenario } from '../src/sim/scenario/schema.ts';
import { startSimulator, type Simulator } from '../src/sim/simulator.ts';
import { runDeployDay } from '../src/train/deploy/deploy-day.ts';
import type { DeployDayRequest } from '../src/train/deploy/model.ts';
import { generateEstate } from './support/generated-estate.ts';

const { values } = parseArgs({
  options: {
    components: { type: 'string', default: '50' },
    latency: { type: 'string', default: '100' },
  },
});
const size = Number(values.components);
const latency = Number(values.latency);

interface Figures {
  ms: number;
  requests: number;
  byVendor: Record<string, number>;
  maxInFlight: Record<string, number>;
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
  readonly sim: Simulator;
  readonly clock: VirtualClock;
  readonly estate: Estate;
  readonly journal: SqliteJournal;
  readonly #inFlight = new Map<string, number>();
  readonly #max = new Map<string, number>();

  private constructor(sim: Simulator, clock: VirtualClock, estate: Estate) {
    this.sim = sim;
    this.clock = clock;
    this.estate = estate;
    this.journal = new SqliteJournal({ path: ':memory:', clock });
    // Called when a request arrives (before faults and the delay) and just before its answer.
    sim.intercept = {
      before: (entry) => {
        const now = (this.#inFlight.get(entry.vendor) ?? 0) + 1;
        this.#inFlight.set(entry.vendor, now);
        this.#max.set(entry.vendor, Math.max(this.#max.get(entry.vendor) ?? 0, now));
        return undefined;
      },
      after: (entry) => {
        this.#inFlight.set(entry.vendor, (this.#inFlight.get(entry.vendor) ?? 1) - 1);
        return undefined;
      },
    };
  }

  static async start(scenario: Scenario, estate: Estate): Promise<Bench> {
    const clock = new VirtualClock(scenario.start, { autoAdvance: true });
    const sim = await startSimulator({ scenario, clock, warn: (m) => process.stderr.write(`${m}\n`) });
    return new Bench(sim, clock, estate);
  }

  /** A fresh context per run, as a fresh `pnd deploy` process has: no approvals or ETag cache. */
  providers(): ProviderContext {
    return new ProviderContext(simProviderSettings(simAccess(this.sim), this.clock));
  }

  request(env: string, dryRun = true): DeployDayRequest {
    return deployDayRequest(this.estate, {
      env,
      dryRun,
      clock: this.clock,
      journal: this.journal,
      providers: this.providers(),
      issue: false,
    });
  }

  async measure(fn: () => Promise<unknown>): Promise<Figures> {
    this.#max.clear();
    const since = this.sim.log.lastSeq;
    const started = performance.now();
    await fn();
    const ms = performance.now() - started;
    const entries = this.sim.log.entries(since);
    const byVendor: Record<string, number> = {};
    for (const e of entries) byVendor[e.vendor] = (byVendor[e.vendor] ?? 0) + 1;
    return { ms, requests: entries.length, byVendor, maxInFlight: Object.fromEntries(this.#max) };
  }

  /** pnd's gather: the dry run stops after gather and plan. */
  pnd(env: string): Promise<unknown> {
    return runDeployDay(this.request(env));
  }

  /** The baseline: the calls the gather makes, awaited one after another. */
  async sequential(env: string): Promise<void> {
    const request = this.request(env);
    const now = this.clock.now();
    for (const target of request.targets) {
      await target.deployer.waiting();
      await target.deployer.deployments();
      if (target.upstream) await target.upstream.deployer.deployments();
    }
    for (const feed of request.feeds) await feed.reader.changes(now - feed.lookbackMs);
  }

  async run(env: string): Promise<{ pnd: Figures; sequential: Figures }> {
    await this.pnd(env); // warm-up: TLS, JIT, spec validators
    this.sim.faults.add({ kind: 'delay', delayMs: latency });
    try {
      const runs: Figures[] = [];
      for (let i = 0; i < 3; i++) runs.push(await this.measure(() => this.pnd(env)));
      const pnd = runs.sort((a, b) => a.ms - b.ms)[1]!;
      const sequential = await this.measure(() => this.sequential(env));
      return { pnd, sequential };
    } finally {
      this.sim.faults.clear();
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

function row(name: string, f: Figures): string {
  return `  ${name.padEnd(22)} ${f.ms.toFixed(0).padStart(6)} ms ${(f.ms / latency).toFixed(1).padStart(6)} round trips ${String(f.requests).padStart(4)} requests (${perVendor(f.byVendor)})  max in flight: ${perVendor(f.maxInFlight)}`;
}

function report(title: string, target: string, result: { pnd: Figures; sequential: Figures }): void {
  console.log(`${title}`);
  console.log(row('pnd, median of 3', result.pnd));
  console.log(row('sequential baseline', result.sequential));
  console.log(
    `  sequential / pnd: ${(result.sequential.ms / result.pnd.ms).toFixed(1)}x wall time; target for pnd: ${target}`,
  );
  // The throttling plugin lets 10 GitHub requests run at once: n requests take n / 10 round trips.
  const github = result.pnd.byVendor.github ?? 0;
  console.log(
    `  floor for pnd's GitHub requests at 10 in flight: ${github} / 10 = ${Math.ceil(github / 10)} round trips`,
  );
}

console.log(`deploy-day gather phase, ${latency} ms added to every simulator request`);

// The seed estate: TT02 on Wednesday, then a real TT02 day, then production on Tuesday.
{
  const { estate } = loadEstate('examples/tilgangsinfo/pnd.yaml', {});
  const bench = await Bench.start(await loadScenario('examples/tilgangsinfo/scenario.yaml'), estate);
  try {
    bench.clock.set(oslo('2026-11-25T09:00'));
    const tt02 = await bench.run('tt02');
    report(
      `tilgangsinfo, TT02 (Wednesday 2026-11-25 09:00 Oslo), 3 components + 1 change feed`,
      '<= 4 round trips',
      tt02,
    );
    const day = await runDeployDay(bench.request('tt02', false));
    const outcomes = day.components.map((c) => `${c.component.id} ${c.outcome}`).join(', ');
    bench.clock.set(oslo('2026-12-01T09:00'));
    const production = await bench.run('production');
    report(
      `tilgangsinfo, production (Tuesday 2026-12-01 09:00 Oslo, after the TT02 day: ${outcomes})`,
      '<= 4 round trips',
      production,
    );
    if (bench.sim.problems().length > 0) console.log(`  simulator problems: ${bench.sim.problems().length}`);
  } finally {
    await bench.stop();
  }
}

// The generated estate.
{
  const generated = generateEstate(size);
  const bench = await Bench.start(generated.scenario, generated.estate);
  const kinds = (kind: string) =>
    generated.estate.components.filter((c) => c.environments.tt02?.deployer.kind === kind).length;
  const what = `${size} components (${kinds('ado-release')} ado-release, ${kinds('github-environment')} github-environment) + 1 change feed`;
  try {
    bench.clock.set(oslo('2026-11-25T09:00'));
    report(
      `generated, TT02 (Wednesday), ${what}`,
      '<= 6 round trips, <= 10 GitHub requests in flight',
      await bench.run('tt02'),
    );
    bench.clock.set(oslo('2026-12-01T09:00'));
    report(
      `generated, production (Tuesday, as seeded), ${what}`,
      '<= 6 round trips, <= 10 GitHub requests in flight',
      await bench.run('production'),
    );
    if (bench.sim.problems().length > 0) console.log(`  simulator problems: ${bench.sim.problems().length}`);
  } finally {
    await bench.stop();
  }
}
