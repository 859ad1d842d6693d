import { writeFile, chmod } from 'node:fs/promises';
import { KUBERNETES_SERVERS_VARIABLE, type ENDPOINT_VARIABLES } from '../config/endpoint-env.ts';
import { entraClientEnv } from './entra/client-env.ts';
import { gitHubAppClientEnv } from './github/app-client-env.ts';
import type { Simulator } from './simulator.ts';

/** How the client signs in where the scenario offers a choice. */
export interface ClientLogins {
  /**
   * `token`: GITHUB_TOKEN (a person's token from the scenario, a required reviewer). `app`: the
   * scenario's first GitHub App (its id and private key file); pnd then logs in as the app, which
   * cannot review deployments (GitHub lets only people and teams be required reviewers).
   */
  github?: 'token' | 'app';
  /**
   * `secret`: the first Entra application with a client secret (what EnvironmentCredential
   * reads). `github-oidc`: the variables a GitHub Actions job with `id-token: write` has, for the
   * first application with a federated credential.
   */
  azure?: 'secret' | 'github-oidc';
}

/**
 * Every environment variable a pnd process needs to work against a running simulator: where each
 * vendor API is, the CA to trust, and a token per vendor taken from the scenario. `pnd sim
 * --client-env FILE` writes them, so `set -a; . FILE; set +a` followed by any pnd command works.
 */
export async function clientEnvironment(
  sim: Simulator,
  logins: ClientLogins = {},
): Promise<Record<string, string>> {
  const { scenario, urls } = sim;
  const endpointUrl: Record<keyof typeof ENDPOINT_VARIABLES, string> = {
    PND_AZURE_DEVOPS_RELEASE_URL: urls.azureDevOpsRelease,
    PND_AZURE_DEVOPS_BUILD_URL: urls.azureDevOpsBuild,
    PND_AZURE_RESOURCE_MANAGER_URL: urls.arm,
  };
  const env: Record<string, string> = {
    NODE_EXTRA_CA_CERTS: sim.caFile,
    GITHUB_API_URL: urls.github,
    ...endpointUrl,
  };
  const clusters = Object.entries(urls.kubernetes);
  if (clusters.length > 0)
    env[KUBERNETES_SERVERS_VARIABLE] = clusters.map(([name, url]) => `${name}=${url}`).join(',');

  // The first token of a person (a login that is not a bot) acts like a release manager's PAT.
  const gitHubToken =
    scenario.github?.tokens.find((t) => !t.login.endsWith('[bot]')) ?? scenario.github?.tokens[0];
  if (gitHubToken) env.GITHUB_TOKEN = gitHubToken.token;
  const adoToken = (scenario.azureDevOps as { tokens?: { token: string }[] } | undefined)?.tokens?.[0];
  if (adoToken) env.AZURE_DEVOPS_TOKEN = adoToken.token;
  // pnd sends one bearer token to every cluster; the first cluster's first token is the one.
  const cluster = (scenario.kubernetes as { clusters?: { tokens?: string[] }[] } | undefined)?.clusters?.find(
    (c) => (c.tokens ?? []).length > 0,
  );
  if (cluster?.tokens?.[0]) env.PND_KUBERNETES_TOKEN = cluster.tokens[0];

  if (logins.github === 'app') {
    const app = await gitHubAppClientEnv(sim);
    if (Object.keys(app).length === 0)
      throw new Error('The scenario has no GitHub App with a key the simulator made (github.apps).');
    Object.assign(env, app);
    delete env.GITHUB_TOKEN;
  }
  // An Entra ID login for ARM, AKS and (without a PAT) Azure DevOps, when the scenario has one.
  Object.assign(env, entraClientEnv(sim, logins.azure ?? 'secret'));
  return env;
}

/** A POSIX shell file of `NAME='value'` lines (for `set -a; . FILE`), readable by its owner only. */
export async function writeClientEnvFile(file: string, env: Record<string, string>): Promise<void> {
  const quote = (value: string) => `'${value.replaceAll("'", `'\\''`)}'`;
  const lines = [
    '# Written by `pnd sim --client-env`: load with  set -a; . <this file>; set +a',
    ...Object.entries(env).map(([name, value]) => `${name}=${quote(value)}`),
  ];
  await writeFile(file, `${lines.join('\n')}\n`, { mode: 0o600 });
  // writeFile's mode applies only to a new file; an existing one is tightened too.
  await chmod(file, 0o600);
}
