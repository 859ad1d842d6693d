import { simProviderSettings } from '../../src/demo/sim-providers.ts';
import { renderInSandbox } from '../../src/template/sandbox.ts';
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
import { FAKE_TOKENS } from './fake-tokens.ts';
import { scanJournalWith } from './secrets-scan.ts';

/**
 * The seed estate's train on the simulator, in process: one virtual clock shared by pnd and the
 * simulator (auto-advancing, so polling and "grab a coffee" take no real time), the operator
 * Kari's tokens, and Ola's token to publish the audit log's draft (prevent self-review).
 */
export const EXAMPLE_CONFIG = 'examples/tilgangsinfo/pnd.yaml';
export const EXAMPLE_SCENARIO = 'examples/tilgangsinfo/scenario.yaml';

/** The example scenario's token names, as the harness replaces them: realistic shapes (fake-tokens.ts). */
const REALISTIC_TOKENS: Record<string, string> = {
  ghp_sim_oncall_kari: FAKE_TOKENS.githubPat,
  ghp_sim_ola_nordmann: FAKE_TOKENS.githubPatSecond,
  ghs_sim_workflow_token: FAKE_TOKENS.githubInstallation,
  'ado-pat-kari-oncall': FAKE_TOKENS.azureDevOpsPat,
  'ado-pat-ola-dev': FAKE_TOKENS.azureDevOpsPatSecond,
  'arm-token-pnd': FAKE_TOKENS.armToken,
  'k8s-token-platform-tt02-02-aks': FAKE_TOKENS.kubernetesToken,
  'k8s-token-platform-prod-01-aks': FAKE_TOKENS.kubernetesTokenSecond,
};

/** The scenario with every token it defines replaced by a realistic one (in place). */
export function withRealisticTokens<T>(value: T): T {
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') return REALISTIC_TOKENS[node] ?? node;
    if (Array.isArray(node)) return node.map(walk);
    if (node && typeof node === 'object') {
      for (const [key, item] of Object.entries(node)) (node as Record<string, unknown>)[key] = walk(item);
    }
    return node;
  };
  for (const key of ['github', 'azureDevOps', 'azure', 'kubernetes'] as const) {
    const part = (value as Record<string, unknown>)[key];
    if (part !== undefined) walk(part);
  }
  return value;
}

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
  withRealisticTokens(scenario);
  options.tweak?.(scenario);
  const clock = new VirtualClock(scenario.start, { autoAdvance: true });
  const sim = await start({ scenario, clock, warn: () => {} });
  const { estate } = loadEstate(EXAMPLE_CONFIG, {});
  const journalPath = options.journalPath ?? ':memory:';
  const journal = new SqliteJournal({ path: journalPath, clock });
  scanJournalWith(sim, journal, journalPath);
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
        render: memoizedRender,
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

/**
 * The sandboxed renderer, remembered per template and instant: each test (and each crash point of
 * the crash tests) creates the same weekly issue on its own simulator, and a render is a child
 * process (about 0.35 CPU-s). What the sandbox does is tested in src/template/sandbox.test.ts.
 */
const renders = new Map<string, ReturnType<typeof renderInSandbox>>();
const memoizedRender: typeof renderInSandbox = (text, options) => {
  const key = JSON.stringify([text, options.now, options.env, options.file]);
  let rendered = renders.get(key);
  if (!rendered) {
    rendered = renderInSandbox(text, options);
    // A failed render is not remembered: the next caller sees its own error.
    rendered.catch(() => renders.delete(key));
    renders.set(key, rendered);
  }
  return rendered;
};

/** Oslo is UTC+1 in late November and early December (the train's weeks in the tests). */
export function osloInstant(local: string): number {
  return Date.parse(`${local}:00+01:00`);
}
