import type { RequestError } from '@octokit/request-error';
import { afterEach, describe, expect, it } from 'vitest';
import { Agent, fetch } from 'undici';
import { loadScenario } from '../../src/sim/scenario/load.ts';
import type { Simulator } from '../../src/sim/simulator.ts';
import { useSimulators } from '../support/simulator.ts';
import { octokitFor } from '../../src/sim/github/test-support.ts';

// The example estate (examples/tilgangsinfo/scenario.yaml) on Monday 2026-11-23 05:00 Oslo time,
// as seen through GitHub: the weekly issue, the audit log's draft and waiting run, bot PRs in all
// four repositories and the project board.

const EXAMPLE = new URL('../../examples/tilgangsinfo/scenario.yaml', import.meta.url).pathname;
const AUDIT = { owner: 'Altinn', repo: 'altinn-auth-audit-log' };
const NEW_SHA = 'c4f7a2e91b3d5f6a8c0e2b4d6f8a1c3e5b7d9f02';
const LAST_WEEK_SHA = '5d0c8a41f2b7e9c3d6a1f0e4b8c2d7a9e3f1b5c6';

const startSimulator = useSimulators();
const warnings: string[] = [];
afterEach(() => {
  warnings.length = 0;
});

async function start(): Promise<Simulator> {
  const sim = await startSimulator({ scenario: await loadScenario(EXAMPLE), warn: (m) => warnings.push(m) });
  return sim;
}

describe('the example scenario through GitHub', () => {
  it('loads and serves the weekly issue, bot PRs in all four repositories and the board', async () => {
    const s = await start();
    const kari = octokitFor(s, 'ghp_sim_oncall_kari');

    const weekly = await kari.rest.issues.listForRepo({
      owner: 'Altinn',
      repo: 'altinn-authorization',
      labels: 'kind/deploy_patch,team/tilgangsinfo',
    });
    expect(weekly.data.map((i) => i.title)).toEqual(['Deploy & Patching W47']);
    expect(weekly.data[0]!.body).toContain('- [ ] Post-deploy of auditlog');

    const repos = [
      'altinn-authentication',
      'altinn-authentication-frontend',
      'altinn-resource-registry',
      'altinn-auth-audit-log',
    ];
    const states = new Set<string>();
    for (const repo of repos) {
      const pulls = await kari.rest.pulls.list({ owner: 'Altinn', repo });
      expect(pulls.data.length).toBeGreaterThanOrEqual(3);
      expect(pulls.data.every((p) => p.user?.type === 'Bot')).toBe(true);
      for (const p of pulls.data)
        states.add(
          (await kari.rest.pulls.get({ owner: 'Altinn', repo, pull_number: p.number })).data.mergeable_state,
        );
    }
    expect([...states].sort()).toEqual(['clean', 'dirty', 'draft', 'unstable']);
    const security = await kari.rest.search.issuesAndPullRequests({
      q: 'org:Altinn is:pr is:open author:app/renovate "[SECURITY]" in:title',
    });
    expect(security.data.total_count).toBe(2);

    const board = await kari.graphql<{
      organization: { projectV2: { title: string; items: { nodes: { content: { number: number } }[] } } };
    }>(
      `query { organization(login: "Altinn") { projectV2(number: 42) { title items(first: 10) { nodes { content { ... on Issue { number } } } } } } }`,
    );
    expect(board.organization.projectV2.items.nodes.map((n) => n.content.number)).toEqual([1412, 1437]);
    expect(s.problems()).toEqual([]);
  });

  it('runs Wednesday: Kari publishes the draft, Ola approves TT02, the Azure apps get the new image', async () => {
    const s = await start();
    const kari = octokitFor(s, 'ghp_sim_oncall_kari');
    const ola = octokitFor(s, 'ghp_sim_ola_nordmann');

    // Monday: last week's run waits on PROD; Ola started it, so Kari may approve it on Tuesday.
    const waiting = await kari.rest.actions.listWorkflowRuns({
      ...AUDIT,
      workflow_id: 'deploy-after-release.yml',
      status: 'waiting',
    });
    expect(waiting.data.workflow_runs.map((r) => [r.head_sha, r.head_branch, r.actor?.login])).toEqual([
      [LAST_WEEK_SHA, '2026.11.18', 'ola-nordmann'],
    ]);
    const prod = await kari.rest.actions.getPendingDeploymentsForRun({
      ...AUDIT,
      run_id: waiting.data.workflow_runs[0]!.id,
    });
    expect(prod.data[0]).toMatchObject({
      environment: { name: 'PROD' },
      current_user_can_approve: true,
      wait_timer_started_at: '2026-11-18T12:52:00Z',
    });
    const tt02 = await kari.rest.repos.listDeployments({ ...AUDIT, environment: 'TT02', sha: LAST_WEEK_SHA });
    expect(tt02.data).toHaveLength(1);

    s.clock.set(Date.parse('2026-11-25T09:00:00+01:00'));
    const draft = (await kari.rest.repos.listReleases(AUDIT)).data.find((r) => r.draft)!;
    expect(draft).toMatchObject({ tag_name: '2026.11.23', name: null });
    await kari.rest.repos.updateRelease({
      ...AUDIT,
      release_id: draft.id,
      name: draft.tag_name,
      draft: false,
    });
    s.clock.advance(10_000);
    const run = (await kari.rest.actions.listWorkflowRunsForRepo({ ...AUDIT, head_sha: NEW_SHA })).data
      .workflow_runs[0]!;
    expect(run.status).toBe('waiting');
    const mine = await kari.rest.actions.getPendingDeploymentsForRun({ ...AUDIT, run_id: run.id });
    expect(mine.data[0]).toMatchObject({ environment: { name: 'TT02' }, current_user_can_approve: false });
    const theirs = await ola.rest.actions.getPendingDeploymentsForRun({ ...AUDIT, run_id: run.id });
    expect(theirs.data[0]!.current_user_can_approve).toBe(true);
    const [deployment] = (
      await ola.rest.actions.reviewPendingDeploymentsForRun({
        ...AUDIT,
        run_id: run.id,
        environment_ids: [theirs.data[0]!.environment.id!],
        state: 'approved',
        comment: 'Kari published; approving TT02.',
      })
    ).data;
    s.clock.advance(4 * 60_000);
    const statuses = await kari.rest.repos.listDeploymentStatuses({
      ...AUDIT,
      deployment_id: deployment!.id,
    });
    expect(statuses.data[0]!.state).toBe('success');
    expect(warnings.filter((w) => w.includes('could not deploy'))).toEqual([]);

    // The ARM simulation now serves the container app with the release's commit as its image tag.
    const dispatcher = new Agent({ connect: { ca: s.caPem } });
    const app = await fetch(
      `${s.urls.arm}/subscriptions/dd6d3e08-a70f-4f71-8847-781ddc5d8468/resourceGroups/auditlog-tt02-rg/providers/Microsoft.App/containerApps/PLACEHOLDER-auditlog-ca-tt02?api-version=2025-07-01`,
      { headers: { authorization: 'Bearer arm-token-pnd' }, dispatcher },
    );
    expect(app.status).toBe(200);
    expect(JSON.stringify(await app.json())).toContain(`altinn-auth-audit-log:${NEW_SHA}`);
    await dispatcher.close();

    // The PROD job now waits for this run too.
    const jobs = await kari.rest.actions.listJobsForWorkflowRun({ ...AUDIT, run_id: run.id });
    expect(jobs.data.jobs.map((j) => [j.name, j.status])).toEqual([
      ['Deploy to TT02', 'completed'],
      ['Deploy to PROD', 'waiting'],
    ]);
    const self = (await kari.rest.actions
      .reviewPendingDeploymentsForRun({
        ...AUDIT,
        run_id: run.id,
        environment_ids: [prod.data[0]!.environment.id!],
        state: 'approved',
        comment: 'no',
      })
      .catch((e: unknown) => e)) as RequestError;
    expect(self.status).toBe(422);
    expect(s.problems()).toEqual([]);
  }, 30_000);
});
