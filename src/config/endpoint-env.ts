import { httpsUrl } from './formats.ts';
import { formatValue, type ConfigProblem } from './problems.ts';

/**
 * Endpoints from the environment, for the ones pnd.yaml leaves out: the same pnd.yaml then runs
 * against the public clouds, GHES or the simulator (`pnd sim --env-file` writes these names).
 * A URL written in the file always wins: it is the more deliberate choice. GITHUB_API_URL has its
 * own module (github-api-url.ts) because the Action reads it too.
 */

type Table = Record<string, unknown>;

function isTable(value: unknown): value is Table {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Variable name -> [section under endpoints, key]. */
export const ENDPOINT_VARIABLES = {
  PND_AZURE_DEVOPS_RELEASE_URL: ['azureDevOps', 'releaseUrl'],
  PND_AZURE_DEVOPS_BUILD_URL: ['azureDevOps', 'buildUrl'],
  PND_AZURE_RESOURCE_MANAGER_URL: ['azureResourceManager', 'url'],
} as const;

/** `cluster=https://...` pairs, comma-separated: the API server of each named cluster. */
export const KUBERNETES_SERVERS_VARIABLE = 'PND_KUBERNETES_SERVERS';

const urlSchema = httpsUrl('endpoint URL');

/** Writes endpoint URLs from `env` into `data` where the file has none; returns what is wrong. */
export function applyEndpointEnvironment(data: unknown, env: NodeJS.ProcessEnv): ConfigProblem[] {
  if (!isTable(data)) return [];
  const endpoints = data.endpoints ?? {};
  if (!isTable(endpoints)) return [];
  const problems: ConfigProblem[] = [];
  const next: Table = { ...endpoints };
  const valid = (name: string, path: string, url: string): boolean => {
    if (urlSchema.safeParse(url).success) return true;
    problems.push({
      where: `environment variable ${name}`,
      path,
      message: 'The value is not an https URL.',
      value: formatValue(url),
      allowed: 'an https:// URL',
    });
    return false;
  };
  for (const [name, [section, key]] of Object.entries(ENDPOINT_VARIABLES)) {
    const url = env[name];
    if (url === undefined || url === '') continue;
    const current = next[section] ?? {};
    if (!isTable(current) || current[key] !== undefined) continue;
    if (valid(name, `endpoints.${section}.${key}`, url)) next[section] = { ...current, [key]: url };
  }
  const servers = env[KUBERNETES_SERVERS_VARIABLE];
  if (servers) {
    const clusters = next.kubernetes ?? {};
    if (isTable(clusters)) {
      const merged: Table = { ...clusters };
      for (const pair of servers.split(',').filter((p) => p.trim() !== '')) {
        const at = pair.indexOf('=');
        const cluster = pair.slice(0, at).trim();
        const url = pair.slice(at + 1).trim();
        if (at <= 0) {
          problems.push({
            where: `environment variable ${KUBERNETES_SERVERS_VARIABLE}`,
            path: 'endpoints.kubernetes',
            message: 'Each entry is cluster=https://api-server, separated by commas.',
            value: formatValue(pair),
            allowed: 'cluster=https://... pairs',
          });
          continue;
        }
        if (merged[cluster] !== undefined) continue;
        if (valid(KUBERNETES_SERVERS_VARIABLE, `endpoints.kubernetes.${cluster}.server`, url))
          merged[cluster] = { server: url };
      }
      next.kubernetes = merged;
    }
  }
  data.endpoints = next;
  return problems;
}
