import { ClientSecretCredential } from '@azure/identity';
import { describe, expect, it } from 'vitest';
import { useSimulators } from '../support/simulator.ts';

const startSimulator = useSimulators();
const APP = { clientId: '11111111-2222-4333-8444-555555555555', secret: 'sim-secret-Qx7' };

describe('spike', () => {
  it('ClientSecretCredential gets a token from the sim', async () => {
    const sim = await startSimulator({
      scenario: { name: 'entra', start: '2026-12-01T08:00:00Z', entra: { applications: [APP] } } as never,
    });
    const credential = new ClientSecretCredential(sim.entra.tenantId, APP.clientId, APP.secret, {
      authorityHost: sim.urls.entra,
      tlsOptions: { ca: sim.caPem },
      disableInstanceDiscovery: true,
    } as never);
    const token = await credential.getToken('https://management.azure.com/.default').catch((e) => { console.log(sim.log.entries().map((x) => `${x.method} ${x.path}${x.query} ${x.status}`)); throw e; });
    console.log(sim.log.entries().map((e) => `${e.method} ${e.path}${e.query} ${e.status}`));
    expect(token?.token).toBeTruthy();
  });
});
