import { parseDuration } from '../../core/duration.ts';
import type { DeployTarget, World } from '../world.ts';
import type { AdoIdentity, Directory } from './identities.ts';
import type {
  AdoProject,
  Approval,
  ApprovalStatus,
  ApprovalType,
  DeployOutcome,
  DeployStep,
  Release,
  ReleaseDefinition,
  ReleaseEnvironment,
} from './release-model.ts';
import type { AdoProjectScenario, ReleaseScenario } from './scenario.ts';
import { resolveInstant } from '../scenario/instant.ts';

const MINUTE = 60_000;

/**
 * Classic release pipelines of the simulated Azure DevOps: definitions, releases, their stages
 * (release environments) and approvals, moved along by the shared virtual clock.
 *
 * Stage lifecycle (status on the wire in brackets):
 *   pre-deploy approvals pending [queued] -> all approved -> waiting for an agent [queued]
 *   -> deploy job runs [inProgress], world.deploy() per target -> job ends -> post-deploy
 *   approvals pending [inProgress] -> all approved [succeeded] -> the next stage triggered
 *   "after previous" opens its pre-deploy approvals.
 * A rejected approval or a failed job leaves the stage [rejected] (the API has no "failed" stage
 * status; the deploy step carries status failed). Guessed, not found in a primary source: the
 * stage status while pre-deploy approval is pending (queued) and while post-deploy approval is
 * pending (inProgress: the stage is not done until its post-deployment gate passes).
 */
export class ReleaseStore {
  readonly definitions = new Map<number, ReleaseDefinition>();
  readonly releases = new Map<number, Release>();
  readonly approvals = new Map<number, Approval>();
  readonly #world: World;
  readonly #directory: Directory;

  constructor(world: World, directory: Directory) {
    this.#world = world;
    this.#directory = directory;
  }

  addProject(project: AdoProject, scenario: AdoProjectScenario): void {
    for (const def of scenario.releaseDefinitions) {
      const definition: ReleaseDefinition = {
        id: def.id,
        name: def.name,
        path: def.path,
        artifactAlias: def.artifactAlias ?? `_${def.name}`,
        project,
        environments: def.environments.map((env, index) => ({
          id: env.id ?? def.id * 100 + index + 1,
          name: env.name,
          rank: index + 1,
          preApprovers: env.preDeployApprovers.map((u) => this.#directory.resolve(u)),
          postApprovers: env.postDeployApprovers.map((u) => this.#directory.resolve(u)),
          trigger: env.trigger ?? (index === 0 ? 'afterRelease' : 'afterPrevious'),
          releaseCreatorCanBeApprover: env.releaseCreatorCanBeApprover,
          timeoutMs: parseDuration(env.approvalTimeout) ?? 30 * 24 * 60 * MINUTE,
          queueMs: parseDuration(env.queueTime) ?? 10_000,
          deployMs: parseDuration(env.deployDuration) ?? 3 * MINUTE,
          outcome: env.deployOutcome,
          targets: env.deployTargets as DeployTarget[],
        })),
      };
      this.definitions.set(def.id, definition);
    }
    for (const release of scenario.releases) this.#world.reserveId('ado-release', release.id);
    // Seed in id order so approval and stage ids follow release ids, as they do in a real project.
    for (const release of [...scenario.releases].sort((a, b) => a.id - b.id)) this.#seed(project, release);
  }

  /**
   * Seeding creates approvals release by release; the service numbers them in creation order.
   * Renumbering by creation time afterwards keeps "newest first" (descending id) true to time.
   */
  renumberSeededApprovals(): void {
    const seeded = [...this.approvals.values()];
    const ids = seeded.map((a) => a.id).sort((a, b) => a - b);
    seeded.sort((a, b) => a.createdOn - b.createdOn || a.id - b.id);
    this.approvals.clear();
    seeded.forEach((approval, index) => {
      approval.id = ids[index]!;
      this.approvals.set(approval.id, approval);
    });
  }

  /** Creates a release now (the `azure-devops.release-created` event); stages triggered after release start. */
  createRelease(input: {
    definitionId: number;
    version: string;
    image?: string;
    createdBy?: string;
    description?: string;
  }): Release {
    const definition = this.#definition(input.definitionId);
    const id = this.#world.nextId('ado-release');
    const release = this.#newRelease(definition.project, {
      id,
      definitionId: definition.id,
      createdOn: new Date(this.#world.clock.now()).toISOString(),
      version: input.version,
      image: input.image,
      createdBy: input.createdBy,
      sourceBranch: 'refs/heads/main',
      status: 'active',
      description: input.description ?? '',
      environments: [],
    });
    for (const env of release.environments) {
      if (env.definition.trigger === 'afterRelease') {
        env.triggerReason = 'After release';
        this.#openGate(env, 'preDeploy', this.#world.clock.now());
      }
    }
    return release;
  }

  /**
   * Approves or rejects a pending approval on behalf of `by`. Returns an error message (the
   * caller turns it into the service's 400/403) or undefined when done.
   */
  decide(
    approval: Approval,
    by: AdoIdentity,
    status: 'approved' | 'rejected',
    comments: string,
  ): { status: 400 | 403; message: string; typeKey: string } | undefined {
    if (approval.status !== 'pending') {
      // Guessed wording: the service refuses to change a decided approval.
      return {
        status: 400,
        typeKey: 'InvalidRequestException',
        message: `The approval ${approval.id} is not pending: its status is ${approval.status}. Only a pending approval can be approved or rejected.`,
      };
    }
    if (!approval.approver || !this.#directory.canActFor(by, approval.approver)) {
      return {
        status: 403,
        typeKey: 'AccessDeniedException',
        message: `VS402904: Access denied: ${by.displayName} is not the approver of approval ${approval.id}; it is assigned to ${approval.approver?.displayName ?? 'an automated check'}.`,
      };
    }
    const env = approval.environment;
    if (
      status === 'approved' &&
      !env.definition.releaseCreatorCanBeApprover &&
      env.release.createdBy.id === by.id
    ) {
      return {
        status: 400,
        typeKey: 'InvalidRequestException',
        message: `The approval policy of ${env.definition.name} does not allow the user who requested the release (${by.displayName}) to approve it. Ask another approver.`,
      };
    }
    const now = this.#world.clock.now();
    this.#settle(approval, status, by, comments, now);
    if (status === 'rejected') {
      this.#rejectStage(env, approval.type, now);
    } else if (this.#gate(env, approval.type).every((a) => a.status === 'approved')) {
      this.#gatePassed(env, approval.type, now);
    }
    return undefined;
  }

  /** Makes the next deploy job of matching stages end this way (the `azure-devops.deployment-fails` event). */
  failNextDeployment(
    filter: { releaseId?: number; definitionId?: number; environment?: string },
    outcome: DeployOutcome,
  ): number {
    let count = 0;
    for (const release of this.releases.values()) {
      if (filter.releaseId !== undefined && release.id !== filter.releaseId) continue;
      if (filter.definitionId !== undefined && release.definition.id !== filter.definitionId) continue;
      for (const env of release.environments) {
        if (
          filter.environment !== undefined &&
          env.definition.name.toLowerCase() !== filter.environment.toLowerCase()
        )
          continue;
        env.nextOutcome = outcome;
        count++;
      }
    }
    return count;
  }

  #definition(id: number): ReleaseDefinition {
    const definition = this.definitions.get(id);
    if (!definition) throw new Error(`Azure DevOps scenario: no release definition ${id}.`);
    return definition;
  }

  #newRelease(project: AdoProject, input: ReleaseScenario): Release {
    const definition = this.#definition(input.definitionId);
    // Relative times count from the scenario start, which is the clock's time while seeding.
    const createdOn = resolveInstant(input.createdOn, this.#world.clock.now());
    const release: Release = {
      id: input.id,
      name: input.name ?? `Release-${input.id}`,
      definition,
      project,
      createdOn,
      modifiedOn: createdOn,
      createdBy: input.createdBy ? this.#directory.resolve(input.createdBy) : this.#directory.defaultUser,
      version: input.version,
      image: input.image,
      sourceBranch: input.sourceBranch,
      status: input.status,
      description: input.description,
      environments: [],
    };
    release.environments = definition.environments.map((def) => ({
      id: this.#world.nextId('ado-release-environment', 1001),
      release,
      definition: def,
      status: 'notStarted',
      createdOn,
      modifiedOn: createdOn,
      preApprovals: [],
      postApprovals: [],
      steps: [],
      triggerReason:
        def.trigger === 'afterRelease'
          ? 'After release'
          : def.trigger === 'manual'
            ? 'Manual'
            : `After successful deployment of ${definition.environments[def.rank - 2]?.name ?? ''}`,
    }));
    this.releases.set(release.id, release);
    return release;
  }

  /** Builds a release as the scenario describes it, with the history its stage states imply. */
  #seed(project: AdoProject, input: ReleaseScenario): void {
    const release = this.#newRelease(project, input);
    for (const state of input.environments) {
      const env = release.environments.find(
        (e) => e.definition.name.toLowerCase() === state.name.toLowerCase(),
      );
      if (!env) throw new Error(`Azure DevOps scenario: release ${release.id} has no stage "${state.name}".`);
      const at = state.at ? resolveInstant(state.at, this.#world.clock.now()) : release.createdOn;
      const def = env.definition;
      const by = (approver: AdoIdentity | undefined) =>
        state.approvedBy ? this.#directory.resolve(state.approvedBy) : (approver ?? release.createdBy);
      // Times of the steps before `at`, so the history reads in order.
      const deployedAt = at - (state.state === 'succeeded' ? 5 * MINUTE : 0);
      const approvedAt = deployedAt - def.deployMs - def.queueMs;
      const approvePre = (when: number) => {
        this.#openGate(env, 'preDeploy', Math.min(when, approvedAt), { seeding: true });
        for (const a of env.preApprovals)
          if (a.status === 'pending') this.#settle(a, 'approved', by(a.approver), '', when);
      };
      const deployStep = (status: DeployStep['status'], operationStatus: string, when: number) => {
        const step = env.steps.at(-1) ?? this.#newStep(env, by(def.preApprovers[0]), approvedAt);
        Object.assign(step, { status, operationStatus, hasStarted: true, lastModifiedOn: when });
        env.timeToDeploy = Math.round((def.deployMs / MINUTE) * 100) / 100;
      };
      switch (state.state) {
        case 'notStarted':
          break;
        case 'awaitingPreDeploy':
          this.#openGate(env, 'preDeploy', at);
          break;
        case 'deploying':
          approvePre(at);
          this.#startDeploy(env, at);
          break;
        case 'awaitingPostDeploy':
          approvePre(approvedAt);
          deployStep('succeeded', 'phaseSucceeded', at);
          this.#openGate(env, 'postDeploy', at);
          break;
        case 'succeeded':
          approvePre(approvedAt);
          deployStep('succeeded', 'phaseSucceeded', deployedAt);
          this.#openGate(env, 'postDeploy', deployedAt, { seeding: true });
          for (const a of env.postApprovals)
            if (a.status === 'pending') this.#settle(a, 'approved', by(a.approver), '', at);
          this.#setStatus(env, 'succeeded', at);
          break;
        case 'failed':
          approvePre(approvedAt);
          deployStep('failed', 'phaseFailed', at);
          this.#setStatus(env, 'rejected', at);
          break;
        case 'rejected': {
          this.#openGate(env, 'preDeploy', approvedAt, { seeding: true });
          const first = env.preApprovals.find((a) => a.status === 'pending');
          if (first) this.#settle(first, 'rejected', by(first.approver), '', at);
          this.#rejectStage(env, 'preDeploy', at);
          break;
        }
        case 'canceled':
          this.#setStatus(env, 'canceled', at);
          break;
      }
      release.modifiedOn = Math.max(release.modifiedOn, at);
    }
  }

  #gate(env: ReleaseEnvironment, type: ApprovalType): Approval[] {
    return type === 'preDeploy' ? env.preApprovals : env.postApprovals;
  }

  /**
   * Opens a gate: one approval per required approver, or one automated approval when there are
   * none. `seeding` skips timeouts and what follows an automated pass (the scenario says it).
   */
  #openGate(
    env: ReleaseEnvironment,
    type: ApprovalType,
    at: number,
    options: { seeding?: boolean } = {},
  ): void {
    const approvers = type === 'preDeploy' ? env.definition.preApprovers : env.definition.postApprovers;
    const approvals = this.#gate(env, type);
    if (type === 'preDeploy') {
      this.#setStatus(env, 'queued', at);
      const step = this.#newStep(env, env.release.createdBy, at);
      step.operationStatus = approvers.length > 0 ? 'pending' : 'approved';
    } else {
      this.#setStatus(env, 'inProgress', at);
    }
    const attempt = Math.max(1, env.steps.length);
    if (approvers.length === 0) {
      approvals.push(this.#newApproval(env, type, undefined, at, attempt, 1));
      if (!options.seeding) this.#gatePassed(env, type, at);
      return;
    }
    for (const approver of approvers) {
      const approval = this.#newApproval(env, type, approver, at, attempt, 1);
      approvals.push(approval);
      if (!options.seeding) this.#scheduleTimeout(approval);
    }
  }

  #newApproval(
    env: ReleaseEnvironment,
    type: ApprovalType,
    approver: AdoIdentity | undefined,
    at: number,
    attempt: number,
    rank: number,
  ): Approval {
    const approval: Approval = {
      id: this.#world.nextId('ado-approval', 3001),
      revision: 1,
      type,
      status: approver ? 'pending' : 'approved',
      approver,
      comments: '',
      isAutomated: !approver,
      attempt,
      rank,
      createdOn: at,
      modifiedOn: at,
      environment: env,
    };
    this.approvals.set(approval.id, approval);
    return approval;
  }

  /**
   * "If no approval is granted within the Timeout period, the deployment is rejected"
   * (learn.microsoft.com, release approvals): the approval becomes rejected and so does the stage.
   */
  #scheduleTimeout(approval: Approval): void {
    const due = approval.createdOn + approval.environment.definition.timeoutMs;
    this.#world.scheduler.at(due, `azure-devops: approval ${approval.id} times out`, (at) => {
      if (approval.status !== 'pending') return;
      this.#settle(approval, 'rejected', undefined, 'The approval timed out.', at);
      this.#rejectStage(approval.environment, approval.type, at);
    });
  }

  #settle(
    approval: Approval,
    status: ApprovalStatus,
    by: AdoIdentity | undefined,
    comments: string,
    at: number,
  ): void {
    approval.status = status;
    approval.approvedBy = by;
    approval.comments = comments;
    approval.revision++;
    approval.modifiedOn = at;
    approval.environment.modifiedOn = at;
    approval.environment.release.modifiedOn = at;
  }

  #rejectStage(env: ReleaseEnvironment, type: ApprovalType, at: number): void {
    // The other approvals of the gate are no longer needed.
    for (const other of this.#gate(env, type))
      if (other.status === 'pending') this.#settle(other, 'skipped', undefined, '', at);
    const step = env.steps.at(-1);
    if (step && type === 'preDeploy')
      Object.assign(step, { operationStatus: 'rejected', lastModifiedOn: at });
    this.#setStatus(env, 'rejected', at);
  }

  #gatePassed(env: ReleaseEnvironment, type: ApprovalType, at: number): void {
    if (type === 'preDeploy') {
      this.#startDeploy(env, at);
      return;
    }
    const step = env.steps.at(-1);
    this.#setStatus(env, step?.status === 'partiallySucceeded' ? 'partiallySucceeded' : 'succeeded', at);
    const next = env.release.environments.find((e) => e.definition.rank === env.definition.rank + 1);
    if (next && next.definition.trigger === 'afterPrevious' && next.status === 'notStarted')
      this.#openGate(next, 'preDeploy', at);
  }

  #newStep(env: ReleaseEnvironment, requestedBy: AdoIdentity, at: number): DeployStep {
    const step: DeployStep = {
      id: this.#world.nextId('ado-deploy-step', 7001),
      deploymentId: this.#world.nextId('ado-deployment', 5001),
      attempt: env.steps.length + 1,
      status: 'notDeployed',
      operationStatus: 'queued',
      hasStarted: false,
      queuedOn: at,
      lastModifiedOn: at,
      requestedBy,
    };
    env.steps.push(step);
    return step;
  }

  /** Queued for an agent, then the job runs, deploys every target, and ends after its duration. */
  #startDeploy(env: ReleaseEnvironment, at: number): void {
    const step = env.steps.at(-1) ?? this.#newStep(env, env.release.createdBy, at);
    Object.assign(step, { operationStatus: 'queuedForAgent', lastModifiedOn: at });
    this.#setStatus(env, 'queued', at);
    const def = env.definition;
    const label = `azure-devops: ${env.release.name} ${def.name}`;
    this.#world.scheduler.at(at + def.queueMs, `${label} deploy job starts`, (started) => {
      Object.assign(step, {
        status: 'inProgress',
        operationStatus: 'phaseInProgress',
        hasStarted: true,
        lastModifiedOn: started,
      });
      this.#setStatus(env, 'inProgress', started);
      for (const target of def.targets) {
        this.#world.deploy(target, {
          tag: env.release.version,
          ...(env.release.image ? { image: env.release.image } : {}),
          deployer: `Azure DevOps ${env.release.definition.name} ${env.release.name}`,
          message: `${env.release.name} to ${def.name}`,
        });
      }
      this.#world.scheduler.at(started + def.deployMs, `${label} deploy job ends`, (ended) => {
        const outcome = env.nextOutcome ?? def.outcome;
        env.nextOutcome = undefined;
        env.timeToDeploy = Math.round(((ended - started) / MINUTE) * 100) / 100;
        if (outcome === 'failed') {
          Object.assign(step, { status: 'failed', operationStatus: 'phaseFailed', lastModifiedOn: ended });
          this.#setStatus(env, 'rejected', ended);
          return;
        }
        Object.assign(step, {
          status: outcome,
          operationStatus: outcome === 'succeeded' ? 'phaseSucceeded' : 'phasePartiallySucceeded',
          lastModifiedOn: ended,
        });
        this.#openGate(env, 'postDeploy', ended);
      });
    });
  }

  #setStatus(env: ReleaseEnvironment, status: ReleaseEnvironment['status'], at: number): void {
    env.status = status;
    env.modifiedOn = at;
    env.release.modifiedOn = Math.max(env.release.modifiedOn, at);
  }
}
