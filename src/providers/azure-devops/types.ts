/** The parts of Azure DevOps' Release 7.1 and Build 7.1 resources that pnd reads (enums as strings, as on the wire). */
export type ApprovalStatus =
  'undefined' | 'pending' | 'approved' | 'rejected' | 'reassigned' | 'canceled' | 'skipped';
export type ApprovalType = 'undefined' | 'preDeploy' | 'postDeploy' | 'all';
export type EnvironmentStatus =
  | 'undefined'
  | 'notStarted'
  | 'inProgress'
  | 'succeeded'
  | 'canceled'
  | 'rejected'
  | 'queued'
  | 'scheduled'
  | 'partiallySucceeded';

export interface IdentityRef {
  id: string;
  displayName?: string;
  uniqueName?: string;
  isContainer?: boolean;
}

export interface ShallowReference {
  id: number;
  name?: string;
  url?: string;
}

export interface ReleaseApproval {
  id: number;
  revision?: number;
  approvalType: ApprovalType;
  status: ApprovalStatus;
  approver?: IdentityRef;
  approvedBy?: IdentityRef;
  comments?: string;
  isAutomated?: boolean;
  attempt?: number;
  rank?: number;
  createdOn?: string;
  modifiedOn?: string;
  release: ShallowReference;
  releaseDefinition: ShallowReference;
  releaseEnvironment: ShallowReference;
  url?: string;
}

/** ReleaseDefinitionApprovals: one automated step when the stage has no approvers. */
export interface ReleaseDefinitionApprovals {
  approvals?: { id?: number; rank?: number; isAutomated?: boolean; approver?: IdentityRef }[];
}

export interface ReleaseEnvironment {
  id: number;
  releaseId?: number;
  name: string;
  status: EnvironmentStatus;
  definitionEnvironmentId?: number;
  rank?: number;
  preDeployApprovals?: ReleaseApproval[];
  postDeployApprovals?: ReleaseApproval[];
  /** The stage's approval settings as the release took them from the definition. */
  preApprovalsSnapshot?: ReleaseDefinitionApprovals;
  postApprovalsSnapshot?: ReleaseDefinitionApprovals;
  deploySteps?: DeployStep[];
  createdOn?: string;
  modifiedOn?: string;
}

export interface Release {
  id: number;
  name: string;
  status: string;
  createdOn: string;
  modifiedOn?: string;
  releaseDefinition: ShallowReference;
  environments?: ReleaseEnvironment[];
  artifacts?: {
    alias?: string;
    type?: string;
    definitionReference?: Record<string, { id?: string; name?: string }>;
  }[];
}

export interface Build {
  id: number;
  buildNumber: string;
  status?: string;
  result?: string;
  queueTime?: string;
  startTime?: string;
  finishTime?: string;
  sourceBranch?: string;
  sourceVersion?: string;
  definition?: { id: number; name?: string };
  tags?: string[];
  triggerInfo?: Record<string, string>;
  reason?: string;
  url?: string;
}

export interface DeployStep {
  id: number;
  attempt: number;
  status: 'undefined' | 'notDeployed' | 'inProgress' | 'succeeded' | 'partiallySucceeded' | 'failed' | 'all';
  operationStatus?: string;
  queuedOn?: string;
  lastModifiedOn?: string;
  hasStarted?: boolean;
}
