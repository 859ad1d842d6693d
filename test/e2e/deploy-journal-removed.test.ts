import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useSimulators } from '../support/simulator.ts';
import { startTrain } from '../support/train.ts';

const start = useSimulators();

// Issue 13.8: the journal deleted during a run went unnoticed — the run went on acting and
// nothing was recorded. Now the next journal write (the intent before a remote call) refuses,
// so no remote write happens that the journal does not hold.
describe('pnd deploy: the journal removed mid-run', () => {
  it('stops before its next remote write, saying the journal is gone', async () => {
    const journalPath = join(mkdtempSync(join(tmpdir(), 'pnd-gone-')), 'journal.sqlite');
    const train = await startTrain(start, { journalPath });
    await train.createWeeklyIssue();
    train.at('2026-11-25T09:00');
    let removedAt: number | undefined;
    const outcome = await train
      .deploy(
        { env: 'tt02', components: ['authentication'] },
        {
          onEvent: (event) => {
            const e = event as { type: string; state?: string };
            if (removedAt === undefined && e.type === 'component' && e.state === 'opening') {
              removedAt = train.sim.log.lastSeq;
              for (const suffix of ['', '-wal', '-shm']) rmSync(`${journalPath}${suffix}`, { force: true });
            }
          },
        },
      )
      .then(
        (result) => ({ result, error: undefined }),
        (error: unknown) => ({ result: undefined, error }),
      );
    expect(removedAt).toBeDefined();
    // Not one mutating request after the file went away.
    expect(train.sim.log.mutations(removedAt!)).toEqual([]);
    const error = outcome.error as { code?: string; message?: string } | undefined;
    const said = `${error?.code} ${error?.message} ${JSON.stringify(outcome.result)}`;
    expect(said).toMatch(/journal-failed The journal file was removed or replaced during the run/);
    expect(said).not.toMatch(/"outcome":"(deployed|verified)"/);
  }, 60_000);
});
