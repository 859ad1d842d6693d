import { simProviderSettings } from '../../src/demo/sim-providers.ts';
import { simAccess } from '../../src/demo/sim-access.ts';
import { runWeeklyIssueJob } from '../../src/app/weekly-issue-job.ts';
import { deployDayRequest, type DeployJobOptions } from '../../src/train/deploy/request.ts';
import { generateTemplate } from '../../src/checklist/template-generate.ts';
import { loadEstate } from '../../src/config/load.ts';
import type { Estate } from '../../src/config/schema.ts';
import { VirtualClock } from '../../src/core/clock.ts';
import { SqliteJournal, type Journal } from '../../src/journal/index.ts';
import type { ProviderContext } from '../../src/providers/registry.ts';
import { composeProviders } from '../../src/app/compose.ts';
import { loadScenario } from '../../src/sim/scenario/load.ts';
import type { Scenario } from '../../src/sim/scenario/schema.ts';
import type { Simulator, SimulatorOptions } from '../../src/sim/simulator.ts';
import { runDeployDay } from '../../src/train/deploy/deploy-day.ts';
import type { DeployDayRequest, DeployDayResult } from '../../src/train/deploy/model.ts';

/**
 * The seed estate's train on the simulator, in process: one virtual clock shared by pnd and the
 * simulator (auto-advancing, so polling and "grab a coffee" take no real time), the operator
 * Kari's tokens, and Ola's token to publish the audit log's draft (prevent self-review).
 */
export const EXAMPLE_CONFIG = 'examples/tilgangsinfo/pnd.yaml';
export const EXAMPLE_SCENARIO = 'examples/tilgangsinfo/scenario.yaml';

export interface Train {
  sim: Simulator;
  clock: VirtualClock;
  estate: Estate;
  journal: Journal;
  journalPath: string;
  providers: () => ProviderContext;
  /** Moves the virtual clock to an Oslo wall-clock time, e.g. '2026-11-25T09:00'. */
  at: (osloLocal: string) => void;
  createWeeklyIssue: () => Promise<number>;
  deploy: (
    options: Partial<DeployJobOptions> & { env: string },
    extra?: Partial<DeployDayRequest>,
  ) => Promise<DeployDayResult>;
}

export async function startTrain(
  start: (options: SimulatorOptions) => Promise<Simulator>,
  options: { scenario?: Scenario; journalPath?: string; tweak?: (scenario: Scenario) => void } = {},
): Promise<Train> {
  const scenario = options.scenario ?? (await loadScenario(EXAMPLE_SCENARIO));
  options.tweak?.(scenario);
  const clock = new VirtualClock(scenario.start, { autoAdvance: true });
  const sim = await start({ scenario, clock, warn: () => {} });
  const { estate } = loadEstate(EXAMPLE_CONFIG, {});
  const journalPath = options.journalPath ?? ':memory:';
  const journal = new SqliteJournal({ path: journalPath, clock });
  const providers = () => composeProviders(simProviderSettings(simAccess(sim), clock));
  return {
    sim,
    clock,
    estate,
    journal,
    journalPath,
    providers,
    at: (osloLocal) => clock.set(osloInstant(osloLocal)),
    createWeeklyIssue: async () => {
      const result = await runWeeklyIssueJob({
        team: estate.team.name,
        repo: { owner: 'Altinn', repo: 'altinn-authorization' },
        teamLabels: estate.team.labels,
        timeZone: estate.calendar.timeZone,
        template: { text: generateTemplate(estate).text, file: 'generated' },
        now: clock.now(),
        env: {},
        closeLastWeek: false,
        updateExisting: false,
        dryRun: false,
        github: providers().github,
      });
      return result.number as number;
    },
    deploy: (deployOptions, extra = {}) =>
      runDeployDay({
        ...deployDayRequest(estate, {
          dryRun: false,
          clock,
          journal,
          providers: providers(),
          ...deployOptions,
        }),
        ...extra,
      }),
  };
}

/** Oslo is UTC+1 in late November and early December (the train's weeks in the tests). */
export function osloInstant(local: string): number {
  return Date.parse(`${local}:00+01:00`);
}
