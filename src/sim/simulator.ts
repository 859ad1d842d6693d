import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VirtualClock } from '../core/clock.ts';
import { parseDuration } from '../core/duration.ts';
import { PndError } from '../core/errors.ts';
import { createArmSim } from './arm/index.ts';
import { createAzureDevOpsSim } from './azure-devops/index.ts';
import { createControl } from './control.ts';
import { createEntraSim } from './entra/index.ts';
import { FaultTable } from './faults.ts';
import { createGitHubSim } from './github/index.ts';
import type { Apps } from './github/state/apps.ts';
import { createKubernetesSim } from './kubernetes/index.ts';
import type { Mount } from './mount.ts';
import { PREFIX } from './prefixes.ts';
import { RequestLog, type Problem } from './request-log.ts';
import type { Scenario } from './scenario/schema.ts';
import { resolveInstant, weeklyAnchor } from './scenario/instant.ts';
import { Scheduler } from './scheduler.ts';
import { SimServer, type Interceptor } from './server.ts';
import { loadSpecValidator } from './spec/index.ts';
import type { SpecValidator } from './spec/index.ts';
import { generateTls } from './tls.ts';
import { World } from './world.ts';
import type { EntraDirectory } from './entra/directory.ts';

export interface SimulatorOptions {
  scenario: Scenario;
  /** Share a clock with pnd when both run in one process; default: a new one at scenario.start. */
  clock?: VirtualClock;
  /**
   * Where a new clock starts (epoch ms); default the scenario's `start`, which every in-process
   * test relies on. `pnd sim` passes the wall clock. The estate is seeded at the scenario start
   * moved by whole weeks to the latest one not after this instant (weeklyAnchor), then the clock
   * runs on to it, so what the scenario schedules in between has happened.
   */
  start?: number;
  port?: number;
  host?: string;
  /** Where to write ca.pem; default a new temporary directory. */
  stateDir?: string;
  /** Loud messages (unknown routes, spec drift); default stderr. */
  warn?: (message: string) => void;
  validator?: SpecValidator;
  /**
   * Spec validation of every request and response. Always on, except for the benchmark's
   * baseline run that measures what validation costs.
   */
  validate?: boolean;
}

export interface SimulatorUrls {
  github: string;
  githubGraphql: string;
  azureDevOpsRelease: string;
  azureDevOpsBuild: string;
  arm: string;
  /** Entra ID's authority host (AZURE_AUTHORITY_HOST). */
  entra: string;
  /** GitHub Actions' ID token request URL (ACTIONS_ID_TOKEN_REQUEST_URL). */
  actionsIdToken: string;
  /** Kubernetes API server URL per cluster name in the scenario. */
  kubernetes: Record<string, string>;
  control: string;
}

export interface Simulator {
  url: string;
  urls: SimulatorUrls;
  caPem: string;
  caFile: string;
  clock: VirtualClock;
  world: World;
  /** The simulated Entra ID tenant: its applications and the tokens it issued. */
  entra: EntraDirectory;
  log: RequestLog;
  faults: FaultTable;
  scenario: Scenario;
  /** Where ca.pem (and a GitHub App's private key, gitHubAppClientEnv) are written. */
  stateDir: string;
  /** The scenario's GitHub Apps, with the key pairs the simulator made for them. */
  gitHubApps: Apps;
  /** Problems seen so far: spec drift, invalid requests, unknown routes. */
  problems(): Problem[];
  stop(): Promise<void>;
  /** Test hook: hold requests before or after handling (crash tests). Unset: every request flows. */
  intercept: Interceptor | undefined;
  /**
   * Bench hook: while false, requests and answers are not validated against the vendor specs. A
   * benchmark validates its warm-up run and times the others without: the simulator is one thread,
   * and validating large answers one after another would be timed as the client's round trips.
   */
  validating: boolean;
}

/** Starts the estate simulator on 127.0.0.1 (port 0 = any free port). */
export async function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  const { scenario } = options;
  const scenarioStart = Date.parse(scenario.start);
  const start = options.start ?? scenarioStart;
  const anchor = options.clock ? options.clock.now() : weeklyAnchor(scenarioStart, start);
  const clock = options.clock ?? new VirtualClock(anchor);
  const scheduler = new Scheduler(clock);
  const world = new World(clock, scheduler);
  const log = new RequestLog();
  const faults = new FaultTable(scenario.seed ?? 1);
  for (const rule of scenario.faults ?? []) faults.add(rule);

  // Runtime estates first: the deployers call into them.
  // Entra first: ARM, Azure DevOps and the API servers accept the tokens it issues.
  const entra = createEntraSim(world, scenario.entra);
  const kubernetes = createKubernetesSim(world, scenario.kubernetes, entra.directory);
  const arm = createArmSim(world, scenario.azure, entra.directory);
  const warn = options.warn ?? ((message: string) => process.stderr.write(`${message}\n`));
  const ado = createAzureDevOpsSim(world, scenario.azureDevOps, entra.directory);
  const github = createGitHubSim(world, scenario.github, { warn });
  const mounts: Mount[] = [
    ...github.mounts,
    ...ado.mounts,
    ...arm.mounts,
    ...kubernetes.mounts,
    ...entra.mounts,
  ];

  scheduleTimeline(world, scenario, anchor);
  if (!options.clock && start > anchor) clock.set(start);

  const tls = await generateTls();
  const stateDir = options.stateDir ?? (await mkdtemp(join(tmpdir(), 'pnd-sim-')));
  const caFile = join(stateDir, 'ca.pem');
  try {
    // A state directory that does not exist yet is made, as `mkdir -p` would.
    await mkdir(stateDir, { recursive: true });
    await writeFile(caFile, tls.caPem);
  } catch (cause) {
    throw new PndError(
      'input-invalid',
      'The simulator cannot write its CA certificate to the state directory.',
      {
        cause,
        details: {
          where: stateDir,
          reason: cause instanceof Error ? cause.message : String(cause),
          hint: 'Give --state-dir a directory you can write to, or leave it out for a temporary one.',
        },
      },
    );
  }

  const server = new SimServer({
    tls,
    mounts,
    log,
    faults,
    validator: options.validate === false ? undefined : (options.validator ?? loadSpecValidator()),
    now: () => clock.now(),
    control: createControl({ clock, scheduler, world, log, faults }),
    warn,
    intercept: () => simulator.intercept,
    validating: () => simulator.validating,
  });
  const url = await server.listen(options.port ?? 0, options.host ?? '127.0.0.1');

  const clusters = Object.fromEntries(
    kubernetesClusterNames(scenario).map((name) => [
      name,
      `${url}${PREFIX.kubernetes}/${encodeURIComponent(name)}`,
    ]),
  );
  const simulator: Simulator = {
    url,
    intercept: undefined,
    validating: true,
    urls: {
      github: url + PREFIX.github,
      githubGraphql: url + PREFIX.githubGraphql,
      azureDevOpsRelease: url + PREFIX.azureDevOpsRelease,
      azureDevOpsBuild: url + PREFIX.azureDevOpsBuild,
      arm: url + PREFIX.arm,
      entra: url + PREFIX.entra,
      actionsIdToken: `${url}${PREFIX.actionsOidc}/idtoken?api-version=2.0`,
      kubernetes: clusters,
      control: `${url}/_sim`,
    },
    caPem: tls.caPem,
    caFile,
    clock,
    world,
    entra: entra.directory,
    log,
    faults,
    scenario,
    stateDir,
    gitHubApps: github.store.apps,
    problems: () => log.problems(),
    stop: () => server.close(),
  };
  return simulator;
}

/** Timeline events are checked by name now, so a typo fails at start and not days later. */
function scheduleTimeline(world: World, scenario: Scenario, start: number): void {
  const known = new Set(world.eventNames().map((e) => e.name));
  for (const [index, entry] of (scenario.timeline ?? []).entries()) {
    if (!known.has(entry.event)) {
      throw new PndError('input-invalid', 'The scenario timeline names an unknown event.', {
        details: {
          where: `timeline[${index}].event`,
          event: entry.event,
          hint: `Use one of: ${[...known].sort().join(', ')}.`,
        },
      });
    }
    const at = entry.at ? resolveInstant(entry.at, start) : start + (parseDuration(entry.after ?? '0s') ?? 0);
    world.scheduler.at(at, `timeline: ${entry.event}`, () => world.fire(entry.event, entry.args ?? {}));
  }
}

function kubernetesClusterNames(scenario: Scenario): string[] {
  const section = scenario.kubernetes as { clusters?: { name: string }[] } | undefined;
  return (section?.clusters ?? []).map((c) => c.name);
}
