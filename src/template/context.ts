import { readFile } from 'node:fs/promises';
import { PndError } from '../core/errors.ts';

/**
 * The fields actions-toolkit 6's Context sets from the Actions environment, in its order
 * (lib/context.js): create-an-issue spreads them into the template context.
 */
export interface ActionsContext {
  payload: unknown;
  event: string | undefined;
  sha: string | undefined;
  ref: string | undefined;
  workflow: string | undefined;
  action: string | undefined;
  actor: string | undefined;
}

export interface RepoRef {
  owner: string | undefined;
  repo: string | undefined;
}

export function actionsContextFromEnv(env: NodeJS.ProcessEnv, payload: unknown = {}): ActionsContext {
  return {
    payload,
    event: env.GITHUB_EVENT_NAME,
    sha: env.GITHUB_SHA,
    ref: env.GITHUB_REF,
    workflow: env.GITHUB_WORKFLOW,
    action: env.GITHUB_ACTION,
    actor: env.GITHUB_ACTOR,
  };
}

/** The Actions context with the event payload read from GITHUB_EVENT_PATH, as the toolkit does. */
export async function loadActionsContext(env: NodeJS.ProcessEnv): Promise<ActionsContext> {
  const path = env.GITHUB_EVENT_PATH;
  if (!path) return actionsContextFromEnv(env);
  try {
    return actionsContextFromEnv(env, JSON.parse(await readFile(path, 'utf8')));
  } catch (error) {
    throw new PndError('input-invalid', 'The Actions event payload cannot be read.', {
      details: { where: path, hint: 'GITHUB_EVENT_PATH must name a JSON file, or be unset.' },
      cause: error,
    });
  }
}

/**
 * actions-toolkit's `context.repo`: GITHUB_REPOSITORY split on "/", else the payload's repository.
 * The toolkit throws when neither is there; a local preview renders `repo` as nothing instead.
 */
export function repoOf(env: NodeJS.ProcessEnv, payload: unknown): RepoRef | undefined {
  if (env.GITHUB_REPOSITORY) {
    const [owner, repo] = env.GITHUB_REPOSITORY.split('/');
    return { owner, repo };
  }
  const repository = (payload as { repository?: { name?: string; owner?: { login?: string } } } | null)
    ?.repository;
  if (repository) return { owner: repository.owner?.login, repo: repository.name };
  return undefined;
}

/** `{ ...tools.context, repo: tools.context.repo, env: process.env, date: Date.now() }` */
export function templateContext(
  env: NodeJS.ProcessEnv,
  now: number,
  actions: ActionsContext = actionsContextFromEnv(env),
): Record<string, unknown> {
  return { ...actions, repo: repoOf(env, actions.payload), env, date: now };
}
