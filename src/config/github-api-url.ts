import { githubApiUrlSchema } from './schema-endpoints.ts';
import { describeExpected } from './schema-walk.ts';
import type { ConfigProblem } from './problems.ts';
import { formatValue } from './problems.ts';

/**
 * GitHub Actions (and the simulator) set GITHUB_API_URL; a pnd.yaml that does not name a GitHub
 * URL follows it, so the same file works on github.com, GHES and in tests. A URL written in the
 * file always wins: it is the more deliberate choice.
 */

type Table = Record<string, unknown>;

function isTable(value: unknown): value is Table {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Writes GITHUB_API_URL into `data` where the file left apiUrl out; returns a problem if it is not https. */
export function applyGithubApiUrl(data: unknown, env: NodeJS.ProcessEnv): ConfigProblem | undefined {
  const url = env.GITHUB_API_URL;
  if (url === undefined || url === '' || !isTable(data)) return undefined;
  const endpoints = data.endpoints ?? {};
  if (!isTable(endpoints)) return undefined;
  const github = endpoints.github ?? {};
  if (!isTable(github) || github.apiUrl !== undefined) return undefined;
  const result = githubApiUrlSchema.safeParse(url);
  if (!result.success) {
    return {
      where: 'environment variable GITHUB_API_URL',
      path: 'endpoints.github.apiUrl',
      message: result.error.issues[0]?.message ?? 'The value is not an https URL.',
      value: formatValue(url),
      allowed: describeExpected(githubApiUrlSchema),
    };
  }
  data.endpoints = { ...endpoints, github: { ...github, apiUrl: url } };
  return undefined;
}
