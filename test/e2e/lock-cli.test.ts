import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { localDate } from '../../src/core/local-date.ts';
import { SqliteJournal } from '../../src/journal/index.ts';
import { loadScenario } from '../../src/sim/scenario/load.ts';
import type { StatusReport } from '../../src/status/schema.ts';
import { pnd, simulatorConfig } from '../support/cli.ts';
import { useSimulators } from '../support/simulator.ts';
import { EXAMPLE_SCENARIO } from '../support/train.ts';

const startSimulator = useSimulators();

/** The team locks on record, read as another process would. */
async function teamLocks(path: string) {
  const journal = new SqliteJournal({ path, readOnly: true });
  try {
    return await journal.teamLocks();
  } finally {
    await journal.close();
  }
}

const day = (offset: number) =>
  new Date(Date.parse(`${localDate(Date.now(), 'Europe/Oslo')}T00:00:00Z`) + offset * 86_400_000)
    .toISOString()
    .slice(0, 10);

describe('pnd lock, pnd unlock and freezes (the commands, as processes)', () => {
  it('lock → deploy refused with reason and author → status shows it → unlock → deploy allowed; a freeze day refuses too', async () => {
    const sim = await startSimulator({ scenario: await loadScenario(EXAMPLE_SCENARIO), warn: () => {} });
    const { dir, config } = await simulatorConfig(sim, 'pnd-lock-');
    // Production is frozen today (a range around today's date, so a run across midnight holds).
    await appendFile(
      config,
      `freezes:\n  - from: ${day(-1)}\n    to: ${day(1)}\n    reason: Board demo freeze\n    environments: [production]\nholidays:\n  country: "NO"\n`,
    );
    const journalPath = join(dir, 'journal.sqlite');
    const env = {
      GITHUB_TOKEN: 'ghp_sim_oncall_kari',
      AZURE_DEVOPS_TOKEN: 'ado-pat-kari-oncall',
      NODE_EXTRA_CA_CERTS: sim.caFile,
      PND_JOURNAL: journalPath,
    };
    const cfg = ['--config', config];

    const locked = await pnd(
      ['--json', 'lock', 'tt02', ...cfg, '--reason', 'db migration, ask Kari', '--until', '2d'],
      env,
    );
    expect(locked.code).toBe(0);
    const lock = (JSON.parse(locked.stdout) as { lock: { id: number; until: string } }).lock;
    expect(lock).toMatchObject({
      env: 'tt02',
      component: null,
      author: 'oncall-kari',
      authorSource: 'github',
    });
    expect(Date.parse(lock.until) - Date.now()).toBeGreaterThan(47 * 3_600_000);

    // Refused before any complaint about --yes, and before any vendor read.
    const refused = await pnd(['deploy', 'tt02', ...cfg], env);
    expect(refused.code).toBe(7);
    expect(refused.stderr).toMatch(/tt02 is locked by oncall-kari since .*: db migration, ask Kari/);
    expect(refused.stderr).toMatch(/pnd unlock tt02/);

    const frozen = await pnd(['--json', 'deploy', 'production', ...cfg, '--dry-run'], env);
    expect(frozen.code).toBe(7);
    expect(JSON.parse(frozen.stdout)).toMatchObject({
      error: { code: 'frozen', reason: 'Board demo freeze', author: 'pnd.yaml' },
    });

    const status = await pnd(['--json', 'status', ...cfg], env);
    const report = JSON.parse(status.stdout) as StatusReport;
    expect(report.schemaVersion).toBe(2);
    expect(report.holds.locks).toEqual([
      {
        id: lock.id,
        env: 'tt02',
        component: null,
        reason: 'db migration, ask Kari',
        author: 'oncall-kari',
        authorSource: 'github',
        since: expect.any(String),
        until: lock.until,
      },
    ]);
    expect(report.holds.freezes.filter((f) => f.kind === 'freeze').map((f) => [f.date, f.today])).toEqual([
      [day(0), true],
      [day(1), false],
    ]);

    const unlocked = await pnd(['--json', 'unlock', 'tt02', ...cfg], env);
    expect(JSON.parse(unlocked.stdout)).toMatchObject({
      dryRun: false,
      released: [{ id: lock.id, releasedBy: 'oncall-kari' }],
    });
    const allowed = await pnd(['deploy', 'tt02', ...cfg, '--dry-run'], env);
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toMatch(/Dry run: nothing was changed/);

    // Bad input exits 2 (more cases, dry runs and the author fallbacks: src/cli/lock-run.test.ts).
    const noReason = await pnd(['lock', 'tt02', ...cfg], env);
    expect(noReason.code).toBe(2);
    expect(noReason.stderr).toMatch(/--reason/);

    expect((await teamLocks(journalPath)).map((l) => [l.env, l.component, l.releasedBy])).toEqual([
      ['tt02', null, 'oncall-kari'],
    ]);
    // Locks are the journal's alone: nothing was written to any vendor.
    expect(sim.log.mutations()).toEqual([]);
  }, 120_000);
});
