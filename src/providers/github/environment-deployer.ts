import type { GithubEnvironmentDeployer } from '../../config/schema.ts';
import { PndError } from '../../core/errors.ts';
import type {
  Candidate,
  Deployer,
  Deployment,
  DeployProgress,
  GateStep,
} from '../../capabilities/deployer.ts';
import type { GitHubClient } from './client.ts';
import { viaGitHub } from './errors.ts';
import type { DeploymentFact, GitHubRepoFacts, PendingRequest } from './repo-facts.ts';
import { runIdOf, type WaitingCommit } from './waiting-runs.ts';

const short = (sha: string) => sha.slice(0, 7);

interface PendingDeployment {
  environment: { id?: number; name?: string };
  current_user_can_approve: boolean;
  reviewers: { type?: string; reviewer?: { login?: string; name?: string; slug?: string } }[];
}

/**
 * A GitHub Actions workflow whose job waits on an environment (DESIGN.md §3
 * `github-environment`), optionally started by publishing a draft release. The review must come
 * from a required reviewer; with prevent-self-review, not from whoever started the run — so the
 * draft may be published with another identity (`publisher`) and reviewed by the operator.
 */
export class GitHubEnvironmentDeployer implements Deployer {
  readonly kind = 'github-environment';
  readonly #config: GithubEnvironmentDeployer;
  readonly #github: GitHubClient;
  readonly #publisher: GitHubClient;
  readonly #facts: GitHubRepoFacts;
  readonly #owner: string;
  readonly #repo: string;
  readonly #publisherIsActionsToken: boolean;

  constructor(
    config: GithubEnvironmentDeployer,
    github: GitHubClient,
    facts: GitHubRepoFacts,
    publisher?: GitHubClient,
    options: { publisherIsActionsToken?: boolean } = {},
  ) {
    this.#config = config;
    this.#github = github;
    this.#facts = facts;
    this.#publisher = publisher ?? github;
    this.#publisherIsActionsToken = options.publisherIsActionsToken === true;
    [this.#owner, this.#repo] = config.repository.split('/') as [string, string];
  }

  get #r() {
    return { owner: this.#owner, repo: this.#repo };
  }

  #ref(kind: 'run' | 'release', id: string): string {
    return `github:${this.#config.repository}:${kind}:${id}:${this.#config.environment}`;
  }

  async waiting(): Promise<Candidate[]> {
    return viaGitHub(`read what waits on ${this.#config.environment}`, async () => {
      const env = this.#config.environment;
      const facts = await this.#facts.get(this.#config.repository, env);
      const drafts = this.#config.draftRelease ? facts.releases.filter((release) => release.isDraft) : [];
      const deployments = facts.deployments[env] ?? [];
      // A run that already deployed here is past this environment's gate (it waits on a later
      // one): it is no candidate here. A deployment whose only statuses are WAITING is the gate
      // itself: GitHub creates it when the job starts waiting, so it leads to the waiting run.
      const deployedHere = new Set(
        deployments.filter((d) => !isWaiting(d.statuses.nodes)).map((d) => d.commitOid),
      );
      const gates = deployments.filter((d) => isWaiting(d.statuses.nodes) && !deployedHere.has(d.commitOid));
      const runs = (await this.#runsAtGates(gates)) ?? (await this.#runsByRest(deployedHere));
      const fromRuns = runs.map((run): Candidate => ({
        version: {
          id: run.headSha,
          label: `${run.headBranch ?? 'run'} (${short(run.headSha)})`,
          commitSha: run.headSha,
          ...(run.headBranch ? { tag: run.headBranch } : {}),
          ...(run.committedAt ? { committedAt: run.committedAt } : {}),
        },
        ref: this.#ref('run', run.id),
        createdAt: run.createdAt,
        steps: [`approve the ${env} review of run ${run.runNumber}`],
        url: run.url,
        ...(run.mine.currentUserCanApprove
          ? {}
          : { blockedReason: whoMayReview(run.mine.reviewers, run.actor) }),
      }));
      const fromDrafts = drafts.map((draft): Candidate => ({
        // A draft has no tag (and so no commit) until it is published; its run tells the commit.
        version: {
          id: draft.tagCommit ? draft.tagCommit.oid : `tag:${draft.tagName}`,
          label: `${draft.tagName} (draft${draft.tagCommit ? `, ${short(draft.tagCommit.oid)}` : ''})`,
          ...(draft.tagCommit ? { commitSha: draft.tagCommit.oid } : {}),
          tag: draft.tagName,
        },
        ref: this.#ref('release', draft.tagName),
        createdAt: draft.createdAt,
        steps: [
          `publish draft release ${draft.tagName}${this.#config.draftRelease?.nameFromTag ? ' titled with its tag' : ''}`,
          `approve the ${env} review of the run it starts`,
        ],
        url: draft.url,
      }));
      return [...fromRuns, ...fromDrafts].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
    });
  }

  /**
   * The runs of the configured workflow waiting on this environment, from its waiting
   * deployments: one GraphQL query for every repository of the gather (repo-facts `waitingAt`).
   * A run counts when its check suite waits and one of its pending requests is this
   * environment's, so a run of another workflow on the same commit, or one waiting on another
   * environment, is none. Undefined when the answer cannot tell (a commit with more check
   * suites, or a run with more pending requests, than the query reads; a token that may not read
   * check suites): then REST decides.
   */
  async #runsAtGates(gates: DeploymentFact[]): Promise<WaitingRun[] | undefined> {
    const env = this.#config.environment;
    const path = `.github/workflows/${this.#config.workflow}`;
    let commits: (WaitingCommit | null)[];
    try {
      commits = await Promise.all(gates.map((gate) => this.#facts.waitingAt(gate.id)));
    } catch (error) {
      // A token without Checks: read (pnd asked only for Actions and Deployments before) still
      // finds the runs, the REST way, rather than failing the gather.
      if (error instanceof PndError && error.code === 'forbidden') return undefined;
      throw error;
    }
    const runs = new Map<string, WaitingRun>();
    for (const [i, commit] of commits.entries()) {
      if (!commit) continue;
      const gate = gates[i]!;
      let found = false;
      for (const run of commit.runs) {
        if (run.path !== path || run.status !== 'WAITING') continue;
        const mine = run.pending.find((p) => p.environment.name === env);
        if (!mine) {
          if (run.pendingTruncated) return undefined;
          continue;
        }
        const id = runIdOf(run.url);
        if (!id) return undefined;
        found = true;
        runs.set(id, {
          id,
          runNumber: run.runNumber,
          url: run.url,
          createdAt: run.createdAt,
          headSha: gate.commitOid,
          // The suite's branch is the run's head_branch; the deployment's ref is the same name.
          headBranch: run.branch ?? gate.ref?.name ?? null,
          committedAt: commit.committedDate,
          ...(run.creator ? { actor: run.creator } : {}),
          mine,
        });
      }
      if (!found && commit.suitesTruncated) return undefined;
    }
    return [...runs.values()];
  }

  /** The waiting runs as REST lists them, with what they wait for (one GraphQL query for all). */
  async #runsByRest(deployedHere: Set<string>): Promise<WaitingRun[]> {
    const env = this.#config.environment;
    const { data } = await this.#github.rest.actions.listWorkflowRuns({
      ...this.#r,
      workflow_id: this.#config.workflow,
      status: 'waiting',
      per_page: 30,
    });
    const runs = await Promise.all(
      data.workflow_runs.map(async (run): Promise<WaitingRun | undefined> => {
        if (deployedHere.has(run.head_sha)) return undefined;
        const mine = (await this.#facts.pending(run.node_id)).find((p) => p.environment.name === env);
        if (!mine) return undefined;
        return {
          id: String(run.id),
          runNumber: run.run_number,
          url: run.html_url,
          createdAt: run.created_at,
          headSha: run.head_sha,
          headBranch: run.head_branch,
          ...(run.head_commit?.timestamp ? { committedAt: run.head_commit.timestamp } : {}),
          ...(run.actor?.login ? { actor: run.actor.login } : {}),
          mine,
        };
      }),
    );
    return runs.filter((run): run is WaitingRun => run !== undefined);
  }

  async #pending(runId: number): Promise<PendingDeployment[]> {
    const { data } = await this.#github.rest.actions.getPendingDeploymentsForRun({
      ...this.#r,
      run_id: runId,
    });
    return data as PendingDeployment[];
  }

  async deployments(): Promise<Deployment[]> {
    return viaGitHub(`read the deployments to ${this.#config.environment}`, async () => {
      const facts = await this.#facts.get(this.#config.repository, this.#config.environment);
      const found = (facts.deployments[this.#config.environment] ?? []).map(
        (deployment): Deployment | undefined => {
          // `INACTIVE` follows `SUCCESS` when a newer deploy replaced it: it did succeed.
          const success = deployment.statuses.nodes.find((s) => s.state === 'SUCCESS');
          if (!success) return undefined;
          const ref = deployment.ref?.name ?? short(deployment.commitOid);
          return {
            version: {
              id: deployment.commitOid,
              label: `${ref} (${short(deployment.commitOid)})`,
              commitSha: deployment.commitOid,
              ...(deployment.ref ? { tag: deployment.ref.name } : {}),
            },
            deployedAt: success.createdAt,
            versionCreatedAt: deployment.createdAt,
            postDeployApproved: false,
          };
        },
      );
      return found
        .filter((d): d is Deployment => d !== undefined)
        .sort((a, b) => Date.parse(b.deployedAt) - Date.parse(a.deployedAt));
    });
  }

  /** The run a candidate is about: its own, or the one publishing its draft started. */
  async #runOf(candidate: Candidate): Promise<RunFacts | undefined> {
    const [, , kind, id] = candidate.ref.split(':') as [string, string, string, string];
    if (kind === 'run') {
      const { data } = await this.#github.rest.actions.getWorkflowRun({ ...this.#r, run_id: Number(id) });
      return data;
    }
    const { data } = await this.#github.rest.actions.listWorkflowRuns({
      ...this.#r,
      workflow_id: this.#config.workflow,
      event: 'release',
      branch: id,
      per_page: 5,
    });
    return data.workflow_runs[0];
  }

  openGate(candidate: Candidate, comment: string): GateStep[] {
    const env = this.#config.environment;
    const steps: GateStep[] = [];
    const [, , kind, id] = candidate.ref.split(':') as [string, string, string, string];
    if (kind === 'release') {
      const tag = id;
      // Known before any request: a release published with the job's GITHUB_TOKEN starts no
      // workflow, so the deploy would wait for a run that never comes.
      if (this.#publisherIsActionsToken) throw actionsTokenCannotPublish(this.#config.repository, tag);
      steps.push({
        key: `${candidate.ref}:publish`,
        action: 'publish',
        target: `draft release ${tag} of ${this.#config.repository}`,
        isDone: async () => {
          const release = await this.#releaseByTag(tag);
          return release && !release.draft
            ? { by: release.author?.login, detail: { publishedAt: release.published_at } }
            : false;
        },
        act: async () => {
          const release = await this.#releaseByTag(tag);
          if (!release)
            throw new PndError('not-found', 'The draft release is gone.', {
              details: {
                where: `GitHub ${this.#config.repository} release ${tag}`,
                hint: 'Someone deleted it; create it again or rerun to pick up what waits now.',
              },
            });
          return viaGitHub('publish the draft release', () =>
            this.#publisher.rest.repos.updateRelease({
              ...this.#r,
              release_id: release.id,
              draft: false,
              ...(this.#config.draftRelease?.nameFromTag ? { name: tag } : {}),
            }),
          );
        },
      });
    }
    const review: GateStep = {
      key: `${this.#ref(kind === 'run' ? 'run' : 'release', id)}:review:approve`,
      action: 'approve',
      target: `${env} review of ${candidate.version.label}`,
      // After a publish GitHub needs a moment to start the run and reach the environment's job.
      ready: async () => {
        const run = await this.#runOf(candidate);
        if (!run) return false;
        if (run.status === 'completed') return true;
        return (
          (await this.#pending(run.id)).some((p) => p.environment.name === env) ||
          (await this.#deploymentFor(run.head_sha)) !== undefined
        );
      },
      isDone: async () => {
        const run = await this.#runOf(candidate);
        if (!run) return false;
        const deployment = await this.#deploymentFor(run.head_sha);
        // The deployment of a job still waiting for its review exists already (state `waiting`):
        // only one past that state was approved.
        if (deployment && (await this.#latestStatus(deployment.id))?.state !== 'waiting')
          return { by: deployment.creator?.login, detail: { deployment: deployment.id } };
        if (run.status === 'completed') return { detail: { run: run.status, conclusion: run.conclusion } };
        return false;
      },
      act: async () => {
        const run = await this.#runOf(candidate);
        if (!run)
          throw new PndError('not-found', 'The workflow run to review was not found.', {
            details: { where: `GitHub ${this.#config.repository} ${this.#config.workflow}` },
          });
        const mine = (await this.#pending(run.id)).find((p) => p.environment.name === env);
        if (!mine) return undefined;
        if (!mine.current_user_can_approve) {
          throw new PndError('forbidden', `This token may not approve the ${env} review.`, {
            details: {
              where: `GitHub ${this.#config.repository} run ${run.run_number}`,
              hint: whoCanApprove(mine),
            },
          });
        }
        return viaGitHub(`approve the ${env} review`, () =>
          this.#github.rest.actions.reviewPendingDeploymentsForRun({
            ...this.#r,
            run_id: run.id,
            environment_ids: [mine.environment.id as number],
            state: 'approved',
            comment,
          }),
        );
      },
    };
    steps.push(review);
    return steps;
  }

  async #releaseByTag(tag: string) {
    // Drafts have no tag yet, so getReleaseByTag does not find them: list and match.
    const { data } = await this.#github.rest.repos.listReleases({ ...this.#r, per_page: 30 });
    return data.find((r) => r.tag_name === tag);
  }

  async #deploymentFor(sha: string) {
    const { data } = await this.#github.rest.repos.listDeployments({
      ...this.#r,
      environment: this.#config.environment,
      sha,
      per_page: 1,
    });
    return data[0];
  }

  /** The newest status of a deployment; `state` as a string, for REST sends `waiting` too. */
  async #latestStatus(deploymentId: number) {
    const { data } = await this.#github.rest.repos.listDeploymentStatuses({
      ...this.#r,
      deployment_id: deploymentId,
      per_page: 1,
    });
    const latest = data[0];
    return latest ? { ...latest, state: latest.state as string } : undefined;
  }

  async progress(candidate: Candidate): Promise<DeployProgress> {
    return viaGitHub(`read the ${this.#config.environment} deploy`, async () => {
      const run = await this.#runOf(candidate);
      const evidence: Record<string, unknown> = {
        repository: this.#config.repository,
        environment: this.#config.environment,
      };
      if (!run) return { state: 'waiting', detail: 'the workflow run has not started yet', evidence };
      Object.assign(evidence, { run: run.run_number, runStatus: run.status, sha: run.head_sha });
      const version = {
        id: run.head_sha,
        label: `${run.head_branch ?? `run ${run.run_number}`} (${short(run.head_sha)})`,
        commitSha: run.head_sha,
        ...(run.head_branch ? { tag: run.head_branch } : {}),
      };
      const deployment = await this.#deploymentFor(run.head_sha);
      if (!deployment) {
        if (run.status === 'completed')
          return {
            state: 'failed',
            detail: `run ${run.run_number} ended ${run.conclusion ?? 'without deploying'} before deploying to ${this.#config.environment}`,
            evidence,
            version,
          };
        return {
          state: 'waiting',
          detail: `run ${run.run_number} waits for the ${this.#config.environment} review`,
          evidence,
          version,
        };
      }
      const latest = await this.#latestStatus(deployment.id);
      Object.assign(evidence, {
        deployment: deployment.id,
        deploymentState: latest?.state ?? 'none',
        at: latest?.created_at,
      });
      switch (latest?.state) {
        case 'success':
        case 'inactive':
          return {
            state: 'succeeded',
            detail: `deployment ${deployment.id} to ${this.#config.environment} succeeded`,
            evidence,
            version,
          };
        case 'waiting':
          return {
            state: 'waiting',
            detail: `run ${run.run_number} waits for the ${this.#config.environment} review (deployment ${deployment.id})`,
            evidence,
            version,
          };
        case 'failure':
        case 'error':
          return {
            state: 'failed',
            detail: `deployment ${deployment.id} to ${this.#config.environment} ended ${latest.state}${latest.description ? `: ${latest.description}` : ''}`,
            evidence,
            version,
          };
        default:
          return {
            state: 'deploying',
            detail: `deployment ${deployment.id} is ${latest?.state ?? 'created'}`,
            evidence,
            version,
          };
      }
    });
  }
}

/** A deployment whose statuses are all WAITING (newest first, as listed): its job still waits. */
function isWaiting(statuses: { state: string }[]): boolean {
  return statuses.length > 0 && statuses.every((status) => status.state === 'WAITING');
}

/** A run waiting on this environment, from GraphQL (its check suite) or REST (the fallback). */
interface WaitingRun {
  /** The run id (REST `id`), as a string: it goes into the candidate's ref. */
  id: string;
  runNumber: number;
  url: string;
  createdAt: string;
  headSha: string;
  headBranch: string | null;
  committedAt?: string;
  /** Who started the run, whom prevent-self-review keeps from approving it. */
  actor?: string;
  /** This environment's pending request. */
  mine: PendingRequest;
}

interface RunFacts {
  id: number;
  run_number: number;
  status: string | null;
  conclusion: string | null;
  head_sha: string;
  head_branch: string | null;
}

function whoCanApprove(pending: PendingDeployment, actor?: string): string {
  return whoMayReview(
    pending.reviewers
      .map((r) => r.reviewer?.login ?? r.reviewer?.slug ?? r.reviewer?.name)
      .filter((n): n is string => Boolean(n)),
    actor,
  );
}

function actionsTokenCannotPublish(repository: string, tag: string): PndError {
  return new PndError(
    'forbidden',
    `Publishing draft ${tag} of ${repository} with the Actions job’s GITHUB_TOKEN would start no deploy workflow.`,
    {
      details: {
        where: `GitHub ${repository} release ${tag}`,
        identity: 'the GitHub Actions GITHUB_TOKEN (a ghs_ token in a GitHub Actions job)',
        permission: 'an identity whose events start workflows: a GitHub App or a personal access token',
        hint: 'Events made with GITHUB_TOKEN start no workflow run (https://docs.github.com/en/actions/using-workflows/triggering-a-workflow#triggering-a-workflow-from-a-workflow). Set PND_GITHUB_PUBLISH_TOKEN to a PAT, or give pnd a GitHub App (PND_GITHUB_APP_ID and PND_GITHUB_APP_PRIVATE_KEY_FILE).',
      },
    },
  );
}

function whoMayReview(reviewers: string[], actor?: string): string {
  const names = reviewers.filter((n) => n !== actor);
  const who = names.length > 0 ? `one of: ${names.join(', ')}` : 'a required reviewer of the environment';
  return `The review needs ${who}. If you started the run (published the release) and the environment prevents self-review, ask another reviewer, or let pnd publish with another identity (PND_GITHUB_PUBLISH_TOKEN, e.g. a GitHub App).`;
}
