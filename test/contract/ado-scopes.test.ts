import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE } from '../../src/core/error-catalogue.ts';
import { PndError } from '../../src/core/errors.ts';
import { AzureDevOpsClient } from '../../src/providers/azure-devops/client.ts';
import { parseScenario } from '../../src/sim/scenario/load.ts';
import { useSimulators } from '../support/simulator.ts';

const startSimulator = useSimulators();
const EXECUTE_PAT = 'x7k2m9q4w8e1r5t3y6u0i2o4p8a1s5d9f3g7h2j6k0l4z8c1v5b3';

// A second invented estate: a ferry operator's booking project, its release approver holding a
// PAT with "Release (Read, write & execute)" and "Build (Read)" only.
const SCENARIO = `
name: ado-scopes
start: '2026-12-07T06:00:00Z'
azureDevOps:
  tokens:
    - token: ${EXECUTE_PAT}
      user: { displayName: Ingrid Havn, uniqueName: ingrid.havn@fjordline.example }
      scopes: [vso.release_execute, vso.build]
  projects:
    - organization: fjordline
      name: booking
      releaseDefinitions:
        - id: 7
          name: booking-api
          environments:
            - { name: Staging, preDeployApprovers: [ingrid.havn@fjordline.example] }
      releases:
        - { id: 70, definitionId: 7, createdOn: '2026-12-07T05:00:00Z', version: '3.1.0', environments: [{ name: Staging, state: awaitingPreDeploy, at: '2026-12-07T05:00:00Z' }] }
`;

describe('Azure DevOps PAT scopes, per operation from the vendor description', () => {
  it('reads with vso.release_execute, but approving needs vso.release_manage: refused with 401, pnd exits 4 naming it', async () => {
    const sim = await startSimulator({ scenario: parseScenario(SCENARIO), warn: () => {} });
    const client = new AzureDevOpsClient({
      organization: 'fjordline',
      project: 'booking',
      credential: { pat: EXECUTE_PAT, identity: 'the PAT in AZURE_DEVOPS_TOKEN' },
      releaseUrl: sim.urls.azureDevOpsRelease,
      buildUrl: sim.urls.azureDevOpsBuild,
      ca: sim.caPem,
    });
    const pending = [];
    for await (const approval of client.approvals({ statusFilter: 'pending' })) pending.push(approval);
    expect(pending).toHaveLength(1);

    const error = await client.updateApproval(pending[0]!.id, { status: 'approved', comments: 'ok' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PndError);
    const refused = error as PndError;
    expect(refused.code).toBe('auth-failed');
    expect(ERROR_CATALOGUE[refused.code].exit).toBe(4);
    expect(refused.message).toContain('vso.release_manage');
    expect(refused.message).toContain('the PAT in AZURE_DEVOPS_TOKEN');
    expect(refused.details).toMatchObject({
      vendor: 'Azure DevOps',
      scope: 'vso.release_manage',
      status: 401,
    });
    expect(String(refused.details?.hint)).toMatch(/Release \(Read, write, execute & manage\)/);
    expect(JSON.stringify({ message: refused.message, details: refused.details })).not.toContain(EXECUTE_PAT);

    // The simulator refused the PATCH and the approval is still pending.
    const patch = sim.log.entries().filter((e) => e.method === 'PATCH');
    expect(patch.map((e) => e.status)).toEqual([401]);
    const after = [];
    for await (const approval of client.approvals({ statusFilter: 'pending' })) after.push(approval);
    expect(after.map((a) => a.id)).toEqual([pending[0]!.id]);
  });
});
