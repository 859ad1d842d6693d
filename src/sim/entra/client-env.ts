import type { Simulator } from '../simulator.ts';

/**
 * The environment a pnd process needs to sign in to the simulated Entra ID, for `pnd sim
 * --env-file` (with NODE_EXTRA_CA_CERTS for the simulator's CA, which that file sets already):
 * the authority host and tenant, and either the first application's client secret
 * (`mode: 'secret'`, what EnvironmentCredential reads) or the GitHub Actions ID token request
 * variables of a job with `id-token: write` (`mode: 'github-oidc'`), for the first application
 * with a federated credential. Empty when the scenario has no such application.
 */
export function entraClientEnv(
  sim: Pick<Simulator, 'urls' | 'entra'>,
  mode: 'secret' | 'github-oidc' = 'secret',
): Record<string, string> {
  const { scenario } = sim.entra;
  const base = { AZURE_AUTHORITY_HOST: sim.urls.entra, AZURE_TENANT_ID: scenario.tenantId };
  if (mode === 'secret') {
    const app = scenario.applications.find((a) => a.secret);
    return app ? { ...base, AZURE_CLIENT_ID: app.clientId, AZURE_CLIENT_SECRET: app.secret! } : {};
  }
  const app = scenario.applications.find((a) => a.federatedCredentials.length > 0);
  return app
    ? {
        ...base,
        AZURE_CLIENT_ID: app.clientId,
        ACTIONS_ID_TOKEN_REQUEST_URL: sim.urls.actionsIdToken,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: scenario.actionsOidc.requestToken,
      }
    : {};
}
