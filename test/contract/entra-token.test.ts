import { ClientSecretCredential } from '@azure/identity';
import { decodeJwt } from 'jose';
import { fetch } from 'undici';
import { Agent } from 'undici';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/sim/scenario/load.ts';
import type { Simulator } from '../../src/sim/simulator.ts';
import { useSimulators } from '../support/simulator.ts';

const startSimulator = useSimulators();
const TENANT = '3f1c2a55-0b7e-4d1a-9c44-0d5e6f7a8b90';
const APP = '5a0c8e3b-91d2-4f6a-b7c8-2e4d6f8a0b1c';
const SECRET = 'Qx7~simulated.client-secret_4kP9zR2';
const REQUEST_TOKEN = 'sim-actions-request-token-8Hq2Lm5Np';

// A second invented estate: a tenant and a repository of no seed team.
const SCENARIO = `
name: entra-contract
start: '2026-12-01T08:00:00Z'
entra:
  tenantId: ${TENANT}
  tokenLifetime: 10m
  applications:
    - clientId: ${APP}
      secret: '${SECRET}'
      federatedCredentials:
        - subject: 'repo:fjordline/releases:environment:production'
  actionsOidc:
    requestToken: ${REQUEST_TOKEN}
    repository: fjordline/releases
    environment: production
`;

async function start(): Promise<{
  sim: Simulator;
  post: (form: Record<string, string>) => Promise<{ status: number; body: Record<string, unknown> }>;
}> {
  const sim = await startSimulator({ scenario: parseScenario(SCENARIO), warn: () => {} });
  const dispatcher = new Agent({ connect: { ca: sim.caPem } });
  const post = async (form: Record<string, string>, tenant = TENANT) => {
    const response = await fetch(`${sim.urls.entra}/${tenant}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
      dispatcher,
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  return { sim, post };
}

async function actionsToken(sim: Simulator, audience = 'api://AzureADTokenExchange', token = REQUEST_TOKEN) {
  const response = await fetch(`${sim.urls.actionsIdToken}&audience=${encodeURIComponent(audience)}`, {
    headers: { authorization: `Bearer ${token}` },
    dispatcher: new Agent({ connect: { ca: sim.caPem } }),
  });
  return { status: response.status, body: (await response.json()) as { value?: string } };
}

describe('the simulated Entra ID token endpoint (client credentials, v2.0)', () => {
  it('answers a client secret with the documented body: token_type, expires_in, ext_expires_in, access_token', async () => {
    const { sim, post } = await start();
    const { status, body } = await post({
      client_id: APP,
      client_secret: SECRET,
      grant_type: 'client_credentials',
      scope: 'https://management.azure.com/.default',
    });
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(['access_token', 'expires_in', 'ext_expires_in', 'token_type']);
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 600, ext_expires_in: 600 });
    const claims = decodeJwt(body.access_token as string);
    expect(claims).toMatchObject({ aud: 'https://management.azure.com', appid: APP, tid: TENANT });
    expect(claims.exp! * 1000).toBe(sim.clock.now() + 600_000);
    // The secret never reaches the request log.
    expect(JSON.stringify(sim.log.entries())).not.toContain(SECRET);
  });

  it('refuses a wrong secret (401 invalid_client AADSTS7000215), an unknown app (AADSTS700016), a missing /.default scope and another tenant, in the documented error shape', async () => {
    const { post } = await start();
    const base = {
      client_id: APP,
      grant_type: 'client_credentials',
      scope: 'https://management.azure.com/.default',
    };
    const wrong = await post({ ...base, client_secret: 'not-the-secret' });
    expect(wrong.status).toBe(401);
    expect(Object.keys(wrong.body).sort()).toEqual([
      'correlation_id',
      'error',
      'error_codes',
      'error_description',
      'timestamp',
      'trace_id',
    ]);
    expect(wrong.body).toMatchObject({ error: 'invalid_client', error_codes: [7000215] });
    const unknown = await post({
      ...base,
      client_id: '00000000-1111-4222-8333-444444444444',
      client_secret: SECRET,
    });
    expect(unknown.body).toMatchObject({ error: 'unauthorized_client', error_codes: [700016] });
    const scope = await post({
      ...base,
      client_secret: SECRET,
      scope: 'https://management.azure.com/user_impersonation',
    });
    expect(scope.body).toMatchObject({ error: 'invalid_scope' });
  });

  it('accepts a GitHub Actions OIDC token as client assertion when issuer, subject and audience match a federated credential', async () => {
    const { sim, post } = await start();
    const oidc = await actionsToken(sim);
    expect(oidc.status).toBe(200);
    const claims = decodeJwt(oidc.body.value!);
    expect(claims).toMatchObject({
      sub: 'repo:fjordline/releases:environment:production',
      aud: 'api://AzureADTokenExchange',
      iss: `${sim.url}/gh-oidc`,
      repository: 'fjordline/releases',
    });
    const assertion = {
      client_id: APP,
      grant_type: 'client_credentials',
      scope: '499b84ac-1321-427f-aa17-267ca6975798/.default',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    };
    const ok = await post({ ...assertion, client_assertion: oidc.body.value! });
    expect(ok.status).toBe(200);
    expect(decodeJwt(ok.body.access_token as string).aud).toBe('499b84ac-1321-427f-aa17-267ca6975798');

    // Another audience: no federated credential matches (AADSTS70021).
    const other = await actionsToken(sim, 'https://github.com/fjordline');
    const refused = await post({ ...assertion, client_assertion: other.body.value! });
    expect(refused.body).toMatchObject({ error: 'invalid_client', error_codes: [70021] });
    // An expired assertion (GitHub's live minutes; virtual time moves on).
    sim.clock.advance(6 * 60_000);
    const late = await post({ ...assertion, client_assertion: oidc.body.value! });
    expect(late.body).toMatchObject({ error: 'invalid_client', error_codes: [700024] });
    // The ID token request wants the runner's request token.
    expect((await actionsToken(sim, 'api://AzureADTokenExchange', 'wrong-request-token')).status).toBe(401);
  });

  it('serves @azure/identity: ClientSecretCredential gets a token (OpenID metadata, then the token endpoint)', async () => {
    const { sim } = await start();
    const credential = new ClientSecretCredential(TENANT, APP, SECRET, {
      authorityHost: sim.urls.entra,
      disableInstanceDiscovery: true,
      tlsOptions: { ca: sim.caPem },
    });
    const token = await credential.getToken('https://management.azure.com/.default');
    expect(sim.entra.check(token!.token, ['https://management.azure.com/'])).toMatchObject({ ok: true });
    expect(sim.log.entries().map((e) => `${e.method} ${e.template} ${e.status}`)).toEqual([
      'GET /{tenant}/v2.0/.well-known/openid-configuration 200',
      'POST /{tenant}/oauth2/v2.0/token 200',
    ]);
  });
});
