import type { DeployTarget } from '../../world.ts';
import { nodeId } from '../node-id.ts';
import { addDeploymentStatus, createDeployment, type Deployment } from './deployments.ts';
import { environmentOf, type Environment, type Repo } from './repos.ts';
import type { GitHubStore } from './store.ts';
import type { User } from './users.ts';

export interface JobSpec {
  name: string;
  environment: string;
  durationMs: number;
  fail: boolean;
  deployTargets: DeployTarget[];
  imageRepository?: string;
  /** "sha", "short-sha", "tag" or a template of {sha}, {shortSha}, {tag} (scenario imageTag). */
  imageTag: string;
}

/** The tag the workflow's configuration gives the image a run deploys. */
export function imageTagFor(
  pattern: string,
  run: { headSha: string; headBranch: string | null; event: string },
): string {
  const tag = run.event === 'release' && run.headBranch ? run.headBranch : run.headSha;
  const template =
    pattern === 'sha'
      ? '{sha}'
      : pattern === 'short-sha'
        ? '{shortSha}'
        : pattern === 'tag'
          ? '{tag}'
          : pattern;
  return template
    .replaceAll('{sha}', run.headSha)
    .replaceAll('{shortSha}', run.headSha.slice(0, 7))
    .replaceAll('{tag}', tag);
}

export interface Workflow {
  id: number;
  nodeId: string;
  file: string;
  path: string;
  name: string;
  on: 'release' | 'workflow_dispatch' | 'push';
  jobs: JobSpec[];
  createdAt: number;
  nextRunNumber: number;
}

export type RunStatus = 'queued' | 'in_progress' | 'waiting' | 'completed';
export type Conclusion = 'success' | 'failure' | 'cancelled' | 'skipped' | null;

export interface Job {
  id: number;
  nodeId: string;
  spec: JobSpec;
  status: 'queued' | 'in_progress' | 'waiting' | 'completed';
  conclusion: Conclusion;
  createdAt: number;
  startedAt: number;
  completedAt: number | null;
  waitingSince: number | null;
  deployment: Deployment | null;
}

export interface Run {
  id: number;
  nodeId: string;
  workflow: Workflow;
  runNumber: number;
  event: string;
  headSha: string;
  headBranch: string | null;
  actor: User;
  triggeringActor: User;
  createdAt: number;
  updatedAt: number;
  runStartedAt: number;
  status: RunStatus;
  conclusion: Conclusion;
  jobs: Job[];
  checkSuiteId: number;
}

/** A runner picks a queued job up this long after it becomes runnable. */
const PICKUP_MS = 5_000;

/**
 * GitHub Actions runs whose jobs wait on environments. State moves on the world's virtual
 * clock: queued -> first job waits for a review -> approved -> deployment queued -> in_progress
 * -> success after the job's duration, then the deploy targets change (world.deploy) and the
 * next job waits, or the run completes.
 */
export class Actions {
  readonly #store: GitHubStore;
  readonly #warn: (message: string) => void;

  constructor(store: GitHubStore, warn: (message: string) => void) {
    this.#store = store;
    this.#warn = warn;
  }

  createRun(
    repo: Repo,
    workflow: Workflow,
    input: {
      id?: number;
      event: string;
      headSha: string;
      headBranch: string | null;
      actor: User;
      at: number;
    },
  ): Run {
    const id = this.#store.idOr('run', input.id, 12_000_000_001);
    const run: Run = {
      id,
      nodeId: nodeId('WFR', `${repo.fullName}:${id}`),
      workflow,
      runNumber: workflow.nextRunNumber++,
      event: input.event,
      headSha: input.headSha,
      headBranch: input.headBranch,
      actor: input.actor,
      triggeringActor: input.actor,
      createdAt: input.at,
      updatedAt: input.at,
      runStartedAt: input.at,
      status: 'queued',
      conclusion: null,
      jobs: [],
      checkSuiteId: this.#store.id('check-suite', 20_000_000_001),
    };
    repo.runs.push(run);
    return run;
  }

  /** Starts a run now (a release was published); its first job is reached after the runner pickup. */
  start(
    repo: Repo,
    workflow: Workflow,
    input: { event: string; headSha: string; headBranch: string | null; actor: User },
  ): Run {
    const now = this.#store.now();
    const run = this.createRun(repo, workflow, { ...input, at: now });
    this.#store.world.scheduler.at(now + PICKUP_MS, `github: ${repo.fullName} run ${run.id} starts`, (at) =>
      this.#reach(repo, run, 0, at),
    );
    return run;
  }

  /**
   * Replays a run's history for a scenario: `jobsDone` jobs succeeded (with their deployments),
   * then the next one waits, failed or was rejected.
   */
  seed(
    repo: Repo,
    run: Run,
    jobsDone: number,
    outcome: 'waiting' | 'failure' | 'rejected',
    approvedAt: number[] = [],
  ): void {
    let at = run.createdAt + PICKUP_MS;
    const specs = run.workflow.jobs;
    for (let i = 0; i < Math.min(jobsDone, specs.length); i++) {
      const job = this.#newJob(repo, run, specs[i]!, at);
      // The job waited for its review from `at` until it was approved.
      at = Math.max(at, approvedAt[i] ?? at);
      this.#deploy(repo, run, job, at, { seeded: true });
      at += specs[i]!.durationMs;
      this.#complete(repo, run, job, 'success', at, false);
    }
    if (jobsDone >= specs.length) return this.#finishRun(run, 'success', at);
    const job = this.#newJob(repo, run, specs[jobsDone]!, at);
    if (outcome === 'waiting') {
      this.#wait(repo, run, job, at);
    } else if (outcome === 'failure') {
      this.#deploy(repo, run, job, at, { seeded: true });
      this.#complete(repo, run, job, 'failure', at + specs[jobsDone]!.durationMs, false);
    } else {
      // Rejected: it waited for the review (with its deployment), then the reviewer said no.
      this.#wait(repo, run, job, at);
      this.#complete(repo, run, job, 'failure', at, false);
    }
  }

  /** The job waiting for a review, if the run is waiting on one. */
  waitingJob(run: Run): Job | undefined {
    return run.status === 'waiting' ? run.jobs.find((j) => j.status === 'waiting') : undefined;
  }

  canApprove(env: Environment, run: Run, user: User): boolean {
    const reviewer = env.reviewers.some((r) => r.login.toLowerCase() === user.login.toLowerCase());
    const self = run.triggeringActor.login.toLowerCase() === user.login.toLowerCase();
    return reviewer && !(env.preventSelfReview && self);
  }

  /** POST pending_deployments: approve or reject the waiting job. */
  review(
    repo: Repo,
    run: Run,
    user: User,
    input: { environmentIds: number[]; state: 'approved' | 'rejected' },
  ): { ok: true; deployments: Deployment[] } | { ok: false; message: string } {
    const job = this.waitingJob(run);
    const env = job && environmentOf(repo, job.spec.environment);
    if (!job || !env || !input.environmentIds.includes(env.id)) {
      return { ok: false, message: 'No pending deployment requests to approve or reject' };
    }
    if (!this.canApprove(env, run, user)) {
      return { ok: false, message: `${user.login} is not allowed to review deployments to ${env.name}` };
    }
    const now = this.#store.now();
    if (input.state === 'rejected') {
      this.#complete(repo, run, job, 'failure', now, false);
      return { ok: true, deployments: [] };
    }
    return { ok: true, deployments: [this.#run(repo, run, job, now)] };
  }

  #newJob(repo: Repo, run: Run, spec: JobSpec, at: number): Job {
    const id = this.#store.id('job', 33_000_000_001);
    const job: Job = {
      id,
      nodeId: nodeId('J', `${repo.fullName}:${id}`),
      spec,
      status: 'queued',
      conclusion: null,
      createdAt: at,
      startedAt: at,
      completedAt: null,
      waitingSince: null,
      deployment: null,
    };
    run.jobs.push(job);
    run.status = 'in_progress';
    run.updatedAt = at;
    return job;
  }

  #reach(repo: Repo, run: Run, index: number, at: number): void {
    const spec = run.workflow.jobs[index];
    if (!spec) return this.#finishRun(run, 'success', at);
    const job = this.#newJob(repo, run, spec, at);
    const env = environmentOf(repo, spec.environment);
    if (env && env.reviewers.length > 0) return this.#wait(repo, run, job, at);
    if (env && env.waitTimer > 0) {
      this.#wait(repo, run, job, at);
      this.#store.world.scheduler.at(
        at + env.waitTimer * 60_000,
        `github: ${repo.fullName} wait timer of ${env.name}`,
        (t) => {
          if (job.status === 'waiting') this.#run(repo, run, job, t);
        },
      );
      return;
    }
    this.#run(repo, run, job, at);
  }

  /**
   * The job waits on its environment's protection rules. As on GitHub, its deployment exists
   * already, in state `waiting` (GraphQL DeploymentState.WAITING), before anyone approves it.
   */
  #wait(repo: Repo, run: Run, job: Job, at: number): void {
    job.status = 'waiting';
    job.waitingSince = at;
    run.status = 'waiting';
    run.updatedAt = at;
    job.deployment = createDeployment(this.#store, repo, {
      sha: run.headSha,
      ref: run.headBranch ?? run.headSha,
      environment: job.spec.environment,
      creator: run.triggeringActor,
      createdAt: at,
      payload: {},
    });
    addDeploymentStatus(this.#store, repo, job.deployment, { state: 'waiting', creator: this.#bot(), at });
  }

  /** The job runs: a deployment is created and moves queued -> in_progress -> success/failure. */
  #run(repo: Repo, run: Run, job: Job, at: number): Deployment {
    const deployment = this.#deploy(repo, run, job, at, { seeded: false });
    const scheduler = this.#store.world.scheduler;
    const label = `github: ${repo.fullName} run ${run.id} ${job.spec.name}`;
    scheduler.at(at + Math.min(PICKUP_MS, job.spec.durationMs), `${label} in progress`, (t) => {
      if (job.status === 'completed') return;
      addDeploymentStatus(this.#store, repo, deployment, {
        state: 'in_progress',
        creator: this.#bot(),
        at: t,
      });
    });
    scheduler.at(at + job.spec.durationMs, `${label} finishes`, (t) => this.#finishJob(repo, run, job, t));
    return deployment;
  }

  #deploy(repo: Repo, run: Run, job: Job, at: number, options: { seeded: boolean }): Deployment {
    job.status = options.seeded ? 'in_progress' : 'queued';
    job.waitingSince = null;
    job.startedAt = at;
    run.status = 'in_progress';
    run.updatedAt = at;
    // A job that waited for its review goes on with the deployment it got when it began waiting.
    const deployment =
      job.deployment ??
      createDeployment(this.#store, repo, {
        sha: run.headSha,
        ref: run.headBranch ?? run.headSha,
        environment: job.spec.environment,
        creator: run.triggeringActor,
        createdAt: at,
        payload: {},
      });
    job.deployment = deployment;
    addDeploymentStatus(this.#store, repo, deployment, { state: 'queued', creator: this.#bot(), at });
    if (options.seeded)
      addDeploymentStatus(this.#store, repo, deployment, { state: 'in_progress', creator: this.#bot(), at });
    return deployment;
  }

  #finishJob(repo: Repo, run: Run, job: Job, at: number): void {
    let ok = !job.spec.fail;
    if (ok) {
      for (const target of job.spec.deployTargets) {
        const tag = imageTagFor(job.spec.imageTag, run);
        const image = job.spec.imageRepository ? `${job.spec.imageRepository}:${tag}` : undefined;
        try {
          this.#store.world.deploy(target, {
            tag,
            commitSha: run.headSha,
            image,
            deployer: 'GitHub Actions',
            message: `${run.workflow.name} #${run.runNumber} (${job.spec.environment})`,
          });
        } catch (error) {
          ok = false;
          this.#warn(
            `simulator github: ${repo.fullName} job ${job.spec.name} could not deploy to ${target.kind} ${'name' in target ? target.name : ''}: ${String(error)}`,
          );
        }
      }
    }
    this.#complete(repo, run, job, ok ? 'success' : 'failure', at, true);
  }

  /** `proceed`: reach the next job (a live run); seeded history and rejections do not. */
  #complete(
    repo: Repo,
    run: Run,
    job: Job,
    conclusion: 'success' | 'failure',
    at: number,
    proceed: boolean,
  ): void {
    job.status = 'completed';
    job.conclusion = conclusion;
    job.completedAt = at;
    job.waitingSince = null;
    if (job.deployment) {
      addDeploymentStatus(this.#store, repo, job.deployment, {
        state: conclusion === 'success' ? 'success' : 'failure',
        creator: this.#bot(),
        at,
      });
    }
    run.updatedAt = at;
    if (conclusion === 'failure') return this.#finishRun(run, 'failure', at);
    const next = run.jobs.length;
    if (next >= run.workflow.jobs.length) return this.#finishRun(run, 'success', at);
    if (proceed) this.#reach(repo, run, next, at);
  }

  #finishRun(run: Run, conclusion: 'success' | 'failure', at: number): void {
    run.status = 'completed';
    run.conclusion = conclusion;
    run.updatedAt = at;
  }

  #bot(): User {
    return this.#store.user('github-actions[bot]');
  }
}

export interface RunFilter {
  workflowId?: number;
  actor?: string;
  branch?: string;
  event?: string;
  status?: string;
  headSha?: string;
  created?: string;
}

const CONCLUSIONS = new Set([
  'success',
  'failure',
  'neutral',
  'cancelled',
  'skipped',
  'timed_out',
  'action_required',
  'stale',
]);

/** Runs newest first, filtered like `GET /actions/runs` (status may name a status or a conclusion). */
export function listRuns(repo: Repo, filter: RunFilter): Run[] {
  const created = filter.created ? createdRange(filter.created) : undefined;
  return repo.runs
    .filter((r) => filter.workflowId === undefined || r.workflow.id === filter.workflowId)
    .filter((r) => !filter.actor || r.actor.login.toLowerCase() === filter.actor.toLowerCase())
    .filter((r) => !filter.branch || r.headBranch === filter.branch)
    .filter((r) => !filter.event || r.event === filter.event)
    .filter((r) => !filter.headSha || r.headSha === filter.headSha)
    .filter((r) => {
      if (!filter.status) return true;
      if (CONCLUSIONS.has(filter.status)) return r.conclusion === filter.status;
      if (filter.status === 'pending' || filter.status === 'requested') return r.status === 'queued';
      return r.status === filter.status;
    })
    .filter((r) => !created || (r.createdAt >= created[0] && r.createdAt <= created[1]))
    .sort((a, b) => b.createdAt - a.createdAt || b.id - a.id);
}

/** GitHub's `created` search syntax: ">=2026-11-18", "<2026-11-20", "2026-11-18..2026-11-20", "2026-11-18". */
function createdRange(text: string): [number, number] {
  const day = (s: string, end: boolean): number => {
    const t = Date.parse(s.length === 10 ? `${s}T00:00:00Z` : s);
    return end && s.length === 10 ? t + 86_399_999 : t;
  };
  const range = /^(.+)\.\.(.+)$/.exec(text);
  if (range)
    return [
      range[1] === '*' ? -Infinity : day(range[1]!, false),
      range[2] === '*' ? Infinity : day(range[2]!, true),
    ];
  const cmp = /^(>=|<=|>|<)(.+)$/.exec(text);
  if (cmp) {
    const [, op, value] = cmp;
    if (op === '>=') return [day(value!, false), Infinity];
    if (op === '>') return [day(value!, true) + 1, Infinity];
    if (op === '<=') return [-Infinity, day(value!, true)];
    return [-Infinity, day(value!, false) - 1];
  }
  return [day(text, false), day(text, true)];
}
