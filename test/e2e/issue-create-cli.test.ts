import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/sim/scenario/load.ts';
import { pnd, simulatorConfig } from '../support/cli.ts';
import { useSimulators } from '../support/simulator.ts';

const startSimulator = useSimulators();

describe('pnd issue create (the command, as a process)', () => {
  it('plans with --dry-run, refuses to act unconfirmed without a terminal, creates with --yes, then is unchanged', async () => {
    const sim = await startSimulator({
      scenario: parseScenario(`
name: issue-create-cli
start: '${new Date().toISOString()}'
github:
  users: [{ login: oncall-kari, push: ['Altinn/*'] }]
  tokens: [{ token: ghp_kari, login: oncall-kari }]
  repositories:
    - fullName: Altinn/altinn-authorization
      labels: [kind/deploy_patch, team/tilgangsinfo]
`),
      warn: () => {},
    });
    // The seed estate, pointed at the simulator.
    const { config } = await simulatorConfig(sim, 'pnd-issue-', {});
    const env = { GITHUB_TOKEN: 'ghp_kari', NODE_EXTRA_CA_CERTS: sim.caFile };

    const dry = await pnd(['--json', 'issue', 'create', '--config', config, '--dry-run'], env);
    expect(dry.stderr).toBe('');
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ status: 'created', number: null, dryRun: true });
    expect(sim.log.mutations()).toEqual([]);

    const unconfirmed = await pnd(['issue', 'create', '--config', config], env);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toMatch(/--yes/);
    expect(sim.log.mutations()).toEqual([]);

    const created = await pnd(['--json', 'issue', 'create', '--config', config, '--yes'], env);
    expect(created.code).toBe(0);
    const result = JSON.parse(created.stdout) as {
      status: string;
      number: number;
      title: string;
      week: string;
    };
    expect(result.status).toBe('created');
    expect(result.title).toMatch(/^Deploy & Patching \d{4} W\d{2}$/);
    expect(sim.log.mutations().map((e) => `${e.method} ${e.template}`)).toEqual([
      'POST /repos/{owner}/{repo}/issues',
    ]);

    const seq = sim.log.lastSeq;
    const again = await pnd(['--json', 'issue', 'create', '--config', config, '--yes'], env);
    expect(JSON.parse(again.stdout)).toMatchObject({ status: 'unchanged', number: result.number });
    expect(sim.log.mutations(seq)).toEqual([]);
    expect(sim.problems()).toEqual([]);
  }, 90_000);

  it('says what is missing when GITHUB_TOKEN is not set, and exits 2', async () => {
    const run = await pnd(['issue', 'create', '--config', 'examples/tilgangsinfo/pnd.yaml', '--dry-run'], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/GITHUB_TOKEN is not set/);
  });
});
