import { describe, expect, it } from 'vitest';
import { PndError } from '../../src/core/errors.ts';
import { holdsOn } from '../../src/train/holds/target-holds.ts';
import { useSimulators } from '../support/simulator.ts';
import { startTrain } from '../support/train.ts';

const start = useSimulators();

describe('pnd deploy and team locks and freezes (in process, virtual clock)', () => {
  it('a locked environment refuses the deploy before any write; --override goes ahead and is journaled; a locked component is skipped', async () => {
    const train = await startTrain(start);
    train.at('2026-11-25T09:00');
    const lock = await train.journal.addTeamLock({
      env: 'tt02',
      reason: 'database migration, ask Kari',
      author: 'oncall-kari',
      authorSource: 'github',
    });
    const holds = await holdsOn(train.estate, train.journal, 'tt02', train.clock.now());
    expect(holds).toMatchObject([{ kind: 'lock', env: 'tt02', component: null, lockId: lock.id }]);

    for (const dryRun of [true, false]) {
      const refused: unknown = await train
        .deploy({ env: 'tt02', dryRun }, { holds })
        .catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(PndError);
      expect(refused).toMatchObject({
        code: 'target-locked',
        message: expect.stringMatching(/tt02 is locked by oncall-kari .*: database migration, ask Kari/),
        details: { reason: 'database migration, ask Kari', author: 'oncall-kari' },
      });
    }
    expect(train.sim.log.mutations()).toEqual([]);
    expect(await train.journal.runs()).toEqual([]);
    // Another environment is not held.
    expect(await holdsOn(train.estate, train.journal, 'production', train.clock.now())).toEqual([]);

    const overridden = await train.deploy(
      {
        env: 'tt02',
        components: ['authentication'],
        override: 'CVE hotfix',
        until: 'deployed',
        issue: false,
      },
      { holds },
    );
    expect(overridden.components.map((c) => c.outcome)).toEqual(['deployed']);
    const [entry] = await train.journal.entries({ kind: 'override' });
    expect(entry).toMatchObject({
      runId: overridden.runId,
      step: 'deploy.tt02',
      data: {
        reason: 'CVE hotfix',
        context: { overrode: 'lock', hold: { lockId: lock.id, author: 'oncall-kari' } },
      },
    });
    // The override is on record before the first write of the run.
    const firstIntent = (await train.journal.entries({ runId: overridden.runId!, kind: 'intent' }))[0];
    expect(entry!.id).toBeLessThan(firstIntent!.id);

    // Unlocked, only a component lock remains: that component is skipped, the others go.
    await train.journal.releaseTeamLocks({ env: 'tt02', by: 'oncall-kari' });
    await train.journal.addTeamLock({
      env: 'production',
      component: 'auditlog',
      reason: 'audit in progress',
      author: 'ola',
      authorSource: 'PND_ACTOR',
    });
    const prodHolds = await holdsOn(train.estate, train.journal, 'production', train.clock.now());
    const plan = await train.deploy({ env: 'production', dryRun: true }, { holds: prodHolds });
    expect(plan.components.find((c) => c.component.id === 'auditlog')).toMatchObject({
      outcome: 'blocked',
      detail: expect.stringMatching(/auditlog in production is locked by ola .*: audit in progress/),
    });
    expect(plan.components.filter((c) => c.component.id !== 'auditlog').length).toBeGreaterThan(0);
    expect(plan.plan.components.map((c) => c.component.id)).not.toContain('auditlog');
    // Asked for the locked component alone, the deploy is refused.
    await expect(
      train.deploy({ env: 'production', components: ['auditlog'], dryRun: true }, { holds: prodHolds }),
    ).rejects.toMatchObject({ code: 'target-locked' });
  }, 60_000);

  it('a freeze day refuses the deploy with its reason; the override names the freeze', async () => {
    const train = await startTrain(start);
    train.at('2026-11-25T09:00');
    const estate = {
      ...train.estate,
      freezes: [{ from: '2026-11-25', to: '2026-11-25', reason: 'board demo', environments: ['tt02'] }],
    };
    const holds = await holdsOn(estate, train.journal, 'tt02', train.clock.now());
    await expect(train.deploy({ env: 'tt02', dryRun: true }, { holds })).rejects.toMatchObject({
      code: 'frozen',
      message: expect.stringContaining('tt02 is frozen on 2026-11-25: board demo'),
      details: { author: 'pnd.yaml' },
    });
    // The freeze names tt02 only.
    expect(await holdsOn(estate, train.journal, 'production', train.clock.now())).toEqual([]);
    const result = await train.deploy(
      {
        env: 'tt02',
        components: ['authentication'],
        override: 'demo needs the fix',
        until: 'deployed',
        issue: false,
      },
      { holds },
    );
    expect(result.runId).not.toBeNull();
    expect((await train.journal.entries({ kind: 'override' }))[0]?.data).toMatchObject({
      reason: 'demo needs the fix',
      context: { overrode: 'freeze', hold: { reason: 'board demo', date: '2026-11-25' } },
    });
  }, 60_000);
});
