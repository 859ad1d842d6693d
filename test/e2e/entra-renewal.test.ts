import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkAccessFor } from '../../src/app/check-access.ts';
import { azureDevOpsCredential } from '../../src/app/credentials.ts';
import type { Estate } from '../../src/config/schema.ts';
import { createContainerAppsClient } from '../../src/providers/azure/clients.ts';
import { azureCredential } from '../../src/providers/azure/credential.ts';
import { AzureDevOpsClient } from '../../src/providers/azure-devops/client.ts';
import { createKubeClients } from '../../src/providers/kubernetes/client.ts';
import { parseScenario } from '../../src/sim/scenario/load.ts';
import { useSimulators } from '../support/simulator.ts';

const startSimulator = useSimulators();
const TENANT = '9d2e4f60-7a1b-4c3d-8e5f-6a7b8c9d0e1f';
const APP = 'c4f1a2b3-d5e6-4f70-8192-a3b4c5d6e7f8';
const SUB = '0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9';
const REQUEST_TOKEN = 'runner-request-token-Zt4Wq8Xe2';

// A second invented estate (no seed names): a ferry operator's release repository, one
// container app, one ADO project, one AKS cluster with Entra ID integration and no static token.
const SCENARIO = `
name: entra-renewal
start: '2026-12-07T06:00:00Z'
entra:
  tenantId: ${TENANT}
  tokenLifetime: 10m
  applications:
    - clientId: ${APP}
      displayName: ferry release train
      azureDevOpsUser: ferry-train@fjordline.example
      federatedCredentials:
        - subject: 'repo:fjordline/releases:environment:production'
  actionsOidc:
    requestToken: ${REQUEST_TOKEN}
    repository: fjordline/releases
    environment: production
azure:
  tokens: []
  subscriptions:
    - id: ${SUB}
      resourceGroups:
        - name: booking-prod-rg
          containerApps:
            - name: booking-api
              image: fjordline.azurecr.io/booking-api:1.4.2
azureDevOps:
  tokens: []
  projects:
    - organization: fjordline
      name: booking
kubernetes:
  clusters:
    - name: booking-aks-prod
      tokens: []
`;

afterEach(() => vi.useRealTimers());

describe('Entra ID tokens from GitHub Actions OIDC federation, renewed across expiry', () => {
  it('reaches ARM, Azure DevOps and AKS for 48 virtual minutes on 10-minute tokens with no 401', async () => {
    const sim = await startSimulator({ scenario: parseScenario(SCENARIO), warn: () => {} });
    // Token lifetimes are read on Date by MSAL and the ARM bearer policy: keep Date on the sim's
    // virtual clock (only Date is faked; timers and sockets run normally).
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(sim.clock.now());
    const env = {
      ACTIONS_ID_TOKEN_REQUEST_URL: sim.urls.actionsIdToken,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN,
      AZURE_CLIENT_ID: APP,
      AZURE_TENANT_ID: TENANT,
      AZURE_AUTHORITY_HOST: sim.urls.entra,
    };
    const azure = azureCredential(env, { ca: sim.caPem });
    const arm = createContainerAppsClient(SUB, { endpoint: sim.urls.arm, credential: azure, ca: sim.caPem });
    const ado = new AzureDevOpsClient({
      organization: 'fjordline',
      project: 'booking',
      credential: azureDevOpsCredential(env, azure),
      releaseUrl: sim.urls.azureDevOpsRelease,
      ca: sim.caPem,
    });
    const estate = {
      endpoints: {
        azureResourceManager: { url: sim.urls.arm },
        kubernetes: {
          'booking-aks-prod': { server: sim.urls.kubernetes['booking-aks-prod'], auth: 'azure' },
        },
      },
    } as unknown as Estate;
    const target = checkAccessFor(estate, '/nonexistent/pnd.yaml', env, azure).kubernetes('booking-aks-prod');
    const k8s = createKubeClients({ ...target, ca: sim.caPem } as never);

    for (let step = 0; step < 6; step++) {
      expect((await arm.containerApps.get('booking-prod-rg', 'booking-api')).name).toBe('booking-api');
      for await (const approval of ado.approvals()) expect(approval).toBeDefined();
      expect((await k8s.apps.listNamespacedDeployment({ namespace: 'default' })).items).toEqual([]);
      sim.clock.advance(8 * 60_000);
      vi.setSystemTime(sim.clock.now());
    }

    const entries = sim.log.entries();
    expect(entries.filter((e) => e.status === 401 || e.status === 203)).toEqual([]);
    const tokenRequests = entries.filter((e) => e.vendor === 'entra' && e.method === 'POST');
    const oidcRequests = entries.filter((e) => e.vendor === 'github-actions-oidc');
    // 6 steps of 8 minutes on 10-minute tokens: 48 minutes, past four expiries, every request
    // accepted. Three resources, each renewed (a token is due within 5 minutes of its expiry),
    // each renewal with a fresh GitHub OIDC assertion.
    expect(tokenRequests.length).toBeGreaterThanOrEqual(3 * 4);
    expect(oidcRequests.length).toBeGreaterThanOrEqual(tokenRequests.length);
    expect(tokenRequests.every((e) => e.status === 200)).toBe(true);
  }, 30_000);
});
