import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { simAccess } from '../../src/demo/sim-access.ts';
import { PostgresJournal } from '../../src/journal/index.ts';
import { isMutation } from '../../src/sim/request-log.ts';
import { pnd, simulatorConfig } from '../support/cli.ts';
import {
  assertPasswordNowhere,
  deployAsProcess,
  dropSchemas,
  duplicateWrites,
  freshSchema,
  killProcesses,
  lockHeld,
  SHORT_DWELL_CONFIG,
  spawnDeploy,
  testDatabaseUrl,
  until,
  urlWith,
  wednesday,
  type ChildReport,
} from '../support/journal-processes.ts';
import { useSimulators } from '../support/simulator.ts';
import type { Train } from '../support/train.ts';

/**
 * The journal shared by machines, as OS processes (each with its own state directory):
 * - evidence: Wednesday's TT02 day (deploy and verification) on one machine, Tuesday's production
 *   day on another. The production soak policy needs TT02's verification, and for the GitHub
 *   component (no post-deployment gate) the journal is its only record: one PostgreSQL journal
 *   carries it, two SQLite files do not;
 * - one train at a time: runs racing for the lock, waiting for it, and a holder killed.
 * (This replaces the in-process deploy-shared-journal test: the same days, as processes.)
 */
const url = testDatabaseUrl;
const start = useSimulators();
const schemas: string[] = [];
afterEach(killProcesses);
afterAll(async () => {
  if (url) await dropSchemas(url, schemas);
});

/** Tuesday: this week's issue, then the production day as a process of its own (another machine). */
async function tuesday(train: Train, machine: { journal: string; schema?: string; holder?: string }) {
  train.clock.autoAdvance = true;
  train.at('2026-12-01T09:00');
  await train.createWeeklyIssue();
  train.clock.autoAdvance = false;
  const report = await deployAsProcess(train, { config: SHORT_DWELL_CONFIG, env: 'production', ...machine });
  expect(duplicateWrites(train.sim.log.entries())).toEqual([]);
  expect(train.sim.problems()).toEqual([]);
  return report;
}

function productionApprovals(train: Train): number {
  return train.sim.log
    .entries()
    .filter(isMutation)
    .filter((e) => e.at >= '2026-12-01').length;
}

describe('evidence across machines (two OS processes)', () => {
  it('with two SQLite files the second machine lacks TT02’s journaled verification and blocks that component', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pnd-two-processes-'));
    const train = await wednesday(start);
    const first = { journal: join(dir, 'a', 'journal.sqlite') };
    expect(await deployAsProcess(train, { config: SHORT_DWELL_CONFIG, env: 'tt02', ...first })).toMatchObject(
      {
        type: 'done',
        outcomes: ['verified', 'verified', 'verified'],
      },
    );
    const production = await tuesday(train, { journal: join(dir, 'b', 'journal.sqlite') });
    // The Azure DevOps components carry their TT02 verdict in the release's post-deployment
    // approval; the GitHub component's only record of it is the journal.
    expect(production).toMatchObject({ type: 'done', outcomes: ['verified', 'verified', 'blocked'] });
    expect(productionApprovals(train)).toBeGreaterThan(0);
  }, 120_000);
  // With one PostgreSQL journal: the race test below ends with Tuesday on another machine.
});

const VERIFIED = ['verified', 'verified', 'verified'];
/** The connection string's password: it must never be printed, journaled or written anywhere. */
const PASSWORD = 'pg-Secret-7f3a9c';

describe('one PostgreSQL journal, several processes', () => {
  if (!url) {
    console.warn('Shared PostgreSQL journal process tests SKIPPED: PND_TEST_DATABASE_URL is not set.');
    it.skip('skipped: PND_TEST_DATABASE_URL is not set', () => {});
    return;
  }

  it('Wednesday: two deploys at once, one acts, the other exits 6 naming the holder (the CLI too), a --wait run waits then writes nothing; Tuesday: another machine reads the evidence and promotes', async () => {
    const schema = freshSchema();
    schemas.push(schema);
    const train = await wednesday(start);
    // The first write is held until the other runs have answered: the winner holds the lock.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let writing!: () => void;
    const acting = new Promise<void>((resolve) => (writing = resolve));
    train.sim.intercept = {
      before: (entry) => {
        if (!isMutation(entry as never)) return undefined;
        writing();
        return held;
      },
    };
    const setup = { config: SHORT_DWELL_CONFIG, env: 'tt02', journal: url, schema };
    const a = spawnDeploy(train, { ...setup, holder: 'machine-a' });
    const b = spawnDeploy(train, { ...setup, holder: 'machine-b' });
    await Promise.all([a.ready, b.ready]);
    a.start();
    b.start();
    const loser = await Promise.race([
      a.finished.then((report) => ({ name: 'machine-b', report, winner: b })),
      b.finished.then((report) => ({ name: 'machine-a', report, winner: a })),
    ]);
    // The one that finished first lost, and says who holds the environment.
    expect(loser.report).toMatchObject({
      type: 'error',
      code: 'locked',
      exit: 6,
      details: { holder: loser.name, env: 'tt02' },
    });
    await acting;
    expect(await lockHeld(url, schema, 'tt02')).toBe(true);

    // `pnd deploy tt02 --yes` as a user runs it, with the team's schema and a password in the URL.
    const { config } = await simulatorConfig(train.sim, 'pnd-race-cli-');
    const access = simAccess(train.sim);
    const cli = await pnd(['deploy', 'tt02', '--config', config, '--yes'], {
      GITHUB_TOKEN: access.tokens.github,
      AZURE_DEVOPS_TOKEN: access.tokens.azureDevOps,
      NODE_EXTRA_CA_CERTS: train.sim.caFile,
      PND_JOURNAL: urlWith(url, { password: PASSWORD, schema }),
    });
    expect(cli.code, cli.stderr).toBe(6);
    expect(cli.stderr).toMatch(
      new RegExp(`Another run is acting on tt02: ${loser.name} since 2026-11-25T08:00`),
    );

    // A third run with --wait: says once whom it waits for, then runs when the lock is free.
    const c = spawnDeploy(train, { ...setup, holder: 'machine-c', waitMs: 120_000 });
    await c.ready;
    c.start();
    expect(await c.waiting).toBe(loser.name);
    release();
    train.sim.intercept = undefined;
    expect(await loser.winner.finished).toMatchObject({ type: 'done', outcomes: VERIFIED });
    const afterWinner = train.sim.log.lastSeq;
    const waited = await c.finished;
    expect(waited.type).toBe('done');
    // It planned from what the winner left: nothing was left to write.
    expect(train.sim.log.mutations(afterWinner)).toEqual([]);
    expect(duplicateWrites(train.sim.log.entries())).toEqual([]);
    expect(train.sim.problems()).toEqual([]);
    await assertPasswordNowhere(PASSWORD, { output: cli.stdout + cli.stderr, url, schema, train });

    // Tuesday, a fourth machine: production needs TT02's journaled verification of the GitHub
    // component, which only the shared journal holds; it promotes all three.
    const production = await tuesday(train, { journal: url, schema, holder: 'machine-d' });
    expect(production).toMatchObject({ type: 'done', outcomes: VERIFIED });
  }, 120_000);

  it('a run killed (SIGKILL) while it holds the lock: the next run proceeds and settles the killed run’s open intent', async () => {
    const schema = freshSchema();
    schemas.push(schema);
    const train = await wednesday(start);
    const never = new Promise<void>(() => {});
    let frozen = false;
    let wrote!: () => void;
    const firstWrite = new Promise<void>((resolve) => (wrote = resolve));
    train.sim.intercept = {
      // Once the process is "dead", nothing it sent gets an answer.
      before: () => (frozen ? never : undefined),
      after: (entry) => {
        if (frozen) return never;
        if (!isMutation(entry)) return undefined;
        frozen = true;
        wrote();
        return never;
      },
    };
    const setup = { config: SHORT_DWELL_CONFIG, env: 'tt02', journal: url, schema };
    const killed = spawnDeploy(train, { ...setup, holder: 'machine-a' });
    await killed.ready;
    killed.start();
    await firstWrite;
    expect(await lockHeld(url, schema, 'tt02')).toBe(true);
    killed.process.kill('SIGKILL');
    expect(await killed.finished).toEqual({ type: 'exit' } satisfies ChildReport);
    train.sim.intercept = undefined;
    // The server ends the dead process's session, and with it the advisory lock.
    await until(async () => !(await lockHeld(url, schema, 'tt02')), 'the killed run’s lock is freed');

    const next = await deployAsProcess(train, { ...setup, holder: 'machine-b' });
    expect(next).toMatchObject({ type: 'done', outcomes: VERIFIED });
    expect(duplicateWrites(train.sim.log.entries())).toEqual([]);
    expect(train.sim.problems()).toEqual([]);

    const journal = await PostgresJournal.open({ url, schema });
    try {
      const runs = await journal.runs();
      expect(runs.map((r) => r.outcome)).toEqual(['running', 'succeeded']);
      const entries = await journal.entries();
      const killedIntents = entries.filter((e) => e.kind === 'intent' && e.runId === runs[0]!.id);
      expect(killedIntents.length).toBeGreaterThanOrEqual(1);
      // Every intent of the killed run is settled by the next one (a result is filed under its
      // intent's run): the write that reached GitHub or Azure DevOps is confirmed by a fresh read,
      // one that never got there superseded by the new attempt.
      const settled = killedIntents.map((intent) =>
        entries.find((e) => e.kind === 'result' && e.intentId === intent.id),
      );
      expect(settled.every(Boolean)).toBe(true);
      expect(settled.some((e) => e?.outcome === 'done' && JSON.stringify(e.data).includes('later run'))).toBe(
        true,
      );
      for (const intent of entries.filter((e) => e.kind === 'intent'))
        expect(await journal.openIntents(intent.key!)).toEqual([]);
    } finally {
      await journal.close();
    }
  }, 120_000);
});
