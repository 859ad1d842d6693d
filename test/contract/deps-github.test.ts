import { describe, expect, it } from 'vitest';
import { PndError } from '../../src/core/errors.ts';
import { createGitHubClient } from '../../src/providers/github/client.ts';
import { GitHubDependencyPRs } from '../../src/providers/github/dependency-prs.ts';
import { parseScenario } from '../../src/sim/scenario/load.ts';
import { useSimulators } from '../support/simulator.ts';

// The GitHub side of DependencyPRs against the simulator's GraphQL (GitHub's real schema) and REST.
const SCENARIO = `
name: deps-github
start: '2026-11-26T06:30:00Z'
github:
  users: [{ login: oncall-kari, push: ['Team/*'] }]
  tokens: [{ token: ghp_kari, login: oncall-kari }]
  repositories:
    - fullName: Team/api
      pulls:
        - { title: 'Update dependency a to v1.2.3', user: 'renovate[bot]', ci: green }
        - { title: 'Add a feature', user: oncall-kari }
        - title: 'Bump b from 1.0.0 to 1.0.1'
          user: 'dependabot[bot]'
          ci: none
          statuses: [{ context: 'ci/jenkins', state: failure }]
        - title: 'Bump c from 2.0.0 to 2.1.0'
          user: 'dependabot[bot]'
          ci: none
          statuses: [{ context: 'ci/jenkins', state: pending }]
          checkRuns: [{ name: lint, status: completed, conclusion: success }]
        - { title: 'Lock file maintenance', user: 'renovate[bot]', ci: none, labels: [dependencies, wip], draft: true }
        - { title: 'Update dependency d to v2', user: 'renovate[bot]', ci: red, mergeable: false }
    - fullName: Team/web
      allowMergeCommit: false
      allowSquashMerge: false
      pulls:
        - { title: 'Update dependency e to v3.0.1', user: 'renovate[bot]', ci: pending, mergeable: null }
`;

const startSimulator = useSimulators();

async function start() {
  const sim = await startSimulator({ scenario: parseScenario(SCENARIO), warn: () => {} });
  // Unspaced writes: the subject is what GitHub answers; the 1 s / 3 s spacing is tested on a
  // virtual clock (src/providers/github/client.test.ts), and tests never wait on it.
  const github = createGitHubClient({
    baseUrl: sim.urls.github,
    token: 'ghp_kari',
    ca: sim.caPem,
    writeSpacingMs: { write: 0, notifying: 0 },
  });
  return { sim, github };
}

describe('GitHubDependencyPRs against the simulator', () => {
  it('lists the bots’ open PRs of all repositories with aliases, pages a repository with more, and rolls up CI', async () => {
    const { sim, github } = await start();
    const prs = new GitHubDependencyPRs(github, { pageSize: 2 });
    const seq = sim.log.lastSeq;
    const listing = await prs.list({
      repositories: ['Team/api', 'Team/web', 'Team/missing', 'Team/api'],
      bots: ['renovate[bot]', 'dependabot[bot]'],
    });
    // Page 1 of every repository in one request; then only Team/api's further pages, one request each.
    const requests = sim.log.entries(seq);
    expect(requests.map((e) => `${e.method} ${e.vendor} ${e.status}`)).toEqual(
      new Array(3).fill('POST github-graphql 200'),
    );
    const queries = requests.map((e) => (e.body as { query: string }).query);
    expect(queries[0]).toMatch(/r2: repository\(owner: \$o2, name: \$n2\)/);
    expect(queries[1]).not.toMatch(/r1: repository/);

    expect(listing.viewer).toBe('oncall-kari');
    expect(listing.missing).toEqual(['Team/missing']);
    expect(listing.repositories.map((r) => [r.repo, r.mergeMethods])).toEqual([
      ['Team/api', ['squash', 'merge', 'rebase']],
      ['Team/web', ['rebase']],
    ]);
    const api = listing.repositories[0]!.pulls;
    expect(api.map((p) => [p.number, p.author, p.ci, p.mergeable, p.draft])).toEqual([
      [1, 'renovate[bot]', 'green', 'mergeable', false],
      [3, 'dependabot[bot]', 'red', 'mergeable', false],
      [4, 'dependabot[bot]', 'pending', 'mergeable', false],
      [5, 'renovate[bot]', 'none', 'mergeable', true],
      [6, 'renovate[bot]', 'red', 'conflicting', false],
    ]);
    expect(api[3]).toMatchObject({
      title: 'Lock file maintenance',
      labels: ['dependencies', 'wip'],
      url: 'https://github.com/Team/api/pull/5',
      reviewDecision: null,
    });
    expect(api[0]!.headSha).toMatch(/^[0-9a-f]{40}$/);
    expect(listing.repositories[1]!.pulls.map((p) => [p.ci, p.mergeable])).toEqual([['pending', 'unknown']]);
    // Only the configured bots: no person's PR.
    expect(api.some((p) => p.title === 'Add a feature')).toBe(false);
    expect(sim.problems()).toEqual([]);
  });

  it('asks a large listing as queries side by side and puts the answers back in the input’s order', async () => {
    // 60 repositories (one of them missing, in the second half): two queries of 30, each with
    // the merge settings; the listing reads as if it had been one.
    const names = Array.from({ length: 60 }, (_, i) => `Org/svc-${String(i).padStart(2, '0')}`);
    const scenario = {
      name: 'deps-github-large',
      start: '2026-11-26T06:30:00Z',
      github: {
        users: [{ login: 'oncall-ola', push: ['Org/*'] }],
        tokens: [{ token: 'ghp_ola', login: 'oncall-ola' }],
        repositories: names
          .filter((n) => n !== 'Org/svc-41')
          .map((fullName, i) => ({
            fullName,
            ...(i % 2 === 0 ? {} : { allowMergeCommit: false }),
            pulls: [
              { title: `Update dependency x-${i} to v1.0.${i}`, user: 'renovate[bot]', ci: 'green' },
              { title: 'Refactor', user: 'oncall-ola' },
            ],
          })),
      },
    };
    const sim = await startSimulator({ scenario: parseScenario(JSON.stringify(scenario)), warn: () => {} });
    const github = createGitHubClient({ baseUrl: sim.urls.github, token: 'ghp_ola', ca: sim.caPem });
    const seq = sim.log.lastSeq;
    const listing = await new GitHubDependencyPRs(github).list({
      repositories: [...names].reverse(),
      bots: ['renovate[bot]'],
    });
    const queries = sim.log.entries(seq).map((e) => (e.body as { query: string }).query);
    expect(queries).toHaveLength(2);
    for (const q of queries) {
      expect(q).toMatch(/r29: repository/);
      expect(q).not.toMatch(/r30: repository/);
      expect(q).toMatch(/squashMergeAllowed/);
    }
    expect(listing.viewer).toBe('oncall-ola');
    expect(listing.missing).toEqual(['Org/svc-41']);
    const present = [...names].reverse().filter((n) => n !== 'Org/svc-41');
    expect(listing.repositories.map((r) => r.repo)).toEqual(present);
    expect(listing.repositories.every((r) => r.pulls.length === 1 && r.pulls[0]!.repo === r.repo)).toBe(true);
    expect(listing.repositories.find((r) => r.repo === 'Org/svc-01')!.mergeMethods).toEqual([
      'squash',
      'rebase',
    ]);
    expect(sim.problems()).toEqual([]);
  });

  it('a RATE_LIMITED answer (HTTP 200) goes to the throttling plugin as for any GraphQL read', async () => {
    // The listing parses its answers itself; an answer with errors other than NOT_FOUND is asked
    // again through Octokit's graphql, whose throttling plugin sees the primary limit.
    const { sim } = await start();
    const waits: string[] = [];
    const github = createGitHubClient({
      baseUrl: sim.urls.github,
      token: 'ghp_kari',
      ca: sim.caPem,
      rateLimitRetries: 1,
      throttleBaseMs: 0,
      onWait: (w) => waits.push(w.kind),
    });
    sim.world.fire('github.rate-limit-exhausted', { token: 'ghp_kari', resource: 'graphql' });
    const seq = sim.log.lastSeq;
    const error = await new GitHubDependencyPRs(github)
      .list({ repositories: ['Team/api'], bots: ['renovate[bot]'] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PndError);
    // The throttling plugin's own error, as a GraphQL read through Octokit gets it.
    expect(error).toMatchObject({
      code: 'rate-limited',
      details: { vendorMessage: 'GraphQL Rate Limit Exceeded', resetsAt: expect.any(String) },
    });
    expect(waits).toEqual(['primary']);
    // The parsed answer, then Octokit's request and its one retry after the wait.
    expect(sim.log.entries(seq).map((e) => `${e.method} ${e.vendor} ${e.status}`)).toEqual(
      new Array(3).fill('POST github-graphql 200'),
    );
  });

  it('approves at a commit, and maps GitHub’s 405 (method not allowed) and 409 (head moved) to conflicts', async () => {
    const { sim, github } = await start();
    const prs = new GitHubDependencyPRs(github);
    const listing = await prs.list({ repositories: ['Team/api', 'Team/web'], bots: ['renovate[bot]'] });
    const pull = listing.repositories[0]!.pulls[0]!;

    expect(await prs.approvedBy('Team/api', pull.number, listing.viewer, pull.headSha)).toBe(false);
    await prs.approve('Team/api', pull.number, pull.headSha, 'Approved by pnd.');
    expect(await prs.approvedBy('Team/api', pull.number, listing.viewer, pull.headSha)).toBe(true);
    expect(await prs.approvedBy('Team/api', pull.number, listing.viewer, '0'.repeat(40))).toBe(false);

    const web = listing.repositories[1]!.pulls[0]!;
    const refused = await prs
      .merge('Team/web', web.number, { method: 'merge', sha: web.headSha })
      .catch((e) => e);
    expect(refused).toBeInstanceOf(PndError);
    expect(refused).toMatchObject({
      code: 'conflict',
      details: {
        status: 405,
        vendorMessage: expect.stringMatching(/^Merge commits are not allowed on this repository\./),
      },
    });

    const moved = await prs
      .merge('Team/api', pull.number, { method: 'squash', sha: '0'.repeat(40) })
      .catch((e) => e);
    expect(moved).toMatchObject({ code: 'conflict', details: { status: 409 } });
    expect(await prs.read('Team/api', pull.number)).toMatchObject({
      state: 'open',
      headSha: pull.headSha,
      mergeable: true,
      mergedBy: null,
    });
    expect(sim.problems()).toEqual([]);
  }, 30_000);
});
