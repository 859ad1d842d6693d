/**
 * The OAuth scope each Azure DevOps operation pnd calls requires, copied from the `security` of
 * that operation in the vendor description (spec/azure-devops-release.json and
 * spec/azure-devops-build.json, MicrosoftDocs/vsts-rest-api-specs 7.1; see spec/PROVENANCE.md).
 * `src/providers/azure-devops/scopes.test.ts` fails when the description and this table differ.
 * pnd's error messages name the scope a refused request needed; the simulator refuses a PAT
 * without it, as Azure DevOps does.
 */
export interface AdoOperationScope {
  method: 'GET' | 'PATCH';
  /** Path below the organization/project, as the description's template. */
  template: string;
  operationId: string;
  scope: AdoScope;
  /** What pnd does with it, for docs/providers/azure-devops.md. */
  usedFor: string;
}

export type AdoScope =
  'vso.release' | 'vso.release_execute' | 'vso.release_manage' | 'vso.build' | 'vso.build_execute';

export const ADO_OPERATION_SCOPES: readonly AdoOperationScope[] = [
  {
    method: 'GET',
    template: '/_apis/release/approvals',
    operationId: 'Approvals_List',
    scope: 'vso.release',
    usedFor: 'status, deploy: the pending approvals of a stage',
  },
  {
    method: 'PATCH',
    template: '/_apis/release/approvals/{approvalId}',
    operationId: 'Approvals_Update',
    scope: 'vso.release_manage',
    usedFor: 'deploy: approve a stage',
  },
  {
    method: 'GET',
    template: '/_apis/release/releases',
    operationId: 'Releases_List',
    scope: 'vso.release',
    usedFor: 'status, deploy: releases of a definition',
  },
  {
    method: 'GET',
    template: '/_apis/release/releases/{releaseId}',
    operationId: 'Releases_Get Release',
    scope: 'vso.release',
    usedFor: 'deploy: a release and its stages',
  },
  {
    method: 'GET',
    template: '/_apis/build/builds',
    operationId: 'Builds_List',
    scope: 'vso.build',
    usedFor: 'change feeds: builds of a pipeline',
  },
  {
    method: 'GET',
    template: '/_apis/build/builds/{buildId}',
    operationId: 'Builds_Get',
    scope: 'vso.build',
    usedFor: 'change feeds: one build',
  },
];

/**
 * Which scopes include which: a PAT's "Read, write, execute & manage" level grants the levels
 * below it (learn.microsoft.com/azure/devops/integrate/get-started/authentication/oauth#scopes
 * lists them as supersets). `app_token` is a full-access PAT.
 */
const INCLUDES: Record<string, readonly string[]> = {
  app_token: ['vso.release', 'vso.release_execute', 'vso.release_manage', 'vso.build', 'vso.build_execute'],
  'vso.release_manage': ['vso.release', 'vso.release_execute'],
  'vso.release_execute': ['vso.release'],
  'vso.build_execute': ['vso.build'],
};

/** Whether a credential holding `granted` may call an operation that requires `required`. */
export function scopeGrants(granted: readonly string[], required: string): boolean {
  return granted.some((g) => g === required || (INCLUDES[g] ?? []).includes(required));
}

/** The scope an Azure DevOps request needs, from its method and its path below the project. */
export function adoScopeFor(method: string, pathBelowProject: string): AdoOperationScope | undefined {
  const parts = pathBelowProject.split('/').filter(Boolean);
  return ADO_OPERATION_SCOPES.find((op) => {
    if (op.method !== method.toUpperCase()) return false;
    const want = op.template.split('/').filter(Boolean);
    return want.length === parts.length && want.every((w, i) => w.startsWith('{') || w === parts[i]);
  });
}

/** The PAT scope names as the Azure DevOps token page shows them, for hints. */
export const ADO_SCOPE_LABEL: Record<AdoScope, string> = {
  'vso.release': 'Release (Read)',
  'vso.release_execute': 'Release (Read, write & execute)',
  'vso.release_manage': 'Release (Read, write, execute & manage)',
  'vso.build': 'Build (Read)',
  'vso.build_execute': 'Build (Read & execute)',
};
