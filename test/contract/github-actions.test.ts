import type { RequestError } from '@octokit/request-error';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseScenario } from '../../src/sim/scenario/load.ts';
import type { Simulator } from '../../src/sim/simulator.ts';
import { octokitFor } from '../../src/sim/github/test-support.ts';
import type { DeployedVersion, DeployTarget } from '../../src/sim/world.ts';
import { useSimulators } from '../support/simulator.ts';

// The audit log's path through GitHub, driven by the virtual clock: publish the draft release ->
// a run of deploy-after-release.yml waits on TT02 -> a required reviewer approves -> a deployment
// goes queued -> in_progress -> success -> the container app and function app get the commit's
// image (world.deploy) -> the run waits on PROD.

const SUB = 'dd6d3e08-a70f-4f71-8847-781ddc5d8468';
const OLD_SHA = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
const NEW_SHA = 'fedcba98765432100123456789abcdef01234567';
const IMAGE = 'altinncr.azurecr.io/altinn-auth-audit-log';

const targets = (env: string): DeployTarget[] => [
  {
    kind: 'container-app',
    subscriptionId: SUB,
    resourceGroup: `auditlog-${env}-rg`,
    name: `PLACEHOLDER-auditlog-ca-${env}`,
  },
  {
    kind: 'function-app',
    subscriptionId: SUB,
    resourceGroup: `auditlog-${env}-rg`,
    name: `PLACEHOLDER-auditlog-func-${env}`,
  },
];

function scenario(): string {
  return stringify({
    name: 'github-actions',
    start: '2026-11-25T08:00:00+01:00', // Wednesday
    github: {
      users: [
        { login: 'oncall-kari', push: ['Altinn/*'] },
        { login: 'reviewer-per', push: ['Altinn/*'] },
        { login: 'outsider' },
      ],
      tokens: [
        { token: 'ghp_kari', login: 'oncall-kari' },
        { token: 'ghp_per', login: 'reviewer-per' },
        { token: 'ghp_outsider', login: 'outsider' },
      ],
      repositories: [
        {
          fullName: 'Altinn/altinn-auth-audit-log',
          environments: [
            { name: 'TT02', requiredReviewers: ['oncall-kari', 'reviewer-per'], preventSelfReview: true },
            { name: 'PROD', requiredReviewers: ['oncall-kari', 'reviewer-per'], preventSelfReview: true },
          ],
          workflows: [
            {
              file: 'deploy-after-release.yml',
              name: 'Deploy after release',
              on: 'release',
              imageRepository: IMAGE,
              jobs: [
                { environment: 'TT02', deployTargets: targets('tt02') },
                { environment: 'PROD', duration: '4m', deployTargets: targets('prod') },
              ],
            },
            { file: 'build.yml', name: 'Build', on: 'push' },
          ],
          releases: [
            { tag: '2026.11.18', target: OLD_SHA, createdAt: '-7d', author: 'reviewer-per' },
            {
              tag: '2026.11.25',
              draft: true,
              target: NEW_SHA,
              createdAt: '-2h',
              body: '## What changed\n- fixes',
            },
          ],
          runs: [
            // Last Wednesday's run: TT02 passed, PROD waits since then.
            {
              workflow: 'deploy-after-release.yml',
              headSha: OLD_SHA,
              actor: 'reviewer-per',
              createdAt: '2026-11-18T09:00:00+01:00',
              jobsDone: 1,
            },
          ],
        },
        {
          fullName: 'Altinn/broken-deploys',
          environments: [{ name: 'TT02', requiredReviewers: ['oncall-kari'] }],
          workflows: [{ file: 'deploy.yml', jobs: [{ environment: 'TT02', fail: true, duration: '2m' }] }],
          releases: [{ tag: 'v2', draft: true, target: 'abcdef1' }],
        },
      ],
    },
  });
}

const startSimulator = useSimulators();

interface Deployed {
  target: DeployTarget;
  version: DeployedVersion;
}

async function start(): Promise<{ s: Simulator; deployed: Deployed[] }> {
  const sim = await startSimulator({ scenario: parseScenario(scenario()), warn: () => {} });
  const deployed: Deployed[] = [];
  // Stand in for the Azure runtime simulation: record what the deploy jobs change.
  sim.world.onDeploy('container-app', (target, version) => deployed.push({ target, version }));
  sim.world.onDeploy('function-app', (target, version) => deployed.push({ target, version }));
  return { s: sim, deployed };
}

const repo = { owner: 'Altinn', repo: 'altinn-auth-audit-log' };

describe('GitHub Actions: release -> run -> review -> deployment -> world.deploy', () => {
  it('shows drafts only to callers with push access', async () => {
    const { s } = await start();
    const kari = octokitFor(s, 'ghp_kari');
    const outsider = octokitFor(s, 'ghp_outsider');
    const mine = await kari.rest.repos.listReleases(repo);
    expect(mine.data.map((r) => [r.tag_name, r.draft, r.name])).toEqual([
      ['2026.11.25', true, null],
      ['2026.11.18', false, '2026.11.18'],
    ]);
    expect(mine.data[0]!.published_at).toBeNull();
    const theirs = await outsider.rest.repos.listReleases(repo);
    expect(theirs.data.map((r) => r.tag_name)).toEqual(['2026.11.18']);
    const draftId = mine.data[0]!.id;
    expect((await kari.rest.repos.getRelease({ ...repo, release_id: draftId })).data.body).toContain(
      'What changed',
    );
    expect(s.problems()).toEqual([]);
  });

  it('runs the whole path on the virtual clock', async () => {
    const { s, deployed } = await start();
    const kari = octokitFor(s, 'ghp_kari');
    const per = octokitFor(s, 'ghp_per');

    // Last week's run waits on PROD; kari did not start it, so she may approve it.
    const waiting = await kari.rest.actions.listWorkflowRunsForRepo({ ...repo, status: 'waiting' });
    expect(waiting.data.total_count).toBe(1);
    const oldRun = waiting.data.workflow_runs[0]!;
    expect(oldRun).toMatchObject({
      head_sha: OLD_SHA,
      event: 'release',
      head_branch: '2026.11.18',
      path: '.github/workflows/deploy-after-release.yml',
    });
    const oldPending = await kari.rest.actions.getPendingDeploymentsForRun({ ...repo, run_id: oldRun.id });
    expect(oldPending.data).toHaveLength(1);
    expect(oldPending.data[0]).toMatchObject({
      environment: { name: 'PROD' },
      current_user_can_approve: true,
      wait_timer: 0,
    });
    expect(oldPending.data[0]!.wait_timer_started_at).toBe('2026-11-18T08:03:05Z');
    expect(oldPending.data[0]!.reviewers.map((r) => (r.reviewer as { login: string }).login)).toEqual([
      'oncall-kari',
      'reviewer-per',
    ]);
    const selfView = await per.rest.actions.getPendingDeploymentsForRun({ ...repo, run_id: oldRun.id });
    expect(selfView.data[0]!.current_user_can_approve).toBe(false); // prevent self-review
    const oldTt02 = await kari.rest.repos.listDeployments({ ...repo, environment: 'TT02', sha: OLD_SHA });
    expect(oldTt02.data).toHaveLength(1);
    const oldStatuses = await kari.rest.repos.listDeploymentStatuses({
      ...repo,
      deployment_id: oldTt02.data[0]!.id,
    });
    expect(oldStatuses.data.map((x) => x.state)).toEqual(['success', 'in_progress', 'queued']);

    // Publish this week's draft as kari, title = tag.
    const draft = (await kari.rest.repos.listReleases(repo)).data.find((r) => r.draft)!;
    const published = await kari.rest.repos.updateRelease({
      ...repo,
      release_id: draft.id,
      name: draft.tag_name,
      draft: false,
      make_latest: 'true',
    });
    expect(published.data).toMatchObject({
      draft: false,
      name: '2026.11.25',
      published_at: '2026-11-25T07:00:00Z',
    });

    const runs = await kari.rest.actions.listWorkflowRuns({
      ...repo,
      workflow_id: 'deploy-after-release.yml',
      event: 'release',
    });
    expect(runs.data.workflow_runs.map((r) => [r.head_sha, r.status, r.actor?.login])).toEqual([
      [NEW_SHA, 'queued', 'oncall-kari'],
      [OLD_SHA, 'waiting', 'reviewer-per'],
    ]);
    const run = runs.data.workflow_runs[0]!;
    expect(run.run_number).toBe(2);

    s.clock.advance(5_000); // the runner picks the run up; its first job waits on TT02
    expect((await kari.rest.actions.getWorkflowRun({ ...repo, run_id: run.id })).data.status).toBe('waiting');
    const jobs = await kari.rest.actions.listJobsForWorkflowRun({ ...repo, run_id: run.id });
    expect(jobs.data.jobs.map((j) => [j.name, j.status])).toEqual([['Deploy to TT02', 'waiting']]);
    const mine = await kari.rest.actions.getPendingDeploymentsForRun({ ...repo, run_id: run.id });
    expect(mine.data[0]).toMatchObject({ environment: { name: 'TT02' }, current_user_can_approve: false });
    const tt02Id = mine.data[0]!.environment.id!;

    // Kari published, so with prevent self-review she cannot approve; Per can.
    const refused = await kari.rest.actions
      .reviewPendingDeploymentsForRun({
        ...repo,
        run_id: run.id,
        environment_ids: [tt02Id],
        state: 'approved',
        comment: 'ok',
      })
      .catch((e: unknown) => e);
    expect((refused as RequestError).status).toBe(422);

    const approved = await per.rest.actions.reviewPendingDeploymentsForRun({
      ...repo,
      run_id: run.id,
      environment_ids: [tt02Id],
      state: 'approved',
      comment: 'Wednesday train',
    });
    expect(approved.data).toHaveLength(1);
    expect(approved.data[0]).toMatchObject({ environment: 'TT02', sha: NEW_SHA, ref: '2026.11.25' });
    const deploymentId = approved.data[0]!.id;
    const states = async (): Promise<string[]> =>
      (await kari.rest.repos.listDeploymentStatuses({ ...repo, deployment_id: deploymentId })).data.map(
        (x) => x.state,
      );
    // The deployment existed while the job waited for the review (state waiting).
    expect(await states()).toEqual(['queued', 'waiting']);
    expect((await kari.rest.actions.getPendingDeploymentsForRun({ ...repo, run_id: run.id })).data).toEqual(
      [],
    );

    s.clock.advance(5_000);
    expect(await states()).toEqual(['in_progress', 'queued', 'waiting']);
    expect(deployed).toEqual([]);

    s.clock.advance(3 * 60_000);
    expect(await states()).toEqual(['success', 'in_progress', 'queued', 'waiting']);
    expect(deployed).toEqual([
      {
        target: targets('tt02')[0],
        version: expect.objectContaining({ tag: NEW_SHA, commitSha: NEW_SHA, image: `${IMAGE}:${NEW_SHA}` }),
      },
      { target: targets('tt02')[1], version: expect.objectContaining({ tag: NEW_SHA, commitSha: NEW_SHA }) },
    ]);
    // Last week's TT02 deployment is no longer the active one.
    const oldAfter = await kari.rest.repos.listDeploymentStatuses({
      ...repo,
      deployment_id: oldTt02.data[0]!.id,
    });
    expect(oldAfter.data[0]!.state).toBe('inactive');

    const afterTt02 = await kari.rest.actions.listJobsForWorkflowRun({ ...repo, run_id: run.id });
    expect(afterTt02.data.jobs.map((j) => [j.name, j.status, j.conclusion])).toEqual([
      ['Deploy to TT02', 'completed', 'success'],
      ['Deploy to PROD', 'waiting', null],
    ]);
    const prodWaiting = await kari.rest.actions.listWorkflowRunsForRepo({ ...repo, status: 'waiting' });
    expect(prodWaiting.data.workflow_runs.map((r) => r.id)).toEqual([run.id, oldRun.id]);

    // Tuesday: production for what went to TT02 last week (Per started that run, so Kari approves).
    const prodEnv = oldPending.data[0]!.environment.id!;
    const prod = await kari.rest.actions.reviewPendingDeploymentsForRun({
      ...repo,
      run_id: oldRun.id,
      environment_ids: [prodEnv],
      state: 'approved',
      comment: 'Tuesday train',
    });
    expect(prod.data[0]).toMatchObject({ environment: 'PROD', sha: OLD_SHA });
    s.clock.advance(4 * 60_000);
    const done = await kari.rest.actions.getWorkflowRun({ ...repo, run_id: oldRun.id });
    expect(done.data).toMatchObject({ status: 'completed', conclusion: 'success' });
    expect(
      deployed.slice(2).map((d) => [d.target.kind, 'name' in d.target ? d.target.name : '', d.version.tag]),
    ).toEqual([
      ['container-app', 'PLACEHOLDER-auditlog-ca-prod', OLD_SHA],
      ['function-app', 'PLACEHOLDER-auditlog-func-prod', OLD_SHA],
    ]);
    const completed = await kari.rest.actions.listWorkflowRunsForRepo({ ...repo, status: 'success' });
    expect(completed.data.workflow_runs.map((r) => r.id)).toEqual([oldRun.id]);

    // The 422 above is declared in spec/github.json (added with x-pnd-change: GitHub sends it, its
    // description omits it), so nothing here is outside the description.
    expect(s.problems()).toEqual([]);
  }, 40_000);

  it('rejecting completes the run with failure and deploys nothing', async () => {
    const { s, deployed } = await start();
    const kari = octokitFor(s, 'ghp_kari');
    const run = (await kari.rest.actions.listWorkflowRunsForRepo({ ...repo, status: 'waiting' })).data
      .workflow_runs[0]!;
    const pending = await kari.rest.actions.getPendingDeploymentsForRun({ ...repo, run_id: run.id });
    const rejected = await kari.rest.actions.reviewPendingDeploymentsForRun({
      ...repo,
      run_id: run.id,
      environment_ids: [pending.data[0]!.environment.id!],
      state: 'rejected',
      comment: 'Not this week',
    });
    expect(rejected.data).toEqual([]);
    const after = await kari.rest.actions.getWorkflowRun({ ...repo, run_id: run.id });
    expect(after.data).toMatchObject({ status: 'completed', conclusion: 'failure' });
    s.clock.advance(10 * 60_000);
    expect(deployed).toEqual([]);
    expect(s.problems()).toEqual([]);
  });

  it('a failing job ends the run with failure and a failed deployment', async () => {
    const { s, deployed } = await start();
    const kari = octokitFor(s, 'ghp_kari');
    const broken = { owner: 'Altinn', repo: 'broken-deploys' };
    const draft = (await kari.rest.repos.listReleases(broken)).data[0]!;
    await kari.rest.repos.updateRelease({ ...broken, release_id: draft.id, draft: false });
    s.clock.advance(5_000);
    const run = (await kari.rest.actions.listWorkflowRunsForRepo({ ...broken, status: 'waiting' })).data
      .workflow_runs[0]!;
    expect(run.head_sha).toMatch(/^abcdef1[0-9a-f]{33}$/);
    const pending = await kari.rest.actions.getPendingDeploymentsForRun({ ...broken, run_id: run.id });
    expect(pending.data[0]!.current_user_can_approve).toBe(true); // no prevent self-review here
    const [deployment] = (
      await kari.rest.actions.reviewPendingDeploymentsForRun({
        ...broken,
        run_id: run.id,
        environment_ids: [pending.data[0]!.environment.id!],
        state: 'approved',
        comment: 'go',
      })
    ).data;
    s.clock.advance(2 * 60_000);
    const statuses = await kari.rest.repos.listDeploymentStatuses({
      ...broken,
      deployment_id: deployment!.id,
    });
    expect(statuses.data.map((x) => x.state)).toEqual(['failure', 'in_progress', 'queued', 'waiting']);
    const after = await kari.rest.actions.getWorkflowRun({ ...broken, run_id: run.id });
    expect(after.data).toMatchObject({ status: 'completed', conclusion: 'failure' });
    const jobs = await kari.rest.actions.listJobsForWorkflowRun({ ...broken, run_id: run.id });
    expect(jobs.data.jobs[0]).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(deployed).toEqual([]);
    expect(s.problems()).toEqual([]);
  });

  it('filters and pages runs like GitHub', async () => {
    const { s } = await start();
    const kari = octokitFor(s, 'ghp_kari');
    const draft = (await kari.rest.repos.listReleases(repo)).data.find((r) => r.draft)!;
    await kari.rest.repos.updateRelease({ ...repo, release_id: draft.id, draft: false });
    const all = await kari.paginate(kari.rest.actions.listWorkflowRunsForRepo, { ...repo, per_page: 1 });
    expect(all.map((r) => r.head_sha)).toEqual([NEW_SHA, OLD_SHA]);
    const byActor = await kari.rest.actions.listWorkflowRunsForRepo({ ...repo, actor: 'reviewer-per' });
    expect(byActor.data.workflow_runs.map((r) => r.head_sha)).toEqual([OLD_SHA]);
    const byBranch = await kari.rest.actions.listWorkflowRunsForRepo({ ...repo, branch: '2026.11.25' });
    expect(byBranch.data.workflow_runs.map((r) => r.head_sha)).toEqual([NEW_SHA]);
    const bySha = await kari.rest.actions.listWorkflowRunsForRepo({ ...repo, head_sha: OLD_SHA });
    expect(bySha.data.total_count).toBe(1);
    // GitHub takes search syntax here (">=2026-11-18"), but its description types `created` as a
    // date-time, which the simulator enforces: pnd should filter by date client-side.
    const created = await kari.rest.actions.listWorkflowRunsForRepo({
      ...repo,
      created: '2026-11-18T08:00:00Z',
    });
    expect(created.data.workflow_runs.map((r) => r.head_sha)).toEqual([OLD_SHA]);
    const queued = await kari.rest.actions.listWorkflowRunsForRepo({ ...repo, status: 'queued' });
    expect(queued.data.total_count).toBe(1);
    const workflowId = all[0]!.workflow_id;
    const byId = await kari.rest.actions.listWorkflowRuns({ ...repo, workflow_id: workflowId });
    expect(byId.data.total_count).toBe(2);
    const other = await kari.rest.actions.listWorkflowRuns({ ...repo, workflow_id: 'build.yml' });
    expect(other.data.total_count).toBe(0);
    expect(s.problems()).toEqual([]);
  });
});
