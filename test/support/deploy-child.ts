// A `pnd deploy` run in its own process for the crash and shared-journal tests: the same engine,
// providers and journal drivers as the CLI, with the simulator's virtual clock bridged over IPC
// (the parent owns the clock) and no write spacing, so the parent can SIGKILL it at a precise
// request, race two of them on one lock, and start it again. The lock's wait polls in real time:
// the run it waits for is another process.
import { simProviderSettings } from '../../src/demo/sim-providers.ts';
import type { SimAccess } from '../../src/demo/sim-access.ts';
import { deployDayRequest } from '../../src/train/deploy/request.ts';
import { loadEstate } from '../../src/config/load.ts';
import type { Clock } from '../../src/core/clock.ts';
import { exitCodeFor } from '../../src/core/errors.ts';
import { openJournal, type Journal } from '../../src/journal/index.ts';
import { composeProviders } from '../../src/app/compose.ts';
import { runDeployDay } from '../../src/train/deploy/deploy-day.ts';

interface Setup {
  config: string;
  env: string;
  /** A SQLite path or a postgres:// URL (openJournal decides, as the CLI does). */
  journalPath: string;
  /** PostgreSQL: the test's schema. */
  schema?: string;
  /** Who holds the environment's lock, as a waiting run prints it. */
  holder?: string;
  /** How long to wait for another run's lock (as --wait), in real milliseconds. */
  waitMs?: number;
  now: number;
  urls: { github: string; azureDevOpsRelease: string; azureDevOpsBuild: string };
  caPem: string;
  access: SimAccess;
}

let now = 0;
let nextId = 0;
const wakers = new Map<number, () => void>();
const clock: Clock = {
  now: () => now,
  sleep: (ms) =>
    new Promise((resolve) => {
      const id = nextId++;
      wakers.set(id, resolve);
      process.send?.({ type: 'sleep', id, ms });
    }),
};

process.on('message', (message: { type: string; id?: number; now?: number; setup?: Setup }) => {
  if (typeof message.now === 'number') now = message.now;
  if (message.type === 'wake') {
    wakers.get(message.id as number)?.();
    wakers.delete(message.id as number);
  }
  if (message.type === 'start') void run(message.setup as Setup);
});

async function run(setup: Setup): Promise<void> {
  const { estate } = loadEstate(setup.config, {});
  let journal: Journal | undefined;
  try {
    journal = await openJournal({
      path: setup.journalPath,
      clock,
      env: {},
      ...(setup.schema ? { schema: setup.schema } : {}),
    });
    const providers = composeProviders(simProviderSettings(setup.access, clock));
    const result = await runDeployDay({
      ...deployDayRequest(estate, { env: setup.env, dryRun: false, clock, journal, providers }),
      lock: {
        waitMs: setup.waitMs ?? 0,
        ...(setup.holder ? { holder: setup.holder } : {}),
        onWait: (held) => process.send?.({ type: 'waiting', holder: held.holder }),
      },
    });
    process.send?.({
      type: 'done',
      runId: result.runId,
      outcomes: result.components.map((c) => c.outcome),
    });
  } catch (error) {
    const e = error as { code?: string; details?: unknown };
    process.send?.({
      type: 'error',
      code: e.code ?? null,
      exit: exitCodeFor(error),
      message: error instanceof Error ? error.message : String(error),
      details: e.details ?? null,
    });
  } finally {
    await journal?.close();
  }
}

process.send?.({ type: 'ready' });
