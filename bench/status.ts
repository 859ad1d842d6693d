/**
 * `pnd status` (issue 7) on the tilgangsinfo estate with every simulator request answered 100 ms
 * late (a delay fault, as a far-away API). The state read is Tuesday 08:45 after a real
 * Monday issue and Wednesday TT02 day (deploy, verify, post-deploy), played without latency.
 * Prints:
 *   - a cold `pnd status` (a fresh provider context, as a fresh process has: no ETags): wall time,
 *     wall time in round trips (wall / latency), requests per vendor, after a warm-up;
 *   - an unchanged `--watch` refresh: wall time and the GitHub rate limit it used (core and
 *     GraphQL, read from GET /rate_limit, which costs nothing), and the HTTP statuses of its
 *     GitHub requests (GitHub deployers are probed with conditional REST lists and their GraphQL
 *     read is skipped while nothing changed; patch day is re-read at most every 15 minutes);
 *   - the baseline in the same run: the same refresh as plain polling — no conditional requests,
 *     no change probe, patch day re-read every refresh.
 * Targets: cold status <= 4 round trips; an unchanged refresh costs 0. The simulator runs in its
 * own process; pnd uses the production client settings (printed first). Each figure is the median
 * and range of --runs runs (default 3); the refresh and its baseline run the same number of
 * times. Prints figures; asserts nothing.
 *
 *   node bench/status.ts [--latency 100] [--runs 3]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { deployDayRequest } from '../src/train/deploy/request.ts';
import { runWeeklyIssueJob } from '../src/app/weekly-issue-job.ts';
import { generateTemplate } from '../src/checklist/template-generate.ts';
import { loadEstate } from '../src/config/load.ts';
import { SqliteJournal } from '../src/journal/index.ts';
import { createGitHubClient, type GitHubClient } from '../src/providers/github/client.ts';
import { ProviderContext, type ProviderSettings } from '../src/providers/registry.ts';
import { StatusReader } from '../src/status/reader.ts';
import { runDeployDay } from '../src/train/deploy/deploy-day.ts';
import { clientSettingsBanner, productionProviderSettings } from './lib/production-settings.ts';
import { RemoteSim } from './lib/remote-sim.ts';
import { formatSummary, repeat, summarize, timed } from './lib/runner.ts';

const { values } = parseArgs({
  options: { latency: { type: 'string', default: '100' }, runs: { type: 'string', default: '3' } },
});
const latency = Number(values.latency);
const runs = Number(values.runs);
const oslo = (local: string) => Date.parse(`${local}:00+01:00`);

console.log(clientSettingsBanner());
const { estate } = loadEstate('examples/tilgangsinfo/pnd.yaml', {});
const sim = await RemoteSim.start(readFileSync('examples/tilgangsinfo/scenario.yaml', 'utf8'));
const clock = sim.clock;
const journal = new SqliteJournal({ path: ':memory:', clock });

const settings = (): ProviderSettings => productionProviderSettings(sim.access, clock);

/** The baseline's context: a GitHub client without the ETag cache (every GET a full 200). */
class UnconditionalContext extends ProviderContext {
  #plain: GitHubClient | undefined;
  override get github(): GitHubClient {
    this.#plain ??= createGitHubClient({
      baseUrl: this.settings.github.apiUrl,
      token: this.settings.github.token,
      ca: this.settings.ca,
      writeSpacingMs: this.settings.github.writeSpacingMs,
      retryBaseMs: this.settings.github.retryBaseMs,
    });
    return this.#plain;
  }
}

const reader = (providers: ProviderContext, options: { watch?: boolean; patchDayRefreshMs?: number } = {}) =>
  new StatusReader({ estate, providers, journal, clock, ...options });

async function rateUsed(): Promise<{ core: number; graphql: number }> {
  const { data } = await new ProviderContext(settings()).github.request('GET /rate_limit');
  return { core: data.resources.core.used, graphql: data.resources.graphql?.used ?? 0 };
}

interface Figures {
  ms: number;
  requests: number;
  byVendor: Record<string, number>;
  githubStatuses: Record<string, number>;
  rate?: { core: number; graphql: number };
}

async function measure(fn: () => Promise<unknown>, rate = false): Promise<Figures> {
  const before = rate ? await rateUsed() : undefined;
  const since = await sim.lastSeq();
  const { ms } = await timed(fn);
  const entries = (await sim.entries(since)).filter((e) => e.path !== '/gh/rate_limit');
  const byVendor: Record<string, number> = {};
  const githubStatuses: Record<string, number> = {};
  for (const e of entries) {
    byVendor[e.vendor] = (byVendor[e.vendor] ?? 0) + 1;
    if (e.vendor.startsWith('github')) githubStatuses[e.status] = (githubStatuses[e.status] ?? 0) + 1;
  }
  const after = rate ? await rateUsed() : undefined;
  return {
    ms,
    requests: entries.length,
    byVendor,
    githubStatuses,
    ...(before && after
      ? { rate: { core: after.core - before.core, graphql: after.graphql - before.graphql } }
      : {}),
  };
}

const list = (record: Record<string, number>) =>
  Object.entries(record)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');

/** Wall time and round trips as median and range; requests and rate limit of the median run. */
function row(name: string, all: Figures[]): string {
  const wall = summarize(all.map((f) => f.ms));
  const trips = summarize(all.map((f) => f.ms / latency));
  const f = [...all].sort((a, b) => a.ms - b.ms)[(all.length - 1) >> 1]!;
  const rate = f.rate ? `  rate limit used: core ${f.rate.core}, graphql ${f.rate.graphql}` : '';
  return `  ${name.padEnd(40)} ${formatSummary(wall)} ${formatSummary(trips, 'round trips', 1)} ${f.requests} requests (${list(f.byVendor)}; GitHub statuses: ${list(f.githubStatuses)})${rate}`;
}

const median = (all: Figures[]) => [...all].sort((a, b) => a.ms - b.ms)[(all.length - 1) >> 1]!;

try {
  // The week so far, without latency: Monday's issue, Wednesday's TT02 day.
  const [owner, repo] = estate.team.issueRepository.split('/') as [string, string];
  const issue = (now: number) =>
    runWeeklyIssueJob({
      team: estate.team.name,
      repo: { owner, repo },
      teamLabels: estate.team.labels,
      timeZone: estate.calendar.timeZone,
      template: { text: generateTemplate(estate).text, file: 'generated' },
      now,
      env: {},
      closeLastWeek: false,
      updateExisting: false,
      dryRun: false,
      github: new ProviderContext(settings()).github,
    });
  await issue(clock.now());
  await sim.set(oslo('2026-11-25T09:00'));
  await runDeployDay(
    deployDayRequest(estate, {
      env: 'tt02',
      dryRun: false,
      clock,
      journal,
      providers: new ProviderContext(settings()),
    }),
  );
  await sim.set(oslo('2026-11-30T05:00'));
  await issue(clock.now());
  await sim.set(oslo('2026-12-01T08:45'));
  await reader(new ProviderContext(settings())).read(); // warm-up: TLS, JIT, spec validators

  await sim.fault({ kind: 'delay', delayMs: latency });
  const cold = await repeat(runs, () => measure(() => reader(new ProviderContext(settings())).read()));

  const watching = reader(new ProviderContext(settings()), { watch: true });
  await watching.read();
  const refresh = await repeat(runs, () => measure(() => watching.read(), true));

  const polling = reader(new UnconditionalContext(settings()), { patchDayRefreshMs: 0 });
  await polling.read();
  const baseline = await repeat(runs, () => measure(() => polling.read(), true));

  console.log(
    `pnd status, tilgangsinfo estate, Tuesday 08:45 after the TT02 day; ${latency} ms per request; ${runs} runs each`,
  );
  console.log(row('cold pnd status', cold));
  console.log(row('unchanged --watch refresh', refresh));
  console.log(row('baseline: refresh without ETags, PRs re-read', baseline));
  const [c, r, b] = [median(cold), median(refresh), median(baseline)];
  console.log(
    `  targets: cold status <= 4 round trips (${(c.ms / latency).toFixed(1)}); unchanged refresh costs 0 rate limit (core ${r.rate?.core}, graphql ${r.rate?.graphql}; baseline core ${b.rate?.core}, graphql ${b.rate?.graphql})`,
  );
  const problems = await sim.problems();
  if (problems > 0) console.log(`simulator problems: ${problems}`);
} finally {
  await sim.clearFaults();
  await journal.close();
  await sim.stop();
}
