import { userInfo } from 'node:os';
import { gitHubLogin } from '../providers/github/viewer.ts';
import type { ProviderContext } from '../providers/registry.ts';

/** Who a team lock is recorded as, and where the name came from (said in the record). */
export interface Actor {
  name: string;
  source: 'github' | 'PND_ACTOR' | 'GITHUB_ACTOR' | 'os-user';
}

/**
 * The person behind a command: the GitHub login of the credential when it has one; otherwise
 * (a GitHub App installation token, or no GITHUB_TOKEN) PND_ACTOR, then GITHUB_ACTOR (set by
 * GitHub Actions), then the operating-system user.
 */
export async function resolveActor(
  providers: ProviderContext | undefined,
  env: NodeJS.ProcessEnv,
): Promise<Actor> {
  const login = providers ? await gitHubLogin(providers.github) : undefined;
  if (login) return { name: login, source: 'github' };
  if (env.PND_ACTOR) return { name: env.PND_ACTOR, source: 'PND_ACTOR' };
  if (env.GITHUB_ACTOR) return { name: env.GITHUB_ACTOR, source: 'GITHUB_ACTOR' };
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry (some containers): "unknown" still records that no name was found.
  }
  return { name: user, source: 'os-user' };
}
