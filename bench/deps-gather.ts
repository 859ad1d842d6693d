/**
 * Patch day's gather phase at scale: 100 repositories with 10 open dependency-bot PRs each, every
 * request answered 100 ms late (a simulator delay fault, as a far-away API). Prints, for pnd's
 * GraphQL gather (GitHubDependencyPRs.list) and for a per-repository REST baseline (list the open
 * pull requests, then the combined status and the check runs of each bot PR's head: the same
 * facts, gathered the way the REST API offers them), the wall time in round trips of 100 ms and
 * the number of requests (pnd's first pages go out as up to 4 aliased queries at once, so the
 * simulator resolving one overlaps pnd reading another; the pages all come back within one round
 * of requests). Targets for pnd: at most 3 round trips and at most 5 requests. Both use
 * the production client settings (printed first); the simulator runs in its own process. Both run
 * the same number of times (--runs, default 3) after one warm-up without latency, and print the
 * median and range. Prints figures; asserts nothing.
 *
 *   node bench/deps-gather.ts [--repos 100] [--pulls 10] [--latency 100] [--runs 3]
 */
import { DEFAULT_MEMORY_TARGET_MIB } from '../src/sim/memory-budget.ts';
import { parseArgs } from 'node:util';
import { createGitHubClient, type GitHubClient } from '../src/providers/github/client.ts';
import { GitHubDependencyPRs } from '../src/providers/github/dependency-prs.ts';
import { clientSettingsBanner } from './lib/production-settings.ts';
import { RemoteSim } from './lib/remote-sim.ts';
import { formatSummary, repeat, summarize, timed } from './lib/runner.ts';

const { values } = parseArgs({
  options: {
    repos: { type: 'string', default: '100' },
    pulls: { type: 'string', default: '10' },
    latency: { type: 'string', default: '100' },
    runs: { type: 'string', default: '3' },
  },
});
const runs = Number(values.runs);
const repoCount = Number(values.repos);
const pullCount = Number(values.pulls);
const latency = Number(values.latency);
const BOTS = ['renovate[bot]', 'dependabot[bot]'];
const CI = ['green', 'green', 'green', 'red', 'pending', 'none'] as const;

const repositories = Array.from(
  { length: repoCount },
  (_, r) => `bench/service-${String(r).padStart(3, '0')}`,
);
const scenario = {
  name: 'bench-deps',
  start: '2026-11-26T06:30:00Z',
  github: {
    users: [{ login: 'bench', push: ['bench/*'] }],
    tokens: [{ token: 'ghp_bench', login: 'bench', rateLimit: 100_000_000 }],
    repositories: repositories.map((fullName, r) => ({
      fullName,
      pulls: Array.from({ length: pullCount }, (_, p) => ({
        title:
          p % 2 === 0
            ? `Update dependency lib-${p} to v1.${r}.${p + 1}`
            : `Bump pkg-${p} from 2.0.${p} to 2.${r}.0`,
        user: BOTS[p % 2],
        labels: ['dependencies'],
        ci: CI[(r + p) % CI.length],
        createdAt: '-4d',
      })),
    })),
  },
};

interface Run {
  ms: number;
  requests: number;
  pulls: number;
}

async function measure(sim: RemoteSim, fn: () => Promise<number>): Promise<Run> {
  const seq = await sim.lastSeq();
  const { ms, value: pulls } = await timed(fn);
  return { ms, requests: (await sim.entries(seq)).length, pulls };
}

async function restBaseline(github: GitHubClient): Promise<number> {
  const bots = new Set(BOTS);
  const perRepo = await Promise.all(
    repositories.map(async (fullName) => {
      const [owner, repo] = fullName.split('/') as [string, string];
      const pulls = await github.paginate(github.rest.pulls.list, {
        owner,
        repo,
        state: 'open',
        per_page: 100,
      });
      const botPulls = pulls.filter((p) => bots.has(p.user?.login ?? ''));
      await Promise.all(
        botPulls.flatMap((p) => [
          github.rest.repos.getCombinedStatusForRef({ owner, repo, ref: p.head.sha }),
          github.rest.checks.listForRef({ owner, repo, ref: p.head.sha, per_page: 100 }),
        ]),
      );
      return botPulls.length;
    }),
  );
  return perRepo.reduce((a, b) => a + b, 0);
}

console.log(clientSettingsBanner());
const sim = await RemoteSim.start(scenario);
try {
  const github = createGitHubClient({
    baseUrl: sim.access.urls.github,
    token: 'ghp_bench',
    ca: sim.access.ca,
  });
  const gather = async () => {
    const listing = await new GitHubDependencyPRs(github).list({ repositories, bots: BOTS });
    return listing.repositories.reduce((n, r) => n + r.pulls.length, 0);
  };
  // Warm-up without delay: TLS session, the simulator's GraphQL schema and spec validators, JIT.
  await gather();
  await restBaseline(github);
  await sim.fault({ kind: 'delay', delayMs: latency });

  const graphql = await repeat(runs, () => measure(sim, gather));
  const rest = await repeat(runs, () => measure(sim, () => restBaseline(github)));

  const row = (name: string, all: Run[]) => {
    const wall = summarize(all.map((r) => r.ms));
    const trips = summarize(all.map((r) => r.ms / latency));
    const requests = summarize(all.map((r) => r.requests));
    return `${name.padEnd(36)} ${formatSummary(wall)}  ${formatSummary(trips, 'round trips', 1)}  ${requests.median} requests  ${all[0]!.pulls} bot PRs`;
  };
  console.log(
    `gather: ${repoCount} repositories x ${pullCount} bot PRs, ${latency} ms added to every request, ${runs} runs each`,
  );
  console.log(row('pnd (GraphQL, aliases, side by side)', graphql));
  console.log(row('baseline (REST per repository/PR)', rest));
  console.log('targets for pnd: <= 3 round trips, <= 5 requests');
  const peak = await sim.peakRssMiB();
  const budget = await sim.memoryBudget();
  console.log(
    `simulator process peak resident (VmHWM): ${peak?.toFixed(1) ?? 'n/a'} MiB; memory budget: ${
      budget
        ? `target ${budget.targetBytes / 1048576} MiB, working target now ${(budget.workingTargetBytes / 1048576).toFixed(0)} MiB, ${budget.collections} memory-reducing collections, ${budget.collectMs.toFixed(0)} ms in them`
        : `off (BENCH_SIM_MEMORY_TARGET=${DEFAULT_MEMORY_TARGET_MIB} runs it as pnd sim does)`
    }`,
  );
  const problems = await sim.problems();
  if (problems > 0) console.log(`simulator problems: ${problems}`);
} finally {
  await sim.stop();
}
