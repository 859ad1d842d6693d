import { stat } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { gitHubCredentials } from '../../src/app/credentials.ts';
import { clientEnvironment } from '../../src/sim/client-env.ts';
import { loadScenario } from '../../src/sim/scenario/load.ts';
import { useSimulators } from '../support/simulator.ts';
import { EXAMPLE_SCENARIO } from '../support/train.ts';

const start = useSimulators();

// `pnd sim --client-env FILE [--github-login app] [--azure-login github-oidc]`: the variables a
// pnd process needs for each way of signing in that the example scenario offers.
describe('the client variables of the example scenario', () => {
  it('a person’s token and an Entra client secret by default', async () => {
    const sim = await start({ scenario: await loadScenario(EXAMPLE_SCENARIO), warn: () => {} });
    const env = await clientEnvironment(sim);
    expect(env.GITHUB_TOKEN).toBeDefined();
    expect(env.PND_GITHUB_APP_ID).toBeUndefined();
    expect(env).toMatchObject({
      AZURE_AUTHORITY_HOST: sim.urls.entra,
      AZURE_TENANT_ID: sim.entra.tenantId,
      AZURE_CLIENT_ID: sim.entra.scenario.applications[0]!.clientId,
    });
    expect(env.AZURE_CLIENT_SECRET).toBe(sim.entra.scenario.applications[0]!.secret);
    // The simulator makes the app's key pair only when a client needs it.
    expect([...sim.gitHubApps.byId.values()].every((app) => !app.keyMade)).toBe(true);
  });

  it('the GitHub App (its key file, 0600, and no token) and a GitHub Actions job’s OIDC variables', async () => {
    const sim = await start({ scenario: await loadScenario(EXAMPLE_SCENARIO), warn: () => {} });
    const env = await clientEnvironment(sim, { github: 'app', azure: 'github-oidc' });
    expect(env.GITHUB_TOKEN).toBeUndefined();
    expect(env.PND_GITHUB_APP_ID).toBe(String([...sim.gitHubApps.byId.keys()][0]));
    expect((await stat(env.PND_GITHUB_APP_PRIVATE_KEY_FILE!)).mode & 0o777).toBe(0o600);
    // What pnd reads from such an environment: the app, not a token.
    expect(gitHubCredentials(env, 'test', { defaultOwner: 'Altinn' })).toMatchObject({
      source: 'GitHub App',
    });
    expect(env.ACTIONS_ID_TOKEN_REQUEST_URL).toBe(sim.urls.actionsIdToken);
    expect(env.ACTIONS_ID_TOKEN_REQUEST_TOKEN).toBeDefined();
    expect(env.AZURE_CLIENT_SECRET).toBeUndefined();
  });
});
