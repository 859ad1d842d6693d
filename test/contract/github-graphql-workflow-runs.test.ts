import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/sim/scenario/load.ts';
import type { Simulator } from '../../src/sim/simulator.ts';
import { octokitFor, type SimOctokitClient } from '../../src/sim/github/test-support.ts';
import { useSimulators } from '../support/simulator.ts';

// WorkflowRun.pendingDeploymentRequests through `octokit.graphql` on GitHub's real schema, the
// runs reached with `nodes(ids:)` by the node_id REST gives them: the same environment,
// reviewers, wait timer and "may the caller approve" as REST's pending_deployments of each run.
// (WorkflowRun.databaseId is an Int; run ids passed 2^31 long ago, so it is not asked for.)

const startSimulator = useSimulators();

async function start(): Promise<Simulator> {
  return startSimulator({
    scenario: await loadScenario('examples/tilgangsinfo/scenario.yaml'),
    warn: () => {},
  });
}

const REPO = { owner: 'Altinn', repo: 'altinn-auth-audit-log' };

const PENDING = /* GraphQL */ `
  query ($ids: [ID!]!) {
    nodes(ids: $ids) {
      __typename
      ... on WorkflowRun {
        id
        runNumber
        event
        createdAt
        url
        workflow {
          name
        }
        file {
          path
        }
        pendingDeploymentRequests(first: 10) {
          totalCount
          nodes {
            currentUserCanApprove
            waitTimer
            waitTimerStartedAt
            environment {
              id
              databaseId
              name
            }
            reviewers(first: 10) {
              nodes {
                __typename
                ... on User {
                  login
                }
                ... on Team {
                  slug
                }
              }
            }
          }
        }
      }
    }
  }
`;

interface RunNode {
  __typename: string;
  id: string;
  runNumber: number;
  event: string;
  createdAt: string;
  url: string;
  workflow: { name: string };
  file: { path: string };
  pendingDeploymentRequests: {
    totalCount: number;
    nodes: {
      currentUserCanApprove: boolean;
      waitTimer: number;
      waitTimerStartedAt: string | null;
      environment: { id: string; databaseId: number; name: string };
      reviewers: { nodes: { __typename: string; login?: string; slug?: string }[] };
    }[];
  };
}

/** REST's view of every run of the repository and its pending deployments, for this caller. */
async function restRuns(client: SimOctokitClient) {
  const { data } = await client.rest.actions.listWorkflowRunsForRepo({ ...REPO, per_page: 100 });
  return Promise.all(
    data.workflow_runs.map(async (run) => ({
      run,
      pending: (await client.rest.actions.getPendingDeploymentsForRun({ ...REPO, run_id: run.id })).data,
    })),
  );
}

function expected(rest: Awaited<ReturnType<typeof restRuns>>[number]): RunNode {
  const { run, pending } = rest;
  return {
    __typename: 'WorkflowRun',
    id: run.node_id,
    runNumber: run.run_number,
    event: run.event,
    createdAt: run.created_at,
    url: run.html_url,
    workflow: { name: run.name! },
    file: { path: run.path },
    pendingDeploymentRequests: {
      totalCount: pending.length,
      nodes: pending.map((p) => ({
        currentUserCanApprove: p.current_user_can_approve,
        waitTimer: p.wait_timer!,
        waitTimerStartedAt: p.wait_timer_started_at ?? null,
        environment: { id: p.environment.node_id!, databaseId: p.environment.id!, name: p.environment.name! },
        reviewers: {
          nodes: p.reviewers.map((r) =>
            r.type === 'Team'
              ? { __typename: 'Team', slug: (r.reviewer as { slug: string }).slug }
              : { __typename: 'User', login: (r.reviewer as { login: string }).login },
          ),
        },
      })),
    },
  };
}

describe('GitHub GraphQL workflow runs', () => {
  it("answers each run's pending deployment requests as REST's pending_deployments, for a reviewer and for the run's own actor", async () => {
    const s = await start();
    // Kari may approve Ola's waiting run; Ola started it and the environment prevents self-review.
    for (const token of ['ghp_sim_oncall_kari', 'ghp_sim_ola_nordmann']) {
      const client = octokitFor(s, token);
      const rest = await restRuns(client);
      expect(rest.length).toBeGreaterThanOrEqual(2);
      const answer = await client.graphql<{ nodes: RunNode[] }>(PENDING, {
        ids: rest.map((r) => r.run.node_id),
      });
      expect(answer.nodes).toEqual(rest.map(expected));
      const waiting = answer.nodes.filter((n) => n.pendingDeploymentRequests.totalCount > 0);
      expect(waiting.map((n) => n.pendingDeploymentRequests.nodes[0]!.environment.name)).toEqual(['PROD']);
      expect(waiting[0]!.pendingDeploymentRequests.nodes[0]!.currentUserCanApprove).toBe(
        token === 'ghp_sim_oncall_kari',
      );
    }
    expect(s.problems()).toEqual([]);
  });

  it('follows a run through its review: pending before, none after the approval', async () => {
    const s = await start();
    const kari = octokitFor(s, 'ghp_sim_oncall_kari');
    const { data } = await kari.rest.actions.listWorkflowRuns({
      ...REPO,
      workflow_id: 'deploy-after-release.yml',
      status: 'waiting',
    });
    const run = data.workflow_runs[0]!;
    const ask = async () =>
      (await kari.graphql<{ nodes: RunNode[] }>(PENDING, { ids: [run.node_id] })).nodes[0]!
        .pendingDeploymentRequests;
    const before = await ask();
    expect(before.totalCount).toBe(1);
    await kari.rest.actions.reviewPendingDeploymentsForRun({
      ...REPO,
      run_id: run.id,
      environment_ids: [before.nodes[0]!.environment.databaseId],
      state: 'approved',
      comment: 'ok',
    });
    expect(await ask()).toEqual({ totalCount: 0, nodes: [] });
    expect(s.problems()).toEqual([]);
  });
});
