import type { Router } from '../router.ts';
import type { SimResponse } from '../types.ts';
import { baseUrl, intParam, listParam, withProject, type ProjectIndex } from './context.ts';
import { releaseError } from './errors.ts';
import type { Directory } from './identities.ts';
import { ENVIRONMENT_STATUS_FLAG, type Approval, type Release } from './release-model.ts';
import type { ReleaseStore } from './release-store.ts';
import { approvalJson, releaseJson } from './release-wire.ts';

const CONTINUATION = 'x-ms-continuationtoken';

/**
 * One page of `items` (already filtered and sorted by id in `order`), starting at the id given
 * as continuation token. The token of the next page is the id of its first item, which is what
 * the service sends in `x-ms-continuationtoken` (the spec documents only the parameter).
 */
function page<T extends { id: number }>(
  items: T[],
  order: 'ascending' | 'descending',
  token: number | undefined,
  top: number,
): { items: T[]; next?: number } {
  const from =
    token === undefined
      ? items
      : items.filter((i) => (order === 'descending' ? i.id <= token : i.id >= token));
  const slice = from.slice(0, top);
  const next = from[top];
  return next ? { items: slice, next: next.id } : { items: slice };
}

function envelope(value: unknown[], next: number | undefined): SimResponse {
  return {
    status: 200,
    headers: next === undefined ? {} : { [CONTINUATION]: String(next) },
    body: { count: value.length, value },
  };
}

export function addReleaseRoutes(
  router: Router,
  projects: ProjectIndex,
  store: ReleaseStore,
  directory: Directory,
): void {
  const root = '/{organization}/{project}/_apis/release';

  router.get(
    `${root}/approvals`,
    withProject(projects, (req, project) => {
      const q = req.query;
      const status = q.get('statusFilter') ?? 'pending';
      const type = q.get('typeFilter') ?? 'all';
      const releaseIds = listParam(q, 'releaseIdsFilter')?.map(Number);
      const assignedTo = q.get('assignedToFilter');
      const withGroups = q.get('includeMyGroupApprovals') === 'true';
      const order = q.get('queryOrder') === 'ascending' ? 'ascending' : 'descending';
      const matches = (a: Approval) =>
        a.environment.release.project.id === project.id &&
        !a.isAutomated &&
        (status === 'undefined' || a.status === status) &&
        (type === 'all' || type === 'undefined' || a.type === type) &&
        (!releaseIds || releaseIds.includes(a.environment.release.id)) &&
        (!assignedTo || (a.approver !== undefined && directory.matches(a.approver, assignedTo, withGroups)));
      const all = [...store.approvals.values()]
        .filter(matches)
        .sort((a, b) => (order === 'descending' ? b.id - a.id : a.id - b.id));
      const result = page(all, order, intParam(q, 'continuationToken'), intParam(q, 'top') ?? 50);
      return envelope(
        result.items.map((a) => approvalJson(baseUrl(req), a)),
        result.next,
      );
    }),
  );

  router.patch(
    `${root}/approvals/{approvalId}`,
    withProject(projects, (req, project) => {
      const approval = store.approvals.get(Number(req.params.approvalId));
      if (!approval || approval.environment.release.project.id !== project.id || approval.isAutomated) {
        // Guessed wording and type key.
        return releaseError(
          404,
          `Approval with id ${req.params.approvalId} does not exist.`,
          'ReleaseManagementObjectNotFoundException',
        );
      }
      const body = (req.body ?? {}) as { status?: unknown; comments?: unknown };
      if (body.status !== 'approved' && body.status !== 'rejected') {
        return releaseError(
          400,
          'Approval status can only be updated to approved or rejected.',
          'InvalidRequestException',
        );
      }
      const problem = store.decide(
        approval,
        directory.resolve(req.principal.id),
        body.status,
        typeof body.comments === 'string' ? body.comments : '',
      );
      if (problem) return releaseError(problem.status, problem.message, problem.typeKey);
      return { status: 200, body: approvalJson(baseUrl(req), approval) };
    }),
  );

  router.get(
    `${root}/releases`,
    withProject(projects, (req, project) => {
      const q = req.query;
      const expand = (q.get('$expand') ?? '').toLowerCase().split(',');
      const order = q.get('queryOrder') === 'ascending' ? 'ascending' : 'descending';
      const definitionId = intParam(q, 'definitionId');
      const definitionEnvironmentId = intParam(q, 'definitionEnvironmentId');
      const statusFilter = q.get('statusFilter');
      const envMask = intParam(q, 'environmentStatusFilter');
      const min = q.get('minCreatedTime') ? Date.parse(q.get('minCreatedTime')!) : undefined;
      const max = q.get('maxCreatedTime') ? Date.parse(q.get('maxCreatedTime')!) : undefined;
      const ids = listParam(q, 'releaseIdFilter')?.map(Number);
      const search = q.get('searchText')?.toLowerCase();
      const matches = (r: Release) => {
        if (r.project.id !== project.id) return false;
        if (definitionId !== undefined && r.definition.id !== definitionId) return false;
        if (statusFilter && statusFilter !== 'undefined' && r.status !== statusFilter) return false;
        if (min !== undefined && r.createdOn < min) return false;
        if (max !== undefined && r.createdOn > max) return false;
        if (ids && !ids.includes(r.id)) return false;
        if (search && !r.name.toLowerCase().includes(search)) return false;
        const envs = r.environments.filter(
          (e) => definitionEnvironmentId === undefined || e.definition.id === definitionEnvironmentId,
        );
        if (definitionEnvironmentId !== undefined && envs.length === 0) return false;
        if (envMask && !envs.some((e) => (ENVIRONMENT_STATUS_FLAG[e.status] & envMask) !== 0)) return false;
        return true;
      };
      const all = [...store.releases.values()]
        .filter(matches)
        .sort((a, b) => (order === 'descending' ? b.id - a.id : a.id - b.id));
      // $top is capped at 100 by the service.
      const top = Math.min(intParam(q, '$top') ?? 50, 100);
      const result = page(all, order, intParam(q, 'continuationToken'), top);
      return envelope(
        result.items.map((r) =>
          releaseJson(baseUrl(req), r, {
            environments: expand.includes('environments'),
            artifacts: expand.includes('artifacts'),
          }),
        ),
        result.next,
      );
    }),
  );

  router.get(
    `${root}/releases/{releaseId}`,
    withProject(projects, (req, project) => {
      const release = store.releases.get(Number(req.params.releaseId));
      if (!release || release.project.id !== project.id) {
        // Guessed wording.
        return releaseError(
          404,
          `VS402853: Release with id ${req.params.releaseId} does not exist.`,
          'ReleaseNotFoundException',
        );
      }
      return {
        status: 200,
        body: releaseJson(baseUrl(req), release, { environments: true, artifacts: true }),
      };
    }),
  );
}
