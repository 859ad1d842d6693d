// A `pnd deploy` run in its own process for the crash test: the same engine and providers as the
// CLI, with the simulator's virtual clock bridged over IPC (the parent owns the clock), so the
// parent can SIGKILL it at a precise request and start it again.
import { simProviderSettings } from '../../src/demo/sim-providers.ts';
import type { SimAccess } from '../../src/demo/sim-access.ts';
import { deployDayRequest } from '../../src/train/deploy/request.ts';
import { loadEstate } from '../../src/config/load.ts';
import type { Clock } from '../../src/core/clock.ts';
import { SqliteJournal } from '../../src/journal/index.ts';
import { composeProviders } from '../../src/app/compose.ts';
import { runDeployDay } from '../../src/train/deploy/deploy-day.ts';

interface Setup {
  config: string;
  env: string;
  journalPath: string;
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
  const journal = new SqliteJournal({ path: setup.journalPath, clock });
  const providers = composeProviders(simProviderSettings(setup.access, clock));
  try {
    const result = await runDeployDay(
      deployDayRequest(estate, { env: setup.env, dryRun: false, clock, journal, providers }),
    );
    process.send?.({ type: 'done', outcomes: result.components.map((c) => c.outcome) });
  } catch (error) {
    process.send?.({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  } finally {
    await journal.close();
  }
}

process.send?.({ type: 'ready' });
