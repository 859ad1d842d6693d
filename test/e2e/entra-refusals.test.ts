import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkAccessFor, clusterTokenVariable } from '../../src/app/check-access.ts';
import { azureDevOpsCredential } from '../../src/app/credentials.ts';
import type { Estate } from '../../src/config/schema.ts';
import { ERROR_CATALOGUE } from '../../src/core/error-catalogue.ts';
import { PndError } from '../../src/core/errors.ts';
import { azureCredential } from '../../src/providers/azure/credential.ts';
import { armReadFailure } from '../../src/providers/azure/errors.ts';
import { createContainerAppsClient } from '../../src/providers/azure/clients.ts';
import { AzureDevOpsClient, type AdoCredential } from '../../src/providers/azure-devops/client.ts';
import { createKubeClients } from '../../src/providers/kubernetes/client.ts';
import { entraClientEnv } from '../../src/sim/entra/client-env.ts';
import { parseScenario } from '../../src/sim/scenario/load.ts';
import type { Simulator } from '../../src/sim/simulator.ts';
import { assertNoSecrets } from '../support/secrets-scan.ts';
import { useSimulators } from '../support/simulator.ts';

const startSimulator = useSimulators();
const TENANT = '2b3c4d5e-6f70-4812-9a3b-4c5d6e7f8091';
const APP = '7e8f9a0b-1c2d-4e3f-8a4b-5c6d7e8f9a0b';
const SECRET = 'Wd3~simulated-secret.for_refusals9Lm';
const SUB = '6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d';

// A second invented estate: a harbour authority's tenant, one container app, one project.
const SCENARIO = `
name: entra-refusals
start: '2026-12-07T06:00:00Z'
entra:
  tenantId: ${TENANT}
  tokenLifetime: 10m
  applications:
    - { clientId: ${APP}, secret: '${SECRET}', azureDevOpsUser: harbour-train@havn.example }
azure:
  tokens: []
  subscriptions:
    - id: ${SUB}
      resourceGroups:
        - name: pilot-rg
          containerApps:
            - { name: pilot-api, image: havn.azurecr.io/pilot-api:2.0.0 }
azureDevOps:
  tokens: []
  projects:
    - { organization: havn, name: pilots }
`;

afterEach(() => {
  vi.unstubAllEnvs();
});

async function start(): Promise<Simulator> {
  return startSimulator({ scenario: parseScenario(SCENARIO), warn: () => {} });
}

function adoClient(sim: Simulator, credential: AdoCredential, ca: string | undefined = sim.caPem) {
  return new AzureDevOpsClient({
    organization: 'havn',
    project: 'pilots',
    credential,
    releaseUrl: sim.urls.azureDevOpsRelease,
    retries: 0,
    ...(ca ? { ca } : {}),
  });
}

async function failure(promise: Promise<unknown>): Promise<PndError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PndError);
  return error as PndError;
}

async function firstApproval(client: AzureDevOpsClient): Promise<void> {
  for await (const approval of client.approvals()) void approval;
}

const exitOf = (error: PndError) => ERROR_CATALOGUE[error.code].exit;

describe('credential refusals: exit 4 naming the vendor, the identity and the fix', () => {
  it('an expired Entra token: ARM answers ExpiredAuthenticationToken, pnd exits 4 for Azure Resource Manager', async () => {
    const sim = await start();
    const env = entraClientEnv(sim);
    const issued = await azureCredential(env, { ca: sim.caPem }).getToken(
      'https://management.azure.com/.default',
    );
    sim.clock.advance(11 * 60_000);
    // A credential that never renews: what "read once per command" did.
    const stale = {
      getToken: async () => ({ token: issued!.token, expiresOnTimestamp: Date.now() + 3_600_000 }),
    };
    const arm = createContainerAppsClient(SUB, {
      endpoint: sim.urls.arm,
      credential: stale,
      ca: sim.caPem,
      retry: { maxRetries: 0 },
    });
    const cause = await arm.containerApps.get('pilot-rg', 'pilot-api').then(
      () => undefined,
      (e: unknown) => e,
    );
    const { error } = armReadFailure(cause, {
      where: 'container app pilot-api',
      resource: 'pilot-api',
    } as never) as { error?: PndError };
    expect(error?.code).toBe('auth-failed');
    expect(exitOf(error!)).toBe(4);
    expect(error?.details).toMatchObject({
      vendor: 'Azure Resource Manager',
      vendorCode: 'ExpiredAuthenticationToken',
    });
    expect(String(error?.details?.hint)).toMatch(/az login/);
    assertNoSecrets('the error', JSON.stringify({ m: error?.message, d: error?.details }), [
      issued!.token,
      SECRET,
    ]);
  });

  it('a client secret Entra refuses: exit 4 naming Azure DevOps and the application id', async () => {
    const sim = await start();
    const env = { ...entraClientEnv(sim), AZURE_CLIENT_SECRET: 'Xy9~not-the-right-secret_000000000' };
    const client = adoClient(sim, azureDevOpsCredential(env, azureCredential(env, { ca: sim.caPem })));
    const error = await failure(firstApproval(client));
    expect(error.code).toBe('auth-failed');
    expect(exitOf(error)).toBe(4);
    expect(error.message).toContain('Azure DevOps');
    expect(error.details).toMatchObject({ vendor: 'Azure DevOps', identity: APP });
    expect(sim.log.entries().filter((e) => e.vendor.startsWith('azure-devops'))).toEqual([]);
    assertNoSecrets('the error', JSON.stringify({ m: error.message, d: error.details }), [
      env.AZURE_CLIENT_SECRET,
      SECRET,
    ]);
  });

  it('no Azure credential at all: exit 4 (credential-missing) naming Azure DevOps; nothing is sent', async () => {
    const sim = await start();
    const unavailable = Object.assign(new Error('EnvironmentCredential is unavailable.'), {
      name: 'CredentialUnavailableError',
    });
    const none = { getToken: async () => Promise.reject(unavailable) };
    const error = await failure(firstApproval(adoClient(sim, azureDevOpsCredential({}, none))));
    expect(error.code).toBe('credential-missing');
    expect(exitOf(error)).toBe(4);
    expect(error.message).toMatch(/No Azure credential was found, so no Azure DevOps request was sent/);
    expect(String(error.details?.hint)).toMatch(/az login/);
    expect(sim.log.entries()).toEqual([]);
  });

  // A vendor's certificate pnd does not trust (tls-failed naming the problem and
  // NODE_EXTRA_CA_CERTS) is covered per vendor by test/contract/network-failures.test.ts; Entra's:
  it('an Entra ID certificate pnd does not trust: not "no credential" but Entra unreachable, naming NODE_EXTRA_CA_CERTS', async () => {
    const sim = await start();
    const env = entraClientEnv(sim);
    // No CA given: Node's own roots, which do not include the simulator's.
    const client = adoClient(sim, azureDevOpsCredential(env, azureCredential(env)));
    const error = await failure(firstApproval(client));
    expect(error.code).toBe('network');
    expect(error.message).toBe('Entra ID could not be reached to sign in for Azure DevOps.');
    expect(String(error.details?.hint)).toContain('NODE_EXTRA_CA_CERTS');
    expect(String(error.details?.hint)).toContain('AZURE_AUTHORITY_HOST');
    expect(sim.log.entries().filter((e) => e.vendor.startsWith('azure-devops'))).toEqual([]);
  });

  it('a cluster under endpoints.kubernetes without its token: exit 4 naming PND_KUBERNETES_TOKEN_<CLUSTER>', () => {
    const estate = {
      endpoints: {
        azureResourceManager: { url: 'https://management.azure.com' },
        kubernetes: {
          'pilot-aks-01': { server: 'https://pilot-aks-01.hcp.norwayeast.azmk8s.io', auth: 'token' },
        },
      },
    } as unknown as Estate;
    const access = checkAccessFor(estate, '/etc/pnd/pnd.yaml', {});
    let error: unknown;
    try {
      access.kubernetes('pilot-aks-01');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PndError);
    expect(exitOf(error as PndError)).toBe(4);
    expect((error as PndError).details).toMatchObject({
      where: 'endpoints.kubernetes.pilot-aks-01',
      vendor: 'Kubernetes',
    });
    expect(String((error as PndError).details?.hint)).toContain('PND_KUBERNETES_TOKEN_PILOT_AKS_01');
    expect(clusterTokenVariable('pilot-aks-01')).toBe('PND_KUBERNETES_TOKEN_PILOT_AKS_01');
    // Its own variable wins over the shared one.
    const target = checkAccessFor(estate, '/etc/pnd/pnd.yaml', {
      PND_KUBERNETES_TOKEN: 'shared-token-000000',
      PND_KUBERNETES_TOKEN_PILOT_AKS_01: 'own-token-0000000',
    }).kubernetes('pilot-aks-01');
    expect(target).toMatchObject({
      token: 'own-token-0000000',
      identity: 'PND_KUBERNETES_TOKEN_PILOT_AKS_01',
    });
  });

  it('a missing kubeconfig, or one without the context: exit 4 naming the file and the context', () => {
    vi.stubEnv('KUBECONFIG', '/nonexistent/pnd-test/kubeconfig');
    let error: unknown;
    try {
      createKubeClients({ context: 'pilot-aks-02' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PndError);
    expect(exitOf(error as PndError)).toBe(4);
    expect((error as PndError).details?.where).toBe(
      'kubeconfig /nonexistent/pnd-test/kubeconfig, context "pilot-aks-02"',
    );
  });
});
