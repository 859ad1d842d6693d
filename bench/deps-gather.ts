/**
 * Patch day's gather phase at scale: 100 repositories with 10 open dependency-bot PRs each, every
 * request answered 100 ms late (a simulator delay fault, as a far-away API). Prints, for pnd's
 * GraphQL gather (GitHubDependencyPRs.list) and for a per-repository REST baseline (list the open
 * pull requests, then the combined status and the check runs of each bot PR's head), the wall
 * time in round trips of 100 ms and the number of requests. Targets for pnd: at most 3 round
 * trips and at most 5 requests. Both use the production client (throttling: at most 10 requests
 * in flight). pnd's figure is the median of 3 warm runs; the baseline runs once (it takes
 * minutes at larger sizes). Prints figures; asserts nothing.
 *
 *   node bench/deps-gather.ts [--repos 100] [--pulls 10] [--latency 100]
 */
import { parseArgs } from 'node:util';
import { createGitHubClient, type GitHubClient } from '../src/providers/github/client.ts';
import { GitHubDependencyPRs } from '../src/providers/github/dependency-prs.ts';
import { scenarioSchema } from '../src/sim/scenario/schema.ts';
import { startSimulator, type Simulator } from '../src/sim/simulator.ts';

const { values } = parseArgs({
  options: {
    repos: { type: 'string', default: '100' },
    pulls: { type: 'string', default: '10' },
    latency: { type: 'string', default: '100' },
  },
});
const repoCount = Number(values.repos);
const pullCount = Number(values.pulls);
const latency = Number(values.latency);
const BOTS = ['renovate[bot]', 'dependabot[bot]'];
const CI = ['green', 'green', 'green', 'red', 'pending', 'none'] as const;

const repositories = Array.from(
  { length: repoCount },
  (_, r) => `bench/service-${String(r).padStart(3, '0')}`,
);
const scenario = scenarioSchema.parse({
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
});

async function measure(
  sim: Simulator,
  fn: () => Promise<number>,
): Promise<{ ms: number; requests: number; pulls: number }> {
  const seq = sim.log.lastSeq;
  const started = performance.now();
  const pulls = await fn();
  return { ms: performance.now() - started, requests: sim.log.entries(seq).length, pulls };
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

const sim = await startSimulator({ scenario, warn: (m) => process.stderr.write(`${m}\n`) });
try {
  const github = createGitHubClient({ baseUrl: sim.urls.github, token: 'ghp_bench', ca: sim.caPem });
  const gather = async () => {
    const listing = await new GitHubDependencyPRs(github).list({ repositories, bots: BOTS });
    return listing.repositories.reduce((n, r) => n + r.pulls.length, 0);
  };
  // The client spaces GraphQL requests 1 s apart (plugin-throttling): wait that out between runs.
  const spacing = () => new Promise((resolve) => setTimeout(resolve, 1_100));
  // Warm-up without delay: TLS session, the GraphQL schema (built once per process), JIT.
  await gather();
  await spacing();
  sim.faults.add({ kind: 'delay', delayMs: latency });

  const runs: Awaited<ReturnType<typeof measure>>[] = [];
  for (let i = 0; i < 3; i++) {
    runs.push(await measure(sim, gather));
    await spacing();
  }
  const graphql = runs.sort((a, b) => a.ms - b.ms)[1]!;
  const rest = await measure(sim, () => restBaseline(github));

  const row = (name: string, m: { ms: number; requests: number; pulls: number }) =>
    `${name.padEnd(44)} ${m.ms.toFixed(0).padStart(7)} ms  ${(m.ms / latency).toFixed(1).padStart(6)} round trips  ${String(m.requests).padStart(5)} requests  ${m.pulls} bot PRs`;
  console.log(
    `gather: ${repoCount} repositories x ${pullCount} bot PRs, ${latency} ms added to every request`,
  );
  console.log(row('pnd (GraphQL, aliases, paged), median of 3', graphql));
  console.log(row('baseline (REST per repository/PR)', rest));
  console.log('targets for pnd: <= 3 round trips, <= 5 requests');
  if (sim.problems().length > 0) console.log(`simulator problems: ${sim.problems().length}`);
} finally {
  await sim.stop();
}
