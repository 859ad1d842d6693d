import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/sim/scenario/load.ts';
import { pnd, simulatorConfig } from '../support/cli.ts';
import { useSimulators } from '../support/simulator.ts';
import { EXAMPLE_SCENARIO } from '../support/train.ts';

const startSimulator = useSimulators();

describe('pnd deploy (the command, as a process)', () => {
  it('--dry-run plans from real reads and makes no mutating request; without --yes and a terminal it refuses', async () => {
    const sim = await startSimulator({ scenario: await loadScenario(EXAMPLE_SCENARIO), warn: () => {} });
    const { dir, config } = await simulatorConfig(sim, 'pnd-deploy-');
    const env = {
      GITHUB_TOKEN: 'ghp_sim_oncall_kari',
      AZURE_DEVOPS_TOKEN: 'ado-pat-kari-oncall',
      NODE_EXTRA_CA_CERTS: sim.caFile,
      PND_JOURNAL: join(dir, 'journal.sqlite'),
    };

    const dry = await pnd(['--json', 'deploy', 'tt02', '--config', config, '--dry-run'], env);
    expect(dry.stderr).toBe('');
    expect(dry.code).toBe(0);
    const plan = JSON.parse(dry.stdout) as {
      dryRun: boolean;
      components: {
        component: string;
        outcome: string;
        version: { id: string } | null;
        superseded: { id: string }[];
        actions: { action: string }[];
      }[];
    };
    expect(plan.dryRun).toBe(true);
    expect(plan.components.map((c) => [c.component, c.outcome, c.version?.id])).toEqual([
      ['authentication', 'planned', 'release:418'],
      ['resource-registry', 'planned', 'release:316'],
      ['auditlog', 'planned', 'tag:2026.11.23'],
    ]);
    expect(plan.components[0]!.superseded.map((s) => s.id)).toEqual(['release:415']);
    expect(plan.components[2]!.actions.map((a) => a.action)).toEqual([
      'publish draft release 2026.11.23 titled with its tag',
      'approve the TT02 review of the run it starts',
      'watch the TT02 deploy',
    ]);

    const text = await pnd(['deploy', 'tt02', '--config', config, '--dry-run'], env);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/Authentication\s+Release-418\s+waiting\s+ok/);
    expect(text.stdout).toMatch(/superseded, not approved: Release-415/);
    expect(text.stdout).toMatch(/Dry run: nothing was changed/);

    const unconfirmed = await pnd(['deploy', 'tt02', '--config', config], env);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toMatch(/--yes/);

    // A --timeout shorter than TT02's 10m dwell could only end past itself: refused first (before
    // the complaint about --yes), for deploy and post-deploy, dry run or not; nothing is written.
    const before = sim.log.lastSeq;
    for (const args of [
      ['deploy', 'tt02', '--config', config, '--timeout', '5m'],
      ['post-deploy', 'tt02', '--config', config, '--timeout', '5m', '--dry-run'],
    ]) {
      const short = await pnd(args, env);
      expect(short.code).toBe(2);
      expect(short.stderr).toMatch(/The timeout is shorter than the dwell of TT02/);
      expect(short.stderr).toMatch(/--timeout 10m or more/);
      expect(short.stderr).not.toMatch(/--yes/);
    }
    expect(sim.log.mutations(before)).toEqual([]);
    const deployOnly = await pnd(
      ['deploy', 'tt02', '--config', config, '--timeout', '5m', '--until', 'deployed', '--dry-run'],
      env,
    );
    expect(deployOnly.code).toBe(0);

    const noToken = await pnd(['deploy', 'tt02', '--config', config, '--dry-run'], {
      ...env,
      GITHUB_TOKEN: '',
    });
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toMatch(/GITHUB_TOKEN is not set/);

    const badAdo = await pnd(['deploy', 'tt02', '--config', config, '--dry-run'], {
      ...env,
      AZURE_DEVOPS_TOKEN: 'not-a-valid-pat',
    });
    expect(badAdo.code).toBe(4);
    expect(badAdo.stderr).toMatch(/Azure DevOps did not accept the PAT in AZURE_DEVOPS_TOKEN/);
    expect(badAdo.stderr).not.toContain('not-a-valid-pat');

    const badGitHub = await pnd(['deploy', 'tt02', '--config', config, '--dry-run'], {
      ...env,
      GITHUB_TOKEN: 'ghp_not_a_token',
    });
    expect(badGitHub.code).toBe(4);
    expect(badGitHub.stderr).not.toContain('ghp_not_a_token');
    expect(badGitHub.stderr).toMatch(/GitHub/);

    const help = await pnd(['deploy', '--help'], env);
    expect(help.stdout).toMatch(/Exit codes: 0 every component deployed/);

    expect(sim.log.mutations()).toEqual([]);
    expect(sim.problems()).toEqual([]);
  }, 90_000);
});
