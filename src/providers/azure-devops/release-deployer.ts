import type { AdoReleaseDeployer } from '../../config/schema.ts';
import type {
  Candidate,
  Deployer,
  Deployment,
  DeployProgress,
  GateStep,
  Version,
} from '../../capabilities/deployer.ts';
import type { AzureDevOpsClient } from './client.ts';
import type { Release, ReleaseApproval, ReleaseDefinitionApprovals, ReleaseEnvironment } from './types.ts';

/** How many recent releases of a definition are read: a weekly train never looks further back. */
export const RECENT_RELEASES = 50;

/**
 * A classic Release definition's stage (DESIGN.md §3 `ado-release`): the gate is the stage's
 * pre-deployment approval. Approvals cannot be filtered by definition in the API, so the
 * project's pending approvals are read once (shared by every component of the project, see
 * `ApprovalsCache`) and filtered here.
 */
export class AdoReleaseDeployerImpl implements Deployer {
  readonly kind = 'ado-release';
  readonly #config: AdoReleaseDeployer;
  readonly #client: AzureDevOpsClient;
  readonly #pendingApprovals: () => Promise<ReleaseApproval[]>;
  #releases: Promise<Release[]> | undefined;
  readonly #sharedRecent: (() => Promise<Release[]>) | undefined;

  constructor(
    config: AdoReleaseDeployer,
    client: AzureDevOpsClient,
    pendingApprovals: () => Promise<ReleaseApproval[]>,
    /** The definition's recent releases, shared by its stages' deployers (Staging and production). */
    sharedRecent?: () => Promise<Release[]>,
  ) {
    this.#sharedRecent = sharedRecent;
    this.#config = config;
    this.#client = client;
    this.#pendingApprovals = pendingApprovals;
  }

  /** Recent releases with environments and artifacts, read once per gather. */
  #recent(): Promise<Release[]> {
    this.#releases ??= this.#sharedRecent?.() ?? recentReleases(this.#client, this.#config.definitionId);
    return this.#releases;
  }

  #environment(release: Release): ReleaseEnvironment | undefined {
    return release.environments?.find((e) => e.name === this.#config.environmentName);
  }

  #where(): string {
    return `${this.#config.organization}/${this.#config.project}`;
  }

  async waiting(): Promise<Candidate[]> {
    const [approvals, releases] = await Promise.all([this.#pendingApprovals(), this.#recent()]);
    const byId = new Map(releases.map((r) => [r.id, r]));
    const candidates: Candidate[] = [];
    for (const approval of approvals) {
      if (approval.releaseDefinition.id !== this.#config.definitionId) continue;
      if (approval.approvalType !== 'preDeploy' || approval.status !== 'pending') continue;
      if (approval.releaseEnvironment.name !== this.#config.environmentName) continue;
      const release = byId.get(approval.release.id) ?? (await this.#client.release(approval.release.id));
      candidates.push({
        version: versionOf(release),
        ref: this.#gateRef(release.id),
        createdAt: release.createdOn,
        steps: [`approve ${this.#config.environmentName} pre-deployment approval`],
        url: webUrl(this.#config, release.id),
      });
    }
    // Several approvers of one stage give several approvals: one candidate per release.
    const unique = [...new Map(candidates.map((c) => [c.ref, c])).values()];
    return unique.sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
  }

  #gateRef(releaseId: number): string {
    return `ado:${this.#where()}:release:${releaseId}:${this.#config.environmentName}`;
  }

  async deployments(): Promise<Deployment[]> {
    const deployments: Deployment[] = [];
    for (const release of await this.#recent()) {
      const env = this.#environment(release);
      const step = env?.deploySteps?.at(-1);
      if (!env || !step || step.status !== 'succeeded') continue;
      deployments.push({
        version: versionOf(release),
        deployedAt: step.lastModifiedOn ?? env.modifiedOn ?? release.createdOn,
        versionCreatedAt: release.createdOn,
        postDeployApproved: (env.postDeployApprovals ?? []).some(
          (a) => a.status === 'approved' && !a.isAutomated,
        ),
      });
    }
    return deployments.sort((a, b) => Date.parse(b.deployedAt) - Date.parse(a.deployedAt));
  }

  openGate(candidate: Candidate, comment: string): GateStep[] {
    return [
      this.#approvalStep(releaseIdOf(candidate.ref), candidate.version, 'preDeploy', 'approve', comment),
    ];
  }

  postDeployGate(version: Version, decision: 'approve' | 'reject', comment: string): GateStep {
    return this.#approvalStep(releaseIdOfVersion(version), version, 'postDeploy', decision, comment);
  }

  /**
   * A stage without post-deployment approvers has an automated gate that passes by itself: the
   * release carries the definition's approval settings (postApprovalsSnapshot) with one automated
   * step, and its postDeployApprovals hold only an automated approval. Nothing to wait for.
   */
  async hasPostDeployGate(version: Version): Promise<boolean> {
    const env = this.#environment(await this.#client.release(releaseIdOfVersion(version)));
    return hasApprovers(env?.postApprovalsSnapshot, env?.postDeployApprovals);
  }

  /**
   * One decision on the stage's pre- or post-deployment approval. Every read goes to the release
   * itself: an approval can be reassigned, time out or be decided by a person at any moment.
   */
  #approvalStep(
    releaseId: number,
    version: Version,
    gate: 'preDeploy' | 'postDeploy',
    decision: 'approve' | 'reject',
    comment: string,
  ): GateStep {
    const stage = this.#config.environmentName;
    const read = async () => {
      const env = this.#environment(await this.#client.release(releaseId));
      const approvals = gate === 'preDeploy' ? env?.preDeployApprovals : env?.postDeployApprovals;
      return (approvals ?? []).filter((a) => !a.isAutomated);
    };
    const name = gate === 'preDeploy' ? 'pre-deploy' : 'post-deploy';
    return {
      key: `${this.#gateRef(releaseId)}:${name}:${decision}`,
      action: decision,
      target: `${version.label} ${stage} ${name}ment approval`,
      // A post-deployment approval opens when the deploy job ends: a moment after "succeeded".
      ...(gate === 'postDeploy' ? { ready: async () => (await read()).length > 0 } : {}),
      isDone: async () => {
        const approvals = await read();
        const decided = approvals.at(-1);
        if (!decided || approvals.some((a) => a.status === 'pending')) return false;
        return {
          by: decided.approvedBy?.displayName ?? decided.approver?.displayName,
          detail: { status: decided.status },
        };
      },
      act: async () => {
        // Read again right before the write: the isDone read may be seconds old.
        const pending = (await read()).find((a) => a.status === 'pending');
        if (!pending) return undefined;
        return this.#client.updateApproval(pending.id, {
          status: decision === 'approve' ? 'approved' : 'rejected',
          comments: comment,
        });
      },
    };
  }

  async progress(candidate: Candidate): Promise<DeployProgress> {
    const release = await this.#client.release(releaseIdOf(candidate.ref));
    const env = this.#environment(release);
    // One release's GET carries its artifacts: the build number images are tagged with.
    const version = versionOf(release);
    const step = env?.deploySteps?.at(-1);
    const evidence = {
      release: release.name,
      stage: env?.name,
      stageStatus: env?.status,
      deployStep: step ? { attempt: step.attempt, status: step.status, at: step.lastModifiedOn } : null,
      url: webUrl(this.#config, release.id),
    };
    if (!env)
      return {
        state: 'failed',
        detail: `release ${release.name} has no stage ${this.#config.environmentName}`,
        evidence,
        version,
      };
    if (env.status === 'rejected' || env.status === 'canceled' || step?.status === 'failed')
      return {
        state: 'failed',
        detail: `the ${env.name} deploy of ${release.name} ended ${step?.status ?? env.status}`,
        evidence,
        version,
      };
    if (step?.status === 'succeeded' || env.status === 'succeeded')
      return {
        state: 'succeeded',
        detail: `the ${env.name} deploy of ${release.name} succeeded`,
        evidence,
        version,
      };
    if (step?.status === 'partiallySucceeded' || env.status === 'partiallySucceeded')
      return {
        state: 'failed',
        detail: `the ${env.name} deploy of ${release.name} only partially succeeded`,
        evidence,
        version,
      };
    const pending = (env.preDeployApprovals ?? []).some((a) => a.status === 'pending');
    return {
      state: pending ? 'waiting' : 'deploying',
      detail: pending ? 'waiting for the pre-deployment approval' : `deploying (${env.status})`,
      evidence,
      version,
    };
  }
}

/** Recent releases of a definition with their environments: one page, newest first. */
export async function recentReleases(client: AzureDevOpsClient, definitionId: number): Promise<Release[]> {
  const releases: Release[] = [];
  for await (const release of client.releases({
    definitionId,
    // One value only: the documented $expand is a single enum value.
    expandEnvironments: true,
    top: RECENT_RELEASES,
  })) {
    releases.push(release);
    if (releases.length >= RECENT_RELEASES) break;
  }
  return releases;
}

/**
 * A classic release is one object that moves through the stages, so the release itself is the
 * version the soak policy compares between Staging and production. Its build number is shown when
 * the answer carries the artifacts (GET of one release does; the list does not).
 */
export function versionOf(release: Release): Version {
  const primary = release.artifacts?.[0]?.definitionReference?.version?.name;
  return {
    id: `release:${release.id}`,
    label: primary ? `${release.name} (${primary})` : release.name,
    ...(primary ? { buildNumber: primary } : {}),
  };
}

function releaseIdOfVersion(version: Version): number {
  return Number(version.id.replace(/^release:/, ''));
}

/**
 * Whether a stage's gate waits for a person: the snapshot of the definition's approval steps says
 * so; without one (an older answer), the approvals given so far do. When neither is known, the
 * gate is taken to exist: waiting a little is safer than claiming there is nothing to approve.
 */
export function hasApprovers(
  snapshot: ReleaseDefinitionApprovals | undefined,
  approvals: ReleaseApproval[] | undefined,
): boolean {
  const steps = snapshot?.approvals ?? [];
  if (steps.length > 0) return steps.some((s) => !s.isAutomated);
  if (approvals && approvals.length > 0) return approvals.some((a) => !a.isAutomated);
  return true;
}

function releaseIdOf(ref: string): number {
  const match = /:release:(\d+):/.exec(ref);
  if (!match) throw new Error(`not an Azure DevOps release gate: ${ref}`);
  return Number(match[1]);
}

function webUrl(config: AdoReleaseDeployer, releaseId: number): string {
  return `https://dev.azure.com/${encodeURIComponent(config.organization)}/${encodeURIComponent(config.project)}/_releaseProgress?releaseId=${releaseId}&_a=release-pipeline-progress`;
}
