import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/sim/scenario/load.ts';
import { pnd, simulatorConfig } from '../support/cli.ts';
import { assertNoSecrets, scanJournalFile } from '../support/secrets-scan.ts';
import { useSimulators } from '../support/simulator.ts';
import { EXAMPLE_SCENARIO } from '../support/train.ts';

const startSimulator = useSimulators();

// The "done when": a PAT without vso.release_manage is refused by the simulator when
// pnd approves, and pnd exits 4 naming that scope.
describe('pnd deploy with a PAT that may read and execute releases but not approve them', () => {
  it('exits 4 naming vso.release_manage; nothing is approved', async () => {
    const scenario = await loadScenario(EXAMPLE_SCENARIO);
    for (const token of scenario.azureDevOps?.tokens ?? [])
      if (token.token === 'ado-pat-kari-oncall') token.scopes = ['vso.release_execute', 'vso.build'];
    const sim = await startSimulator({ scenario, warn: () => {} });
    const { dir, config } = await simulatorConfig(sim, 'pnd-ado-scope-');
    const env = {
      GITHUB_TOKEN: 'ghp_sim_oncall_kari',
      AZURE_DEVOPS_TOKEN: 'ado-pat-kari-oncall',
      NODE_EXTRA_CA_CERTS: sim.caFile,
      PND_JOURNAL: join(dir, 'journal.sqlite'),
    };
    const run = await pnd(
      ['--json', 'deploy', 'tt02', '--component', 'authentication', '--config', config, '--yes'],
      env,
    );
    expect(run.code).toBe(4);
    const text = run.stdout + run.stderr;
    const { error } = JSON.parse(run.stdout) as { error: Record<string, unknown> };
    expect(error).toMatchObject({
      code: 'auth-failed',
      vendor: 'Azure DevOps',
      identity: 'the PAT in AZURE_DEVOPS_TOKEN',
      scope: 'vso.release_manage',
    });
    expect(String(error.message)).toContain('vso.release_manage');
    assertNoSecrets('pnd output', text, ['ado-pat-kari-oncall', 'ghp_sim_oncall_kari']);
    scanJournalFile(env.PND_JOURNAL, ['ado-pat-kari-oncall', 'ghp_sim_oncall_kari']);
    const patches = sim.log
      .entries()
      .filter((e) => e.vendor === 'azure-devops-release' && e.method === 'PATCH');
    expect(patches.map((e) => e.status)).toEqual([401]);
  }, 60_000);
});
