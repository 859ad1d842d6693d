import type { DeployTarget } from '../world.ts';
import type { AdoIdentity } from './identities.ts';

/** The wire enums, as strings (the REST API sends and accepts names, the Node SDK numbers). */
export type ApprovalStatus = 'pending' | 'approved' | 'rejected' | 'reassigned' | 'canceled' | 'skipped';
export type ApprovalType = 'preDeploy' | 'postDeploy';
export type EnvironmentStatus =
  | 'notStarted'
  | 'inProgress'
  | 'succeeded'
  | 'canceled'
  | 'rejected'
  | 'queued'
  | 'scheduled'
  | 'partiallySucceeded';
export type DeploymentStatus = 'notDeployed' | 'inProgress' | 'succeeded' | 'partiallySucceeded' | 'failed';
export type DeployOutcome = 'succeeded' | 'failed' | 'partiallySucceeded';

/** EnvironmentStatus flag values, for `environmentStatusFilter` (a bitmask on the wire). */
export const ENVIRONMENT_STATUS_FLAG: Record<EnvironmentStatus, number> = {
  notStarted: 1,
  inProgress: 2,
  succeeded: 4,
  canceled: 8,
  rejected: 16,
  queued: 32,
  scheduled: 64,
  partiallySucceeded: 128,
};

export interface AdoProject {
  id: string;
  organization: string;
  name: string;
}

export interface DefinitionEnvironment {
  id: number;
  name: string;
  rank: number;
  preApprovers: AdoIdentity[];
  postApprovers: AdoIdentity[];
  trigger: 'afterRelease' | 'afterPrevious' | 'manual';
  releaseCreatorCanBeApprover: boolean;
  timeoutMs: number;
  queueMs: number;
  deployMs: number;
  outcome: DeployOutcome;
  targets: DeployTarget[];
}

export interface ReleaseDefinition {
  id: number;
  name: string;
  path: string;
  artifactAlias: string;
  project: AdoProject;
  environments: DefinitionEnvironment[];
}

export interface Approval {
  id: number;
  revision: number;
  type: ApprovalType;
  status: ApprovalStatus;
  /** Absent for an automated approval (a stage without approvers). */
  approver?: AdoIdentity;
  approvedBy?: AdoIdentity;
  comments: string;
  isAutomated: boolean;
  attempt: number;
  rank: number;
  createdOn: number;
  modifiedOn: number;
  environment: ReleaseEnvironment;
}

export interface DeployStep {
  id: number;
  deploymentId: number;
  attempt: number;
  status: DeploymentStatus;
  operationStatus: string;
  hasStarted: boolean;
  queuedOn: number;
  lastModifiedOn: number;
  requestedBy: AdoIdentity;
}

export interface ReleaseEnvironment {
  id: number;
  release: Release;
  definition: DefinitionEnvironment;
  status: EnvironmentStatus;
  createdOn: number;
  modifiedOn: number;
  preApprovals: Approval[];
  postApprovals: Approval[];
  steps: DeployStep[];
  triggerReason: string;
  /** Set by the deployment-fails event: how the next deploy job here ends. */
  nextOutcome?: DeployOutcome;
  /** Deploy time in minutes, once deployed. */
  timeToDeploy?: number;
}

export interface Release {
  id: number;
  name: string;
  definition: ReleaseDefinition;
  project: AdoProject;
  createdOn: number;
  modifiedOn: number;
  createdBy: AdoIdentity;
  version: string;
  image?: string;
  sourceBranch: string;
  status: 'draft' | 'active' | 'abandoned';
  description: string;
  environments: ReleaseEnvironment[];
}
