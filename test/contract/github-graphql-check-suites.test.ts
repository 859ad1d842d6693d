import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/sim/scenario/load.ts';
import type { Simulator } from '../../src/sim/simulator.ts';
import { octokitFor, type SimOctokitClient } from '../../src/sim/github/test-support.ts';
import { useSimulators } from '../support/simulator.ts';

// From a deployment to the workflow runs on its commit, through `octokit.graphql` on GitHub's
// real schema: `nodes(ids:)` with REST's deployment node_ids, `Deployment.commit`,
// `Commit.committedDate` and `Commit.checkSuites`, each suite's status, branch, creator, app and
// `workflowRun`. Every answer is compared with what REST says of the same objects: the
// deployment, the runs on its commit (their check_suite_id and check_suite_node_id, status,
// conclusion, head_branch, actor, head_commit.timestamp) and the check runs of a pull request's
// head commit (their check_suite.id and app). `CheckSuite.databaseId` is an Int, and suite ids
// passed 2^31 long ago (REST's are in the tens of billions): it is not asked for.

const startSimulator = useSimulators();

async function start(): Promise<Simulator> {
  return startSimulator({
    scenario: await loadScenario('examples/tilgangsinfo/scenario.yaml'),
    warn: () => {},
  });
}

const SUITE_FIELDS = `
  totalCount
  nodes {
    id
    status
    conclusion
    branch {
      name
    }
    creator {
      login
    }
    app {
      databaseId
      slug
    }
    workflowRun {
      id
      runNumber
      url
      createdAt
      file {
        path
      }
    }
  }
`;

const DEPLOYMENTS = /* GraphQL */ `
  query ($ids: [ID!]!) {
    nodes(ids: $ids) {
      __typename
      ... on Deployment {
        id
        databaseId
        commitOid
        environment
        commit {
          oid
          committedDate
          checkSuites(last: 10) { ${SUITE_FIELDS} }
        }
      }
    }
  }
`;

interface Suite {
  id: string;
  status: string;
  conclusion: string | null;
  branch: { name: string } | null;
  creator: { login: string } | null;
  app: { databaseId: number; slug: string };
  workflowRun: {
    id: string;
    runNumber: number;
    url: string;
    createdAt: string;
    file: { path: string };
  } | null;
}
interface Suites {
  totalCount: number;
  nodes: Suite[];
}
interface DeploymentNode {
  __typename: string;
  id: string;
  databaseId: number;
  commitOid: string;
  environment: string;
  commit: { oid: string; committedDate: string; checkSuites: Suites };
}

const REPO = { owner: 'Altinn', repo: 'altinn-auth-audit-log' };

type RestRun = Awaited<
  ReturnType<SimOctokitClient['rest']['actions']['listWorkflowRunsForRepo']>
>['data']['workflow_runs'][number];

/** REST's runs as GraphQL's check suites of their commit, oldest suite first. */
function suitesOf(runs: RestRun[], sha: string): Suite[] {
  return runs
    .filter((run) => run.head_sha === sha)
    .sort((a, b) => a.check_suite_id! - b.check_suite_id!)
    .map((run) => ({
      id: run.check_suite_node_id!,
      status: run.status!.toUpperCase(),
      conclusion: run.conclusion ? run.conclusion.toUpperCase() : null,
      branch: run.head_branch ? { name: run.head_branch } : null,
      creator: { login: run.actor!.login },
      app: { databaseId: 15368, slug: 'github-actions' },
      workflowRun: {
        id: run.node_id,
        runNumber: run.run_number,
        url: run.html_url,
        createdAt: run.created_at,
        file: { path: run.path },
      },
    }));
}

describe('GitHub GraphQL check suites', () => {
  it("reaches every deployment's commit and the runs on it as REST tells them", async () => {
    const s = await start();
    const kari = octokitFor(s, 'ghp_sim_oncall_kari');
    const { data: deployments } = await kari.rest.repos.listDeployments({ ...REPO, per_page: 100 });
    const { data: runs } = await kari.rest.actions.listWorkflowRunsForRepo({ ...REPO, per_page: 100 });
    expect(deployments.length).toBeGreaterThanOrEqual(2);
    expect(runs.workflow_runs.some((run) => run.status === 'waiting')).toBe(true);

    const answer = await kari.graphql<{ nodes: DeploymentNode[] }>(DEPLOYMENTS, {
      ids: deployments.map((d) => d.node_id),
    });
    expect(answer.nodes).toEqual(
      deployments.map((d) => {
        const suites = suitesOf(runs.workflow_runs, d.sha);
        const first = runs.workflow_runs.find((run) => run.head_sha === d.sha);
        return {
          __typename: 'Deployment',
          id: d.node_id,
          databaseId: d.id,
          commitOid: d.sha,
          environment: d.environment,
          commit: {
            oid: d.sha,
            committedDate: first!.head_commit!.timestamp,
            checkSuites: { totalCount: suites.length, nodes: suites.slice(-10) },
          },
        };
      }),
    );
    // The waiting run's suite waits (reached from both of its commit's deployments).
    const waiting = answer.nodes
      .flatMap((d) => d.commit.checkSuites.nodes)
      .filter((n) => n.status === 'WAITING');
    expect(new Set(waiting.map((n) => n.id)).size).toBe(1);
    expect(s.problems()).toEqual([]);
  });

  it("groups a pull request's check runs into their suites, of their app, with no workflow run", async () => {
    const s = await start();
    const kari = octokitFor(s, 'ghp_sim_oncall_kari');
    const repo = { owner: 'Altinn', repo: 'altinn-authentication' };
    const { data: pulls } = await kari.rest.pulls.list({ ...repo, state: 'open' });
    const pull = pulls[0]!;
    const { data: checks } = await kari.rest.checks.listForRef({ ...repo, ref: pull.head.sha });
    expect(checks.check_runs.length).toBeGreaterThan(0);

    const answer = await kari.graphql<{
      repository: { pullRequest: { commits: { nodes: { commit: { checkSuites: Suites } }[] } } };
    }>(
      `query ($o: String!, $n: String!, $p: Int!) { repository(owner: $o, name: $n) { pullRequest(number: $p) { commits(last: 1) { nodes { commit { checkSuites(first: 10) { ${SUITE_FIELDS} } } } } } } }`,
      { o: repo.owner, n: repo.repo, p: pull.number },
    );
    const suites = answer.repository.pullRequest.commits.nodes[0]!.commit.checkSuites;
    // One suite per REST check_suite.id, oldest first, each of its check runs' app.
    const restSuites = [...new Set(checks.check_runs.map((c) => c.check_suite!.id))].sort((a, b) => a - b);
    expect(suites.totalCount).toBe(restSuites.length);
    expect(suites.nodes).toEqual(
      restSuites.map((id) => {
        const runsOfSuite = checks.check_runs.filter((c) => c.check_suite!.id === id);
        return {
          id: expect.stringMatching(/^CS_/),
          status: runsOfSuite.every((c) => c.status === 'completed')
            ? 'COMPLETED'
            : runsOfSuite.some((c) => c.status === 'in_progress')
              ? 'IN_PROGRESS'
              : 'QUEUED',
          conclusion: expect.toSatisfy((v: unknown) =>
            runsOfSuite.every((c) => c.status === 'completed') ? typeof v === 'string' : v === null,
          ),
          branch: { name: pull.head.ref },
          creator: null,
          app: { databaseId: runsOfSuite[0]!.app!.id, slug: runsOfSuite[0]!.app!.slug },
          workflowRun: null,
        };
      }),
    );
    // filterBy appId keeps the suites of that app only.
    const filtered = await kari.graphql<{
      repository: {
        pullRequest: { commits: { nodes: { commit: { checkSuites: { totalCount: number } } }[] } };
      };
    }>(
      `query ($o: String!, $n: String!, $p: Int!) { repository(owner: $o, name: $n) { pullRequest(number: $p) { commits(last: 1) { nodes { commit { checkSuites(first: 10, filterBy: {appId: 1}) { totalCount } } } } } } }`,
      { o: repo.owner, n: repo.repo, p: pull.number },
    );
    expect(filtered.repository.pullRequest.commits.nodes[0]!.commit.checkSuites.totalCount).toBe(0);
    expect(s.problems()).toEqual([]);
  });
});
