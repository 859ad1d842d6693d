import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deployDayRequest } from '../../src/train/deploy/request.ts';
import { loadEstate } from '../../src/config/load.ts';
import { simAccess } from '../../src/demo/sim-access.ts';
import { simProviderSettings } from '../../src/demo/sim-providers.ts';
import { SqliteJournal } from '../../src/journal/index.ts';
import { ProviderContext } from '../../src/providers/registry.ts';
import { runDeployDay } from '../../src/train/deploy/deploy-day.ts';
import { isMutation, type LoggedRequest } from '../../src/sim/request-log.ts';
import { useSimulators } from './simulator.ts';
import { EXAMPLE_CONFIG, startTrain, type Train } from './train.ts';

// The seed estate with a one-minute dwell: the crash points are the subject here, not the wait
// (which the verify tests cover); each point replays the whole day.
const SHORT_DWELL_CONFIG = join(mkdtempSync(join(tmpdir(), 'pnd-crash-config-')), 'pnd.yaml');
writeFileSync(SHORT_DWELL_CONFIG, readFileSync(EXAMPLE_CONFIG, 'utf8').replaceAll('dwell: 10m', 'dwell: 1m'));

interface Child {
  process: ChildProcess;
  finished: Promise<{ type: string; outcomes?: string[]; message?: string }>;
}

/** Starts a deploy in a child process whose clock is the simulator's (advanced when it sleeps). */
function spawnDeploy(train: Train, journalPath: string): Child {
  const child = fork('test/support/deploy-child.ts', [], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    // Node's compile cache (as bin/pnd.js enables it): each child after the first loads the engine
    // from cached bytecode instead of compiling it again.
    env: { ...process.env, NODE_COMPILE_CACHE: join(tmpdir(), 'pnd-test-compile-cache') },
  });
  const clock = train.clock;
  // A killed child's IPC channel refuses writes (EPIPE): that is the crash, not a test error.
  child.on('error', () => {});
  const send = (message: unknown) => {
    if (child.connected) child.send(message as never, () => {});
  };
  const finished = new Promise<{ type: string; outcomes?: string[]; message?: string }>((resolve) => {
    child.on(
      'message',
      (message: { type: string; id?: number; ms?: number; outcomes?: string[]; message?: string }) => {
        if (message.type === 'ready') {
          child.send({
            type: 'start',
            now: clock.now(),
            setup: {
              config: SHORT_DWELL_CONFIG,
              env: 'tt02',
              journalPath,
              urls: train.sim.urls,
              caPem: train.sim.caPem,
              access: simAccess(train.sim),
            },
          });
        } else if (message.type === 'sleep') {
          // The child is idle until it wakes: move the shared clock to its wake time.
          clock.advance(message.ms ?? 0);
          send({ type: 'wake', id: message.id, now: clock.now() });
        } else resolve(message);
      },
    );
    child.on('exit', () => resolve({ type: 'exit' }));
  });
  return { process: child, finished };
}

const signature = (entries: LoggedRequest[]) =>
  entries.map((e) => `${e.method} ${e.template ?? e.path}`).sort();

/** What the day did, per remote effect: the last result the journal holds for each key. */
async function journalEffects(path: string): Promise<string[]> {
  const journal = new SqliteJournal({ path });
  try {
    const last = new Map<string, string>();
    for (const entry of await journal.entries({ kind: 'result' }))
      last.set(entry.key as string, entry.outcome as string);
    const open = [];
    for (const intent of await journal.entries({ kind: 'intent' }))
      if ((await journal.openIntents(intent.key as string)).length > 0) open.push(intent);
    expect(open).toEqual([]);
    return [...last].map(([key, outcome]) => `${key} ${outcome}`).sort();
  } finally {
    await journal.close();
  }
}

type Start = ReturnType<typeof useSimulators>;

async function wednesday(start: Start): Promise<{ train: Train; journalPath: string }> {
  const train = await startTrain(start);
  await train.createWeeklyIssue();
  train.at('2026-11-25T09:00');
  train.clock.autoAdvance = false;
  return { train, journalPath: join(mkdtempSync(join(tmpdir(), 'pnd-crash-')), 'journal.sqlite') };
}

/** `pnd deploy tt02`, as deploy-child.ts runs it, in this process. */
async function deployInProcess(train: Train, journalPath: string): Promise<string[]> {
  const { estate } = loadEstate(SHORT_DWELL_CONFIG, {});
  const journal = new SqliteJournal({ path: journalPath, clock: train.clock });
  try {
    const providers = new ProviderContext(simProviderSettings(simAccess(train.sim), train.clock));
    const result = await runDeployDay(
      deployDayRequest(estate, { env: 'tt02', dryRun: false, clock: train.clock, journal, providers }),
    );
    return result.components.map((c) => c.outcome);
  } finally {
    await journal.close();
  }
}

async function issueBody(train: Train): Promise<string> {
  const github = train.providers().github;
  const [issue] = (
    await github.rest.issues.listForRepo({
      owner: 'Altinn',
      repo: 'altinn-authorization',
      state: 'open',
      per_page: 1,
    })
  ).data;
  return issue?.body ?? '';
}

/**
 * The crash test, one shard of it per test file so that vitest runs the shards side by side:
 * shard `shard` (1-based) of `shards` takes every `shards`-th crash point.
 */
export function crashPointSuite(shard: number, shards: number): void {
  const start = useSimulators();
  describe(`pnd deploy: killed right after each mutating request, then run again (crash points ${shard} mod ${shards})`, () => {
    it('ends with the same remote state and journal as an uninterrupted run, acting once', async () => {
      // The uninterrupted day (in this process: it is the reference, not the subject).
      const baseline = await wednesday(start);
      const seq0 = baseline.train.sim.log.lastSeq;
      baseline.train.clock.autoAdvance = true;
      expect(await deployInProcess(baseline.train, baseline.journalPath)).toEqual([
        'verified',
        'verified',
        'verified',
      ]);
      const expectedMutations = signature(baseline.train.sim.log.mutations(seq0));
      const expectedEffects = await journalEffects(baseline.journalPath);
      const expectedBody = await issueBody(baseline.train);
      expect(expectedMutations.length).toBeGreaterThanOrEqual(8);

      // Each crash point is an independent replay (its own simulator and journal): three at a time.
      const crashPoints = expectedMutations
        .map((_, i) => i + 1)
        .filter((i) => (i - 1) % shards === shard - 1);
      for (let batch = 0; batch < crashPoints.length; batch += 3) {
        await Promise.all(crashPoints.slice(batch, batch + 3).map((crashAt) => crashAndRerun(crashAt)));
      }

      async function crashAndRerun(crashAt: number): Promise<void> {
        const { train, journalPath } = await wednesday(start);
        const seq = train.sim.log.lastSeq;
        let seen = 0;
        let killed!: () => void;
        const crashed = new Promise<void>((resolve) => (killed = resolve));
        const never = new Promise<void>(() => {});
        let frozen = false;
        train.sim.intercept = {
          // Once the process is "dead", nothing it sent gets an answer.
          before: () => (frozen ? never : undefined),
          after: (entry) => {
            if (frozen) return never;
            if (!isMutation(entry) || ++seen !== crashAt) return undefined;
            frozen = true;
            killed();
            return never;
          },
        };
        const first = spawnDeploy(train, journalPath);
        await Promise.race([crashed, first.finished]);
        first.process.kill('SIGKILL');
        await first.finished;
        train.sim.intercept = undefined;

        // The rerun is a new engine on the same journal file and remote state; it need not be a
        // process of its own (only the crash does), so it runs here on the shared clock.
        train.clock.autoAdvance = true;
        const outcomes = await deployInProcess(train, journalPath);
        expect(outcomes, `crash after mutation ${crashAt}`).toEqual(['verified', 'verified', 'verified']);
        expect(signature(train.sim.log.mutations(seq)), `crash after mutation ${crashAt}`).toEqual(
          expectedMutations,
        );
        expect(await journalEffects(journalPath), `crash after mutation ${crashAt}`).toEqual(expectedEffects);
        expect(await issueBody(train), `crash after mutation ${crashAt}`).toBe(expectedBody);
        expect(train.sim.problems()).toEqual([]);
        await train.sim.stop();
      }
    }, 240_000);
  });
}
