import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/sim/scenario/load.ts';
import { isoWeekOf } from '../../src/template/index.ts';
import { pnd, simulatorConfig } from '../support/cli.ts';
import { useSimulators } from '../support/simulator.ts';

const startSimulator = useSimulators();

/** The patch-day scenario as of now (the CLI reads the real clock), with this week's issue. */
async function start() {
  const week = isoWeekOf(Date.now(), 'Europe/Oslo').label;
  const text = (await readFile('test/fixtures/scenario/deps-patch-day.yaml', 'utf8'))
    .replace(/^start: .*$/m, `start: '${new Date().toISOString()}'`)
    .replaceAll('2026-W48', week);
  const sim = await startSimulator({ scenario: parseScenario(text), warn: () => {} });
  const { dir, config } = await simulatorConfig(sim, 'pnd-deps-cli-', {});
  const env = {
    GITHUB_TOKEN: 'ghp_sim_oncall_kari',
    NODE_EXTRA_CA_CERTS: sim.caFile,
    PND_JOURNAL: join(dir, 'journal.sqlite'),
  };
  return { sim, config, env, week };
}

interface PullJson {
  repo: string;
  number: number;
  title: string;
  bot: string;
  updateType: string;
  ci: string;
  needsHuman: boolean;
  reasons: string[];
  mergeSafe: boolean;
  outcome: string | null;
}

describe('pnd deps (the command, as a process)', () => {
  it('prints the table per repository, needs-a-human first, and --json one object per PR; reads only', async () => {
    const { sim, config, env } = await start();
    const table = await pnd(['deps', '--config', config], env);
    expect(table.stderr).toBe('');
    expect(table.code).toBe(0);
    const sections = table.stdout.split('\n\n');
    expect(sections[0]).toMatch(/^Altinn\/altinn-authentication {2}7 bot PRs, 2 need a human\n/);
    // Within the first repository: its two needing a human come first.
    const rows = sections[0]!.split('\n').slice(3);
    expect(rows.slice(0, 2).every((r) => r.includes('needs a human'))).toBe(true);
    expect(rows.slice(2).some((r) => r.includes('needs a human'))).toBe(false);
    expect(table.stdout).toMatch(/31 bot PRs, 11 need a human, 11 merge-safe/);

    const json = await pnd(
      ['--json', 'deps', '--config', config, '--repo', 'Altinn/altinn-authentication-frontend'],
      env,
    );
    expect(json.code).toBe(0);
    const out = JSON.parse(json.stdout) as { pulls: PullJson[]; mergeSafe: boolean };
    expect(out.mergeSafe).toBe(false);
    expect(out.pulls).toHaveLength(10);
    expect(new Set(out.pulls.map((p) => p.repo))).toEqual(new Set(['Altinn/altinn-authentication-frontend']));
    expect(out.pulls.find((p) => p.title === 'Bump cross-spawn from 7.0.3 to 7.0.6')).toMatchObject({
      bot: 'dependabot[bot]',
      updateType: 'patch',
      from: '7.0.3',
      to: '7.0.6',
      ci: 'green',
      mergeable: 'mergeable',
      needsHuman: false,
      reasons: [],
      mergeSafe: true,
      outcome: null,
    });
    expect(sim.log.mutations()).toEqual([]);
    expect(sim.problems()).toEqual([]);
  }, 60_000);

  it('--merge-safe --dry-run plans every merge and the issue and writes nothing; without --yes it refuses; no token exits 2', async () => {
    const { sim, config, env, week } = await start();
    const dry = await pnd(['--json', 'deps', '--config', config, '--merge-safe', '--dry-run'], env);
    expect(dry.stderr).toBe('');
    expect(dry.code).toBe(0);
    const plan = JSON.parse(dry.stdout) as {
      dryRun: boolean;
      merges: { outcome: string }[];
      pulls: PullJson[];
      weeklyIssue: { ticked: { repo: string; status: string }[]; comment: string };
      week: string;
    };
    expect(plan.dryRun).toBe(true);
    expect(plan.week).toBe(week);
    expect(plan.merges.map((m) => m.outcome)).toEqual(new Array(11).fill('planned'));
    expect(plan.pulls.filter((p) => p.outcome === 'planned')).toHaveLength(11);
    expect(plan.weeklyIssue.ticked).toEqual([
      { repo: 'Altinn/altinn-auth-audit-log', step: 'patch.altinn/altinn-auth-audit-log', status: 'planned' },
    ]);
    expect(plan.weeklyIssue.comment).toBe('planned');
    expect(sim.log.mutations()).toEqual([]);

    const unconfirmed = await pnd(['deps', '--config', config, '--merge-safe'], env);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toMatch(/--yes/);
    expect(sim.log.mutations()).toEqual([]);

    const noToken = await pnd(['deps', '--config', config], { ...env, GITHUB_TOKEN: '' });
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toMatch(/GITHUB_TOKEN/);
    expect(sim.log.mutations()).toEqual([]);
    expect(sim.problems()).toEqual([]);
  }, 60_000);

  it('--merge-safe --yes merges what the policy allows (approve: false), comments once, and a rerun writes nothing', async () => {
    const { sim, config, env } = await start();
    const text = await readFile(config, 'utf8');
    await writeFile(
      config,
      text.replace(
        '    blockingLabels: [do not merge, do-not-merge, wip]',
        '    blockingLabels: [do not merge, do-not-merge, wip]\n    approve: false',
      ),
    );
    const args = [
      '--json',
      'deps',
      '--config',
      config,
      '--merge-safe',
      '--yes',
      '--repo',
      'Altinn/altinn-resource-registry',
    ];
    const run = await pnd(args, env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as {
      merges: { title: string; outcome: string; approval: string; method: string }[];
    };
    expect(out.merges.map((m) => [m.title, m.outcome, m.approval, m.method])).toEqual([
      ['chore(deps): update all non-major dependencies', 'merged', 'not-needed', 'merge'],
      ['Update rubocop requirement from = 1.64.1 to = 1.65.0', 'merged', 'not-needed', 'merge'],
    ]);
    expect(sim.log.mutations().map((e) => `${e.method} ${e.template}`)).toEqual([
      'PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge',
      'PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge',
      'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
    ]);
    const seq = sim.log.lastSeq;
    const again = await pnd(args, env);
    expect(again.code).toBe(0);
    expect((JSON.parse(again.stdout) as { merges: unknown[] }).merges).toEqual([]);
    expect(sim.log.mutations(seq)).toEqual([]);
    expect(sim.problems()).toEqual([]);
  }, 60_000);
});
