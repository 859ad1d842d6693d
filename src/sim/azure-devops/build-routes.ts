import type { Router } from '../router.ts';
import type { SimRequest } from '../types.ts';
import { baseUrl, intParam, listParam, withProject, type ProjectIndex } from './context.ts';
import { adoError } from './errors.ts';
import { identityRef } from './identities.ts';
import type { Build, BuildStore } from './build-store.ts';

const iso = (ms: number) => new Date(ms).toISOString();

type TimeField = 'queueTime' | 'startTime' | 'finishTime';

/**
 * queryOrder decides both the order and which time minTime/maxTime filter on. Without it the
 * simulator uses queue time, newest first (guessed: the docs do not say what the default is).
 */
function ordering(queryOrder: string | null): { field: TimeField; descending: boolean } {
  switch (queryOrder) {
    case 'finishTimeAscending':
      return { field: 'finishTime', descending: false };
    case 'finishTimeDescending':
      return { field: 'finishTime', descending: true };
    case 'startTimeAscending':
      return { field: 'startTime', descending: false };
    case 'startTimeDescending':
      return { field: 'startTime', descending: true };
    case 'queueTimeAscending':
      return { field: 'queueTime', descending: false };
    default:
      return { field: 'queueTime', descending: true };
  }
}

/** The time a build has for `field` now: a build that has not started or finished has none. */
function timeOf(build: Build, field: TimeField): number | undefined {
  if (field === 'startTime' && build.status === 'notStarted') return undefined;
  if (field === 'finishTime' && build.status !== 'completed') return undefined;
  return build[field];
}

/** Continuation tokens are opaque strings: here the sort key and id of the next page's first build. */
function encodeToken(key: number, id: number): string {
  return Buffer.from(`${key}:${id}`).toString('base64url');
}

function decodeToken(token: string | null): { key: number; id: number } | undefined {
  if (!token) return undefined;
  const [key, id] = Buffer.from(token, 'base64url').toString('utf8').split(':').map(Number);
  return Number.isFinite(key) && Number.isFinite(id) ? { key: key!, id: id! } : undefined;
}

export function buildJson(req: SimRequest, build: Build): Record<string, unknown> {
  const base = baseUrl(req);
  const { definition } = build;
  const { project } = definition;
  const org = project.organization;
  const url = `${base}/${org}/${project.id}/_apis/build/Builds/${build.id}`;
  const completed = build.status === 'completed';
  const started = build.status !== 'notStarted';
  return {
    _links: {
      self: { href: url },
      web: { href: `https://dev.azure.com/${org}/${project.id}/_build/results?buildId=${build.id}` },
      timeline: { href: `${url}/Timeline` },
    },
    properties: {},
    tags: build.tags,
    validationResults: [],
    plans: [{ planId: `00000000-0000-0000-0000-${String(build.id).padStart(12, '0')}` }],
    triggerInfo: {
      'ci.sourceBranch': build.sourceBranch,
      'ci.sourceSha': build.sourceVersion,
      'ci.message': build.message,
      'ci.triggerRepository': definition.name,
    },
    id: build.id,
    buildNumber: build.buildNumber,
    status: build.status,
    ...(completed ? { result: build.finalResult } : {}),
    queueTime: iso(build.queueTime),
    ...(started ? { startTime: iso(build.startTime) } : {}),
    ...(completed ? { finishTime: iso(build.finishTime) } : {}),
    url,
    definition: {
      drafts: [],
      id: definition.id,
      name: definition.name,
      url: `${base}/${org}/${project.id}/_apis/build/Definitions/${definition.id}?revision=1`,
      uri: `vstfs:///Build/Definition/${definition.id}`,
      path: definition.path,
      type: 'build',
      queueStatus: 'enabled',
      revision: 1,
      project: projectRef(base, build),
    },
    buildNumberRevision: 1,
    project: projectRef(base, build),
    uri: `vstfs:///Build/Build/${build.id}`,
    sourceBranch: build.sourceBranch,
    sourceVersion: build.sourceVersion,
    priority: 'normal',
    reason: build.reason,
    requestedFor: identityRef(build.requestedFor, org),
    requestedBy: identityRef(build.requestedFor, org),
    lastChangedDate: iso(completed ? build.finishTime : build.queueTime),
    lastChangedBy: identityRef(build.requestedFor, org),
    orchestrationPlan: { planId: `00000000-0000-0000-0000-${String(build.id).padStart(12, '0')}` },
    logs: { id: 0, type: 'Container', url: `${url}/logs` },
    repository: { id: definition.name, type: 'TfsGit', name: definition.name, checkoutSubmodules: false },
    keepForever: false,
    retainedByRelease: false,
    appendCommitMessageToRunName: true,
  };
}

function projectRef(base: string, build: Build): Record<string, unknown> {
  const { project } = build.definition;
  return {
    id: project.id,
    name: project.name,
    url: `${base}/${project.organization}/_apis/projects/${project.id}`,
    state: 'wellFormed',
    revision: 1,
    visibility: 'private',
    lastUpdateTime: '2024-01-01T00:00:00.000Z',
  };
}

function wildcard(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*')}$`, 'i');
}

export function addBuildRoutes(router: Router, projects: ProjectIndex, store: BuildStore): void {
  const root = '/{organization}/{project}/_apis/build/builds';

  router.get(
    root,
    withProject(projects, (req, project) => {
      const q = req.query;
      const { field, descending } = ordering(q.get('queryOrder'));
      const definitions = listParam(q, 'definitions')?.map(Number);
      const ids = listParam(q, 'buildIds')?.map(Number);
      const min = q.get('minTime') ? Date.parse(q.get('minTime')!) : undefined;
      const max = q.get('maxTime') ? Date.parse(q.get('maxTime')!) : undefined;
      const status = q.get('statusFilter');
      const result = q.get('resultFilter');
      const branch = q.get('branchName');
      const tags = listParam(q, 'tagFilters');
      const number = q.get('buildNumber');
      const reason = q.get('reasonFilter');
      const requestedFor = q.get('requestedFor')?.toLowerCase();
      const matches = (b: Build) => {
        if (b.definition.project.id !== project.id) return false;
        if (definitions && !definitions.includes(b.definition.id)) return false;
        if (ids && !ids.includes(b.id)) return false;
        const t = timeOf(b, field);
        if ((min !== undefined || max !== undefined) && t === undefined) return false;
        if (min !== undefined && t! < min) return false;
        if (max !== undefined && t! > max) return false;
        if (status && status !== 'all' && b.status !== status) return false;
        if (result && result !== 'none' && (b.status !== 'completed' || b.finalResult !== result))
          return false;
        if (branch && b.sourceBranch !== branch) return false;
        if (tags && !tags.every((tag) => b.tags.includes(tag))) return false;
        if (number && !wildcard(number).test(b.buildNumber)) return false;
        if (reason && reason !== 'all' && b.reason !== reason) return false;
        if (
          requestedFor &&
          ![b.requestedFor.id, b.requestedFor.uniqueName, b.requestedFor.displayName].some(
            (v) => v.toLowerCase() === requestedFor,
          )
        ) {
          return false;
        }
        return true;
      };
      const key = (b: Build) => timeOf(b, field) ?? (descending ? Number.MAX_SAFE_INTEGER : 0);
      const compare = (a: { key: number; id: number }, b: { key: number; id: number }) =>
        descending ? b.key - a.key || b.id - a.id : a.key - b.key || a.id - b.id;
      const sorted = [...store.builds.values()]
        .filter(matches)
        .map((b) => ({ build: b, key: key(b), id: b.id }))
        .sort(compare);
      const token = decodeToken(q.get('continuationToken'));
      const from = token ? sorted.filter((entry) => compare(entry, token) >= 0) : sorted;
      const top = intParam(q, '$top') ?? 1000;
      const pageItems = from.slice(0, top);
      const next = from[top];
      const headers: Record<string, string> = next
        ? { 'x-ms-continuationtoken': encodeToken(next.key, next.id) }
        : {};
      return {
        status: 200,
        headers,
        body: { count: pageItems.length, value: pageItems.map((entry) => buildJson(req, entry.build)) },
      };
    }),
  );

  router.get(
    `${root}/{buildId}`,
    withProject(projects, (req, project) => {
      const build = store.builds.get(Number(req.params.buildId));
      if (!build || build.definition.project.id !== project.id) {
        return adoError(
          404,
          `The requested build ${req.params.buildId} could not be found.`,
          'BuildNotFoundException',
          'Microsoft.TeamFoundation.Build.WebApi.BuildNotFoundException, Microsoft.TeamFoundation.Build2.WebApi',
        );
      }
      return { status: 200, body: buildJson(req, build) };
    }),
  );
}
