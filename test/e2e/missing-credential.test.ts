import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/sim/scenario/load.ts';
import { pnd, simulatorConfig } from '../support/cli.ts';
import { useSimulators } from '../support/simulator.ts';
import { EXAMPLE_SCENARIO } from '../support/train.ts';

const startSimulator = useSimulators();

// Issue 13.4 as the user met it: with no Azure sign-in, `pnd verify` said "The API could not be
// reached" (no ARM request had been made) and the checks stayed pending. Now: exit 4 at once,
// naming the vendor, the missing credential and how to provide it.
describe('pnd verify without an Azure sign-in', () => {
  it('exits 4 naming Azure Resource Manager and how to sign in; nothing is sent to ARM', async () => {
    const sim = await startSimulator({ scenario: await loadScenario(EXAMPLE_SCENARIO), warn: () => {} });
    const { dir, config } = await simulatorConfig(sim, 'pnd-no-azure-');
    await appendFile(config, `  azureResourceManager:\n    url: ${sim.urls.arm}\n`);
    const env = {
      GITHUB_TOKEN: 'ghp_sim_oncall_kari',
      AZURE_DEVOPS_TOKEN: 'ado-pat-kari-oncall',
      NODE_EXTRA_CA_CERTS: sim.caFile,
      PND_JOURNAL: join(dir, 'journal.sqlite'),
      // No az, azd or pwsh on the PATH and no AZURE_* variables: nothing can sign in.
      PATH: dir,
      HOME: dir,
    };
    const text = await pnd(['verify', 'tt02', '--component', 'auditlog', '--config', config], env);
    expect(text.stderr).toMatch(/No Azure credential was found/);
    expect(text.stderr).toMatch(/az login/);
    expect(text.code).toBe(4);
    const json = await pnd(['--json', 'verify', 'tt02', '--component', 'auditlog', '--config', config], env);
    expect(json.code).toBe(4);
    const { error } = JSON.parse(json.stdout) as { error: { code: string; vendor: string } };
    expect(error).toMatchObject({ code: 'credential-missing', vendor: 'Azure Resource Manager' });
    expect(sim.log.entries().filter((e) => e.vendor.startsWith('arm'))).toEqual([]);
    // Two processes that each walk the whole Azure credential chain: slow on a busy machine.
  }, 90_000);
});
