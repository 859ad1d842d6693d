import type { SimRequest, SimResponse } from '../../types.ts';
import { notFound, problemsParsingJson, validationFailed } from '../errors.ts';
import { gitHubPrincipal } from '../profile.ts';
import type { RateLimits } from '../rate-limit.ts';
import type { Actions } from '../state/actions.ts';
import type { Repo } from '../state/repos.ts';
import type { GitHubStore } from '../state/store.ts';
import type { User } from '../state/users.ts';

export interface GitHubDeps {
  store: GitHubStore;
  actions: Actions;
  limits: RateLimits;
}

export function ok(body: unknown, headers?: Record<string, string>, status = 200): SimResponse {
  return { status, body, headers };
}

export function callerOf(deps: GitHubDeps, req: SimRequest): User {
  return deps.store.user(gitHubPrincipal(req.principal).login);
}

/** The repository of `{owner}/{repo}`, or GitHub's 404. */
export function repoOf(deps: GitHubDeps, req: SimRequest): Repo | SimResponse {
  return deps.store.repo(req.params['owner'] ?? '', req.params['repo'] ?? '') ?? notFound();
}

export function isResponse(value: unknown): value is SimResponse {
  return (
    typeof value === 'object' &&
    value !== null &&
    'status' in value &&
    typeof (value as SimResponse).status === 'number'
  );
}

/** The JSON object body, `{}` when none was sent, or GitHub's 400 for a body that is not JSON. */
export function bodyOf(req: SimRequest): Record<string, unknown> | SimResponse {
  if (req.body === undefined) return {};
  if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body))
    return problemsParsingJson();
  return req.body as Record<string, unknown>;
}

/** A positive integer path parameter, or 404 (GitHub answers 404 for `/issues/abc`). */
export function intParam(req: SimRequest, name: string): number | SimResponse {
  const value = Number(req.params[name]);
  return Number.isInteger(value) && value > 0 ? value : notFound();
}

export function missingField(resource: string, field: string): SimResponse {
  return validationFailed([{ resource, code: 'missing_field', field }]);
}

export function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : undefined;
}
