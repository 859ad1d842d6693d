import { identityRef } from './identities.ts';
import type {
  Approval,
  DeployStep,
  Release,
  ReleaseDefinition,
  ReleaseEnvironment,
} from './release-model.ts';

/**
 * The Release 7.1 wire shapes (field order and extras as in the spec's httpExamples). `base` is
 * the simulator's vsrm URL, so `url` fields lead back to the simulator.
 */
const iso = (ms: number) => new Date(ms).toISOString();

function projectBase(base: string, release: Release | ReleaseDefinition): string {
  return `${base}/${release.project.organization}/${release.project.id}`;
}

function releaseRef(base: string, release: Release): Record<string, unknown> {
  const url = `${projectBase(base, release)}/_apis/Release/releases/${release.id}`;
  return {
    id: release.id,
    name: release.name,
    url,
    _links: {
      self: { href: url },
      web: {
        href: `https://dev.azure.com/${release.project.organization}/${release.project.id}/_release?releaseId=${release.id}&_a=release-summary`,
      },
    },
  };
}

function definitionRef(base: string, definition: ReleaseDefinition): Record<string, unknown> {
  const url = `${projectBase(base, definition)}/_apis/Release/definitions/${definition.id}`;
  return {
    id: definition.id,
    name: definition.name,
    path: definition.path,
    url,
    _links: {
      self: { href: url },
      web: {
        href: `https://dev.azure.com/${definition.project.organization}/${definition.project.id}/_release?definitionId=${definition.id}`,
      },
    },
  };
}

export function approvalJson(base: string, approval: Approval): Record<string, unknown> {
  const env = approval.environment;
  const release = env.release;
  const org = release.project.organization;
  return {
    id: approval.id,
    revision: approval.revision,
    ...(approval.approver ? { approver: identityRef(approval.approver, org) } : {}),
    ...(approval.approvedBy ? { approvedBy: identityRef(approval.approvedBy, org) } : {}),
    approvalType: approval.type,
    createdOn: iso(approval.createdOn),
    modifiedOn: iso(approval.modifiedOn),
    status: approval.status,
    comments: approval.comments,
    isAutomated: approval.isAutomated,
    isNotificationOn: !approval.isAutomated,
    trialNumber: 1,
    attempt: approval.attempt,
    rank: approval.rank,
    history: [],
    release: releaseRef(base, release),
    releaseDefinition: definitionRef(base, release.definition),
    releaseEnvironment: {
      id: env.id,
      name: env.definition.name,
      url: `${projectBase(base, release)}/_apis/Release/releases/${release.id}/environments/${env.id}`,
      _links: {},
    },
    url: `${base}/${org}/${release.project.id}/_apis/Release/approvals/${approval.id}`,
  };
}

function snapshot(env: ReleaseEnvironment, type: 'pre' | 'post'): Record<string, unknown> {
  const def = env.definition;
  const approvers = type === 'pre' ? def.preApprovers : def.postApprovers;
  const org = env.release.project.organization;
  const approvals =
    approvers.length === 0
      ? [{ rank: 1, isAutomated: true, isNotificationOn: false, id: 0 }]
      : approvers.map((a, i) => ({
          rank: 1,
          isAutomated: false,
          isNotificationOn: false,
          approver: identityRef(a, org),
          id: def.id * 10 + i,
        }));
  return {
    approvals,
    approvalOptions: {
      requiredApproverCount: 0,
      releaseCreatorCanBeApprover: def.releaseCreatorCanBeApprover,
      autoTriggeredAndPreviousEnvironmentApprovedCanBeSkipped: false,
      enforceIdentityRevalidation: false,
      timeoutInMinutes: Math.round(def.timeoutMs / 60_000),
      executionOrder: 'beforeGates',
    },
  };
}

function stepJson(env: ReleaseEnvironment, step: DeployStep): Record<string, unknown> {
  const org = env.release.project.organization;
  return {
    id: step.id,
    deploymentId: step.deploymentId,
    attempt: step.attempt,
    reason: step.attempt === 1 && env.definition.trigger !== 'manual' ? 'automated' : 'manual',
    status: step.status,
    operationStatus: step.operationStatus,
    releaseDeployPhases: [],
    requestedBy: identityRef(step.requestedBy, org),
    requestedFor: identityRef(step.requestedBy, org),
    queuedOn: new Date(step.queuedOn).toISOString(),
    lastModifiedBy: identityRef(step.requestedBy, org),
    lastModifiedOn: new Date(step.lastModifiedOn).toISOString(),
    hasStarted: step.hasStarted,
    issues: [],
  };
}

export function environmentJson(base: string, env: ReleaseEnvironment): Record<string, unknown> {
  const release = env.release;
  const org = release.project.organization;
  const previous = release.environments.find((e) => e.definition.rank === env.definition.rank - 1);
  return {
    id: env.id,
    releaseId: release.id,
    name: env.definition.name,
    status: env.status,
    variables: {},
    variableGroups: [],
    preDeployApprovals: env.preApprovals.map((a) => approvalJson(base, a)),
    postDeployApprovals: env.postApprovals.map((a) => approvalJson(base, a)),
    preApprovalsSnapshot: snapshot(env, 'pre'),
    postApprovalsSnapshot: snapshot(env, 'post'),
    deploySteps: env.steps.map((s) => stepJson(env, s)),
    rank: env.definition.rank,
    definitionEnvironmentId: env.definition.id,
    demands: [],
    conditions:
      env.definition.trigger === 'afterPrevious' && previous
        ? [
            {
              result: previous.status === 'succeeded',
              name: previous.definition.name,
              conditionType: 'environmentState',
              value: '4',
            },
          ]
        : env.definition.trigger === 'afterRelease'
          ? [{ result: true, name: 'ReleaseStarted', conditionType: 'event', value: '' }]
          : [],
    createdOn: iso(env.createdOn),
    modifiedOn: iso(env.modifiedOn),
    workflowTasks: [],
    deployPhasesSnapshot: [],
    owner: identityRef(release.createdBy, org),
    schedules: [],
    release: releaseRef(base, release),
    releaseDefinition: definitionRef(base, release.definition),
    releaseCreatedBy: identityRef(release.createdBy, org),
    triggerReason: env.triggerReason,
    ...(env.timeToDeploy !== undefined ? { timeToDeploy: env.timeToDeploy } : {}),
  };
}

function artifactsJson(release: Release): Record<string, unknown>[] {
  const { project, definition } = release;
  return [
    {
      sourceId: `${project.id}:${definition.id}`,
      type: 'Build',
      alias: definition.artifactAlias,
      definitionReference: {
        definition: { id: String(definition.id), name: definition.artifactAlias.replace(/^_/, '') },
        project: { id: project.id, name: project.name },
        version: { id: release.version, name: release.version },
        branch: { id: release.sourceBranch, name: release.sourceBranch },
        defaultVersionType: { id: 'latestType', name: 'Latest' },
      },
      isPrimary: true,
      isRetained: false,
    },
  ];
}

export function releaseJson(
  base: string,
  release: Release,
  expand: { environments: boolean; artifacts: boolean },
): Record<string, unknown> {
  const org = release.project.organization;
  const ref = releaseRef(base, release);
  return {
    id: release.id,
    name: release.name,
    status: release.status,
    createdOn: iso(release.createdOn),
    modifiedOn: iso(release.modifiedOn),
    modifiedBy: identityRef(release.createdBy, org),
    createdBy: identityRef(release.createdBy, org),
    createdFor: identityRef(release.createdBy, org),
    ...(expand.environments
      ? { environments: release.environments.map((e) => environmentJson(base, e)) }
      : {}),
    variables: {},
    variableGroups: [],
    ...(expand.artifacts ? { artifacts: artifactsJson(release) } : {}),
    releaseDefinition: definitionRef(base, release.definition),
    releaseDefinitionRevision: 1,
    description: release.description,
    reason: 'continuousIntegration',
    releaseNameFormat: 'Release-$(rev:r)',
    keepForever: false,
    definitionSnapshotRevision: 1,
    logsContainerUrl: `${ref.url as string}/logs`,
    url: ref.url,
    _links: ref._links,
    tags: [],
    triggeringArtifactAlias: release.definition.artifactAlias,
    projectReference: { id: release.project.id, name: release.project.name },
    properties: {},
  };
}
