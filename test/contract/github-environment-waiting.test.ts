import { describe, expect, it } from 'vitest';
import { createGitHubClient } from '../../src/providers/github/client.ts';
import { GitHubEnvironmentDeployer } from '../../src/providers/github/environment-deployer.ts';
import { GitHubRepoFacts } from '../../src/providers/github/repo-facts.ts';
import { parseScenario } from '../../src/sim/scenario/load.ts';
import { useSimulators } from '../support/simulator.ts';

// What waits on an environment, for several repositories at once: each repository's waiting
// runs are listed by REST, and what they wait for is read for all of them in one GraphQL query
// (WorkflowRun.pendingDeploymentRequests), not by one REST read per run. An invented estate.

const REPOS = ['harbour/ledger', 'harbour/tides', 'harbour/berths'];
const sha = (i: number) => `${'abc'[i]}${'0'.repeat(39)}`;

const SCENARIO = `
name: waiting-runs
start: '2026-03-09T08:00:00Z'
github:
  users:
    - { login: ana-lund, push: ['harbour/*'] }
    - { login: bo-ek, push: ['harbour/*'] }
  tokens:
    - { token: ghp_ana, login: ana-lund }
    - { token: ghp_bo, login: bo-ek }
  repositories:
${REPOS.map(
  (fullName, i) => `    - fullName: ${fullName}
      environments:
        - { name: staging, requiredReviewers: [ana-lund, bo-ek], preventSelfReview: true }
        - { name: live, requiredReviewers: [ana-lund, bo-ek], preventSelfReview: true }
      workflows:
        - file: ship.yml
          name: Ship
          on: release
          jobs:
            - { environment: staging, duration: 2m }
            - { environment: live, duration: 2m }
      runs:
        - workflow: ship.yml
          headSha: '${sha(i)}'
          actor: bo-ek
          createdAt: '2026-03-04T10:00:00Z'
          approvedAt: ['2026-03-04T10:05:00Z']
          jobsDone: 1`,
).join('\n')}
`;

const startSimulator = useSimulators();

describe('GitHub environment deployer: what waits', () => {
  it('reads what the waiting runs of every repository wait for in one GraphQL query', async () => {
    const s = await startSimulator({ scenario: parseScenario(SCENARIO), warn: () => {} });
    const github = createGitHubClient({ baseUrl: s.urls.github, token: 'ghp_ana', ca: s.caPem });
    const facts = new GitHubRepoFacts(github);
    const deployers = REPOS.map(
      (repository) =>
        new GitHubEnvironmentDeployer(
          { kind: 'github-environment', repository, workflow: 'ship.yml', environment: 'live' },
          github,
          facts,
        ),
    );
    const since = s.log.lastSeq;
    const waiting = await Promise.all(deployers.map((d) => d.waiting()));

    // Each repository's run waits on live; Ana may review it (Bo started it).
    expect(waiting.map((w) => w.map((c) => [c.version.commitSha, c.blockedReason]))).toEqual(
      REPOS.map((_, i) => [[sha(i), undefined]]),
    );
    const entries = s.log.entries(since);
    const rest = entries.filter((e) => e.vendor === 'github').map((e) => `${e.method} ${e.template}`);
    // Per repository one list of the waiting runs, and no read per run.
    expect(rest).toEqual(REPOS.map(() => 'GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs'));
    // One query for releases and deployments, one for the pending deployment requests.
    expect(entries.filter((e) => e.vendor === 'github-graphql')).toHaveLength(2);
    expect(s.problems()).toEqual([]);
  });

  it("says who may review when the token's user started the run", async () => {
    const s = await startSimulator({ scenario: parseScenario(SCENARIO), warn: () => {} });
    const github = createGitHubClient({ baseUrl: s.urls.github, token: 'ghp_bo', ca: s.caPem });
    const deployer = new GitHubEnvironmentDeployer(
      { kind: 'github-environment', repository: REPOS[0]!, workflow: 'ship.yml', environment: 'live' },
      github,
      new GitHubRepoFacts(github),
    );
    const [candidate] = await deployer.waiting();
    expect(candidate?.blockedReason).toMatch(/one of: ana-lund\b/);
    expect(candidate?.blockedReason).not.toMatch(/bo-ek/);
  });
});

// On GitHub a job that waits on an environment's review already has its deployment, in state
// `waiting` (GraphQL `DeploymentState.WAITING`; the `deployment_protection_rule` event carries
// it while the rules are still evaluated), so "a deployment exists for the commit" does not mean
// the review was approved.
describe('GitHub environment deployer: a deployment waiting for its review', () => {
  it('is not taken for an approved or running deploy', async () => {
    const s = await startSimulator({ scenario: parseScenario(SCENARIO), warn: () => {} });
    const github = createGitHubClient({ baseUrl: s.urls.github, token: 'ghp_ana', ca: s.caPem });
    const [owner, repo] = REPOS[0]!.split('/') as [string, string];
    const deployer = new GitHubEnvironmentDeployer(
      { kind: 'github-environment', repository: REPOS[0]!, workflow: 'ship.yml', environment: 'live' },
      github,
      new GitHubRepoFacts(github),
    );

    const { data: deployments } = await github.rest.repos.listDeployments({
      owner,
      repo,
      environment: 'live',
    });
    expect(deployments.map((d) => d.sha)).toEqual([sha(0)]);
    const statusesOf = async () =>
      (
        await github.rest.repos.listDeploymentStatuses({ owner, repo, deployment_id: deployments[0]!.id })
      ).data.map((st) => st.state as string);
    expect(await statusesOf()).toEqual(['waiting']);
    const graphql = await github.graphql<{
      repository: { deployments: { nodes: { state: string; latestStatus: { state: string } | null }[] } };
    }>(
      `query($o: String!, $n: String!) { repository(owner: $o, name: $n) { deployments(environments: ["live"], first: 5) { nodes { state latestStatus { state } } } } }`,
      { o: owner, n: repo },
    );
    expect(graphql.repository.deployments.nodes).toEqual([
      { state: 'WAITING', latestStatus: { state: 'WAITING' } },
    ]);

    const [candidate] = await deployer.waiting();
    expect(candidate?.version.commitSha).toBe(sha(0));
    expect((await deployer.deployments()).map((d) => d.version.id)).not.toContain(sha(0));
    expect(await deployer.progress(candidate!)).toMatchObject({ state: 'waiting' });
    const review = deployer.openGate(candidate!, 'ok').find((step) => step.action === 'approve')!;
    expect(await review.ready?.()).toBe(true);
    expect(await review.isDone()).toBe(false);

    await review.act();
    expect(await review.isDone()).toMatchObject({ by: 'bo-ek' });
    expect((await statusesOf())[0]).toBe('queued');
    expect(await deployer.progress(candidate!)).toMatchObject({ state: 'deploying' });
    expect(s.problems()).toEqual([]);
  });
});
