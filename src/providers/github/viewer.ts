import { PndError } from '../../core/errors.ts';
import type { GitHubClient } from './client.ts';

/**
 * The login of the credential (GET /user), or undefined when the credential has no user: a GitHub
 * App installation token is refused there with 403 "Resource not accessible by integration".
 * A refused or missing credential (401) is still an error: a lock must not be signed by a guess
 * when the token is simply wrong.
 */
export async function gitHubLogin(client: GitHubClient): Promise<string | undefined> {
  try {
    return (await client.rest.users.getAuthenticated()).data.login;
  } catch (error) {
    const status = (error as { status?: unknown }).status;
    if (status === 403 || (error instanceof PndError && error.code === 'forbidden')) return undefined;
    throw error;
  }
}
