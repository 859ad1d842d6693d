import type { SimRequest, SimResponse } from '../types.ts';
import { checkApiVersion, projectNotFound } from './errors.ts';
import { stableGuid } from './identities.ts';
import type { AdoProject } from './release-model.ts';

/** The projects of the simulated organizations, found by name or id as the service does. */
export class ProjectIndex {
  readonly #projects = new Map<string, AdoProject>();

  add(organization: string, name: string, id?: string): AdoProject {
    const project: AdoProject = {
      organization,
      name,
      id: id ?? stableGuid(`ado-project:${organization}/${name}`.toLowerCase()),
    };
    this.#projects.set(`${organization}/${name}`.toLowerCase(), project);
    this.#projects.set(`${organization}/${project.id}`.toLowerCase(), project);
    return project;
  }

  find(organization: string, nameOrId: string): AdoProject | undefined {
    return this.#projects.get(`${organization}/${nameOrId}`.toLowerCase());
  }
}

/** The mount's absolute URL, for `url` fields that lead back to the simulator. */
export function baseUrl(req: SimRequest): string {
  return /^https?:/.test(req.base) ? req.base : `${req.url.origin}${req.base}`;
}

/** Checks what every Azure DevOps route checks first: the api-version, then the project. */
export function withProject(
  projects: ProjectIndex,
  handler: (req: SimRequest, project: AdoProject) => SimResponse | Promise<SimResponse>,
): (req: SimRequest) => SimResponse | Promise<SimResponse> {
  return (req) => {
    const versionProblem = checkApiVersion(req.query, req.method);
    if (versionProblem) return versionProblem;
    const project = projects.find(req.params.organization ?? '', req.params.project ?? '');
    if (!project) return projectNotFound(req.params.project ?? '');
    return handler(req, project);
  };
}

/** Integer query values: undefined when absent; the validator already refused non-numbers. */
export function intParam(query: URLSearchParams, name: string): number | undefined {
  const value = query.get(name);
  if (value === null || value === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? Math.trunc(n) : undefined;
}

/** Comma-separated list values. */
export function listParam(query: URLSearchParams, name: string): string[] | undefined {
  const value = query.get(name);
  if (value === null || value.trim() === '') return undefined;
  return value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
}
