import { describe, expect, it } from 'vitest';
import { createGitHubClient, type GitHubClient } from '../../src/providers/github/client.ts';
import { GitHubEnvironmentDeployer } from '../../src/providers/github/environment-deployer.ts';
import { GitHubRepoFacts } from '../../src/providers/github/repo-facts.ts';
import { parseScenario } from '../../src/sim/scenario/load.ts';
import { useSimulators } from '../support/simulator.ts';

// What waits on an environment, for several repositories at once. GitHub creates a job's
// deployment (status WAITING) when the job starts waiting, and the deployer reads each
// environment's recent deployments anyway (one query for every repository): from the waiting ones
// one more query for every repository reaches the runs, through their commits' check suites, with
// what they wait for. No REST request, however many repositories. An invented estate.

const REPOS = ['harbour/ledger', 'harbour/tides', 'harbour/berths'];
const sha = (i: number) => `${(i + 10).toString(16).padStart(3, '0')}${'0'.repeat(37)}`;

/** Each repository's ship.yml run is past staging and waits on live; Bo started it. */
function scenarioOf(repos: string[]): string {
  return `
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
${repos
  .map(
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
  )
  .join('\n')}
`;
}
const SCENARIO = scenarioOf(REPOS);

const startSimulator = useSimulators();

function deployersOf(github: GitHubClient, repos: string[], environment = 'live', workflow = 'ship.yml') {
  const facts = new GitHubRepoFacts(github);
  return repos.map(
    (repository) =>
      new GitHubEnvironmentDeployer(
        { kind: 'github-environment', repository, workflow, environment },
        github,
        facts,
      ),
  );
}

describe('GitHub environment deployer: what waits', () => {
  it.each([3, 24])(
    'reads what waits in %i repositories with the same two GraphQL queries and no REST request',
    async (count) => {
      const repos = Array.from({ length: count }, (_, i) => `harbour/repo-${i}`);
      const s = await startSimulator({ scenario: parseScenario(scenarioOf(repos)), warn: () => {} });
      const github = createGitHubClient({ baseUrl: s.urls.github, token: 'ghp_ana', ca: s.caPem });
      const since = s.log.lastSeq;
      const waiting = await Promise.all(deployersOf(github, repos).map((d) => d.waiting()));

      // Each repository's run waits on live; Ana may review it (Bo started it).
      expect(waiting.map((w) => w.map((c) => [c.version.commitSha, c.blockedReason]))).toEqual(
        repos.map((_, i) => [[sha(i), undefined]]),
      );
      const entries = s.log.entries(since);
      expect(entries.filter((e) => e.vendor === 'github')).toEqual([]);
      // One query for releases and deployments, one from the waiting deployments to their runs.
      expect(entries.filter((e) => e.vendor === 'github-graphql')).toHaveLength(2);
      expect(s.problems()).toEqual([]);
    },
  );

  it('tells a waiting run the same facts as REST does', async () => {
    const s = await startSimulator({ scenario: parseScenario(SCENARIO), warn: () => {} });
    const github = createGitHubClient({ baseUrl: s.urls.github, token: 'ghp_bo', ca: s.caPem });
    const [owner, repo] = REPOS[1]!.split('/') as [string, string];
    const [candidate] = await deployersOf(github, [REPOS[1]!])[0]!.waiting();
    const { data } = await github.rest.actions.listWorkflowRuns({
      owner,
      repo,
      workflow_id: 'ship.yml',
      status: 'waiting',
    });
    const run = data.workflow_runs[0]!;
    expect(candidate).toEqual({
      version: {
        id: run.head_sha,
        label: `${run.head_branch} (${run.head_sha.slice(0, 7)})`,
        commitSha: run.head_sha,
        tag: run.head_branch,
        committedAt: run.head_commit!.timestamp,
      },
      ref: `github:${REPOS[1]}:run:${run.id}:live`,
      createdAt: run.created_at,
      steps: [`approve the live review of run ${run.run_number}`],
      url: run.html_url,
      // Bo started the run and live prevents self-review: only Ana may review it.
      blockedReason: expect.stringMatching(/one of: ana-lund\. /),
    });
    expect(run.actor!.login).toBe('bo-ek');
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

// The waiting deployment leads to its commit, and a commit may carry runs of other workflows, or
// runs waiting on other environments: only a run of the configured workflow whose pending
// request is this environment's is a candidate.
const SHARED_COMMIT = 'd00d'.padEnd(40, '0');
const MIXED = `
name: waiting-runs-mixed
start: '2026-03-09T08:00:00Z'
github:
  users:
    - { login: ana-lund, push: ['harbour/*'] }
    - { login: bo-ek, push: ['harbour/*'] }
  tokens:
    - { token: ghp_ana, login: ana-lund }
  repositories:
    - fullName: harbour/ledger
      environments:
        - { name: staging, requiredReviewers: [ana-lund] }
        - { name: live, requiredReviewers: [ana-lund] }
      workflows:
        - { file: ship.yml, name: Ship, jobs: [{ environment: staging }, { environment: live }] }
        - { file: hotfix.yml, name: Hotfix, jobs: [{ environment: live }] }
        - { file: nightly.yml, name: Nightly, on: push, jobs: [] }
      runs:
        # Ship waits on staging, Hotfix on live: both on the same commit.
        - { workflow: ship.yml, headSha: '${SHARED_COMMIT}', actor: bo-ek, createdAt: '2026-03-04T10:00:00Z' }
        - { workflow: hotfix.yml, headSha: '${SHARED_COMMIT}', actor: bo-ek, createdAt: '2026-03-04T11:00:00Z' }
`;

describe('GitHub environment deployer: runs on the commit of a waiting deployment', () => {
  it('takes no run of another workflow, nor a run of its own waiting on another environment', async () => {
    const s = await startSimulator({ scenario: parseScenario(MIXED), warn: () => {} });
    const github = createGitHubClient({ baseUrl: s.urls.github, token: 'ghp_ana', ca: s.caPem });
    const [shipLive] = deployersOf(github, ['harbour/ledger'], 'live', 'ship.yml');
    const [shipStaging] = deployersOf(github, ['harbour/ledger'], 'staging', 'ship.yml');
    const [hotfixLive] = deployersOf(github, ['harbour/ledger'], 'live', 'hotfix.yml');

    // live's waiting deployment is Hotfix's; Ship's run on that commit waits on staging.
    expect(await shipLive!.waiting()).toEqual([]);
    const [hotfix] = await hotfixLive!.waiting();
    const [ship] = await shipStaging!.waiting();
    expect([hotfix?.version.commitSha, ship?.version.commitSha]).toEqual([SHARED_COMMIT, SHARED_COMMIT]);
    // Each is its own workflow's run (REST names them).
    const runOf = async (workflow: string) =>
      (
        await github.rest.actions.listWorkflowRuns({
          owner: 'harbour',
          repo: 'ledger',
          workflow_id: workflow,
          status: 'waiting',
        })
      ).data.workflow_runs[0]!.id;
    expect(hotfix?.ref).toBe(`github:harbour/ledger:run:${await runOf('hotfix.yml')}:live`);
    expect(ship?.ref).toBe(`github:harbour/ledger:run:${await runOf('ship.yml')}:staging`);
    expect(s.problems()).toEqual([]);
  });

  it('asks REST when the commit has more check suites than the query reads and the run is not among them', async () => {
    // Ten Nightly runs on the same commit after Ship's: Ship's suite is the eleventh newest.
    const nightly = Array.from(
      { length: 10 },
      (_, i) =>
        `        - { workflow: nightly.yml, event: schedule, headSha: '${SHARED_COMMIT}', actor: bo-ek, createdAt: '2026-03-0${5 + (i % 4)}T0${i % 10}:00:00Z' }`,
    ).join('\n');
    const scenario = MIXED.replace(/ {8}- \{ workflow: hotfix\.yml.*\n/, `${nightly}\n`);
    const s = await startSimulator({ scenario: parseScenario(scenario), warn: () => {} });
    const github = createGitHubClient({ baseUrl: s.urls.github, token: 'ghp_ana', ca: s.caPem });
    const [shipStaging] = deployersOf(github, ['harbour/ledger'], 'staging', 'ship.yml');
    const since = s.log.lastSeq;

    const [candidate] = await shipStaging!.waiting();
    expect(candidate?.version.commitSha).toBe(SHARED_COMMIT);
    expect(candidate?.steps).toEqual(['approve the staging review of run 1']);
    const rest = s.log
      .entries(since)
      .filter((e) => e.vendor === 'github')
      .map((e) => `${e.method} ${e.template}`);
    expect(rest).toEqual(['GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs']);
    expect(s.problems()).toEqual([]);
  });
});

describe('GitHub environment deployer: a token that may not read check suites', () => {
  it('finds the waiting run by REST, as before Checks: read was asked for', async () => {
    // A workflow's GITHUB_TOKEN with the permissions pnd documented before: no `checks`.
    const scenario = SCENARIO.replace(
      '  repositories:\n',
      `  actionsTokens:
    - token: ghs_no_checks
      repository: ${REPOS[0]}
      permissions: { metadata: read, contents: read, actions: read, deployments: read }
  repositories:\n`,
    );
    const s = await startSimulator({ scenario: parseScenario(scenario), warn: () => {} });
    const github = createGitHubClient({ baseUrl: s.urls.github, token: 'ghs_no_checks', ca: s.caPem });
    const since = s.log.lastSeq;
    const [candidate] = await deployersOf(github, [REPOS[0]!])[0]!.waiting();
    expect(candidate?.version.commitSha).toBe(sha(0));
    const entries = s.log.entries(since);
    // The check-suite query was refused (FORBIDDEN), then REST listed the waiting runs.
    expect(entries.filter((e) => e.vendor === 'github').map((e) => `${e.method} ${e.template}`)).toEqual([
      'GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs',
    ]);
    expect(entries.filter((e) => e.vendor === 'github-graphql')).toHaveLength(3);
  });
});
