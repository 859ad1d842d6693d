/**
 * The deployer capability (DESIGN.md §3, §5 `Gates` + `Releases`): what waits at an environment's
 * pre-deploy gate, what was deployed there and when, how to open the gate, how the deploy is going.
 * One implementation per deployer kind (src/providers/registry.ts); the engine knows none of them.
 */

export interface Version {
  /** What the soak policy compares across environments: the build artifact version, or a commit SHA. */
  id: string;
  /** How people name it: `Release-418 (20261122.1)`, `2026.11.23 (c4f7a2e)`. */
  label: string;
  /** The commit, when the deployer knows it (container images are tagged with it). */
  commitSha?: string;
  /** The build number of the primary artifact, when known (images may be tagged with it). */
  buildNumber?: string;
  /** The release tag, when the version is a tagged release (GitHub releases). */
  tag?: string;
  /**
   * When its commit was made (ISO), when the deployer has it at hand (a GitHub run's head
   * commit). Journaled with the deploy plan and outcome: `pnd report`'s lead time starts here.
   */
  committedAt?: string;
}

export interface Candidate {
  version: Version;
  /** Stable across runs: identifies the gate (e.g. `ado:brreg/altinn-studio:release:418:Staging`). */
  ref: string;
  createdAt: string;
  /** The gate's steps that remain, in order, for the plan: `publish draft`, `approve Staging review`. */
  steps: string[];
  /** Where a person would look: the release or the run in the vendor's web UI. */
  url?: string;
  /** Set when the credential in use may not open this gate; says who can. */
  blockedReason?: string;
}

export interface Deployment {
  version: Version;
  /** When the deploy to this environment finished successfully (ISO). */
  deployedAt: string;
  /** When the version itself was made (the release, or the run): older candidates never replace it. */
  versionCreatedAt: string;
  /** The environment's post-deploy gate was approved by someone (a verification on record). */
  postDeployApproved: boolean;
}

export type DeployState = 'waiting' | 'deploying' | 'succeeded' | 'failed';

export interface DeployProgress {
  state: DeployState;
  /** One sentence for people: `deploy job succeeded at …`, `deployment status failure: …`. */
  detail: string;
  /** What was read, for the evidence comment and the journal. */
  evidence: Record<string, unknown>;
  /** The version actually deployed, when it is known better now (a draft's commit after publishing). */
  version?: Version;
}

/** One remote effect of opening a gate, run by the engine through mutateOnce. */
export interface GateStep {
  key: string;
  action: string;
  target: string;
  /** Polled (with backoff) until true before the step may act: e.g. the run a publish started exists. */
  ready?: () => Promise<boolean>;
  isDone: () => Promise<false | { by?: string; detail?: unknown }>;
  act: () => Promise<unknown>;
}

export interface Deployer {
  readonly kind: string;
  /** Versions waiting at this environment's pre-deploy gate, newest first. */
  waiting(): Promise<Candidate[]>;
  /** Successful deploys to this environment, newest first: the first is what runs there now. */
  deployments(): Promise<Deployment[]>;
  /** The steps that open `candidate`'s gate; `comment` goes with each approval. */
  openGate(candidate: Candidate, comment: string): GateStep[];
  progress(candidate: Candidate): Promise<DeployProgress>;
  /**
   * The post-deployment gate of a deployed version, when this kind has one (Azure DevOps: the
   * stage's post-deployment approval; GitHub environments have none): one step that approves or
   * rejects it.
   */
  postDeployGate?(version: Version, decision: 'approve' | 'reject', comment: string): GateStep;
  /**
   * Whether `version`'s stage really has a post-deployment gate for a person (Azure DevOps: a
   * stage without approvers passes it by itself). Absent means: it has one when postDeployGate
   * exists.
   */
  hasPostDeployGate?(version: Version): Promise<boolean>;
}
