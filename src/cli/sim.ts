import { join } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { PndError } from '../core/errors.ts';
import type { Simulator } from '../sim/simulator.ts';
import { paint } from './output.ts';
import { DEFAULT_MEMORY_TARGET_MIB, startMemoryBudget } from '../sim/memory-budget.ts';
import { EXAMPLE_SCENARIO, PACKAGE_ROOT } from './paths.ts';
import { runAction } from './run-action.ts';

/** Faster than this, one tick of the clock replays hours of scheduled state changes at once. */
const MAX_SPEED = 60_000;

interface SimOptions {
  scenario: string;
  port: number;
  speed: number;
  stateDir?: string;
  start: string;
  clientEnv?: string;
  githubLogin: 'token' | 'app';
  azureLogin: 'secret' | 'github-oidc';
  memoryTarget: number;
}

export function registerSimCommand(program: Command): void {
  program
    .command('sim')
    .description(
      'Run the estate simulator: GitHub, Azure DevOps, Azure Resource Manager and Kubernetes on one HTTPS port.',
    )
    .option('--scenario <file>', 'scenario YAML that seeds the estate', EXAMPLE_SCENARIO)
    .option('--port <n>', 'port on 127.0.0.1 (0 = any free port)', parsePort, 0)
    .option(
      '--speed <x>',
      'how fast virtual time runs: 1 = real time, 60 = a minute per second, 0 = only the control API moves it',
      parseSpeed,
      1,
    )
    .option('--state-dir <dir>', 'where to write ca.pem (default: a new temporary directory)')
    .option(
      '--start <time>',
      'virtual time at start: "now" (the wall clock, to the minute), "scenario" (its own start) or an ISO 8601 instant',
      'now',
    )
    // Not "--env-file": Node reads that flag even after the script name (nodejs/node#54232) and
    // would fail on the file before pnd starts.
    .option(
      '--client-env <file>',
      'write the variables a pnd process needs (endpoints, CA, tokens) to FILE, mode 0600; load with: set -a; . FILE; set +a',
    )
    .option(
      '--github-login <how>',
      'how the --client-env file logs in to GitHub: "token" (a person, GITHUB_TOKEN) or "app" (the scenario\'s GitHub App)',
      parseChoice('--github-login', ['token', 'app']),
      'token',
    )
    .option(
      '--azure-login <how>',
      'how the --client-env file logs in to Entra ID: "secret" (a client secret) or "github-oidc" (as a GitHub Actions job)',
      parseChoice('--azure-login', ['secret', 'github-oidc']),
      'secret',
    )
    .option(
      '--memory-target <MiB>',
      'memory the simulator may allocate (heap and malloc, not its program code) before it asks V8 to give back the pages V8 keeps for reuse; it rises by itself while the live data needs more (0 = V8 alone decides)',
      parseMemoryTarget,
      DEFAULT_MEMORY_TARGET_MIB,
    )
    .addHelpText(
      'after',
      `
Clients trust the simulator through its CA, never by turning TLS checks off:
  export NODE_EXTRA_CA_CERTS=<the CA file it prints>

The control API (advance the clock, inject faults, read the request log) is under /_sim;
see docs/simulator.md. The simulator listens on 127.0.0.1 only and serves until Ctrl-C.

Examples:
  pnd sim                                   the example estate, its week moved to this week
  pnd sim --start scenario                  the estate at the scenario's own start
  pnd sim --client-env sim.env              then: set -a; . sim.env; set +a; pnd status
  pnd sim --speed 0 --port 8443 --json      frozen time, fixed port, machine-readable start line
  curl --cacert <ca> -X POST <url>/_sim/clock -d '{"advance":"1d"}'`,
    )
    .action(
      runAction(async (options: SimOptions, command: Command) => {
        // First, before anything is printed: the simulator's memory settings only take effect
        // at process start, so this process is replaced by itself with them (same pid).
        const { execWithSimulatorSettings } = await import('../sim/process-settings.ts');
        execWithSimulatorSettings(join(PACKAGE_ROOT, 'bin', 'pnd.js'));
        const json = Boolean(command.optsWithGlobals().json);
        // Loaded here, not at start-up: other commands never pay for the simulator.
        const { loadScenario } = await import('../sim/scenario/load.ts');
        const { startSimulator } = await import('../sim/simulator.ts');
        const scenario = await loadScenario(options.scenario);
        const start = parseStart(options.start, scenario.start, Date.now());
        const sim = await startSimulator({
          scenario,
          start,
          port: options.port,
          stateDir: options.stateDir,
        }).catch((error: unknown) => {
          // The schema checks what it can; a reference only seeding can resolve (a project item
          // naming an issue that is not there) is still the scenario's mistake, not pnd's.
          if (error instanceof PndError) throw error;
          throw new PndError('input-invalid', 'The scenario cannot be set up.', {
            cause: error,
            details: {
              where: options.scenario,
              reason: error instanceof Error ? error.message : String(error),
              hint: 'Fix what the reason names; docs/scenario.md describes every key.',
            },
          });
        });
        if (options.clientEnv) {
          const { clientEnvironment, writeClientEnvFile } = await import('../sim/client-env.ts');
          await writeClientEnvFile(
            options.clientEnv,
            await clientEnvironment(sim, { github: options.githubLogin, azure: options.azureLogin }),
          ).catch((cause: unknown) => {
            throw new PndError('input-invalid', 'The simulator cannot write the environment file.', {
              cause,
              details: {
                where: options.clientEnv,
                reason: cause instanceof Error ? cause.message : String(cause),
                hint: 'Give --client-env a path in a directory you can write to.',
              },
            });
          });
        }
        // One line, so a script can read the start line and go on reading the process's output.
        if (json) {
          const ready = {
            url: sim.url,
            urls: sim.urls,
            caFile: sim.caFile,
            ...(options.clientEnv ? { clientEnv: options.clientEnv } : {}),
            now: sim.world.nowIso(),
            scenario: scenario.name,
          };
          process.stdout.write(`${JSON.stringify(ready)}\n`);
        } else printBanner(sim, options.clientEnv);
        const budget = startMemoryBudget({
          targetBytes: options.memoryTarget * MIB,
          onRaised: (working, after) =>
            process.stderr.write(
              `simulator: ${mib(after)} MiB are still allocated after a full collection; collecting again above ${mib(working)} MiB (--memory-target ${options.memoryTarget})\n`,
            ),
        });
        const { LATEST_INSTANT } = await import('../sim/limits.ts');
        const ticker = options.speed > 0 ? runClock(sim, options.speed, LATEST_INSTANT) : undefined;
        await waitForSignal();
        if (ticker) clearInterval(ticker);
        budget?.stop();
        await sim.stop();
        if (!json) process.stderr.write('simulator stopped\n');
      }),
    );
}

function printBanner(sim: Simulator, envFile: string | undefined): void {
  const row = (label: string, value: string) => `  ${label.padEnd(22)} ${value}`;
  const lines = [
    `${paint('bold', 'pnd estate simulator')} - scenario ${sim.scenario.name}, virtual time ${sim.world.nowIso()}`,
    row('GitHub REST', sim.urls.github),
    row('GitHub GraphQL', sim.urls.githubGraphql),
    row('Azure DevOps release', sim.urls.azureDevOpsRelease),
    row('Azure DevOps build', sim.urls.azureDevOpsBuild),
    row('Azure Resource Manager', sim.urls.arm),
    ...Object.entries(sim.urls.kubernetes).map(([name, url]) => row(`Kubernetes ${name}`, url)),
    row('Control API', sim.urls.control),
    row('CA certificate', sim.caFile),
    '',
    envFile
      ? `Clients: set -a; . ${envFile}; set +a   (endpoints, CA and tokens; the tokens are only in the file)`
      : `Trust it: export NODE_EXTRA_CA_CERTS=${sim.caFile}   (--client-env FILE writes every variable a client needs)`,
    'Serving until Ctrl-C.',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** Moves virtual time along with wall time, `speed` times as fast. */
function runClock(sim: Simulator, speed: number, latest: number): NodeJS.Timeout {
  let last = Date.now();
  return setInterval(() => {
    const now = Date.now();
    // The clock stops at the last instant vendors can write rather than break every answer.
    sim.clock.set(Math.min(latest, Math.max(sim.clock.now(), sim.clock.now() + (now - last) * speed)));
    last = now;
  }, 100);
}

function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
  });
}

const MINUTE = 60_000;
const MIB = 1_048_576;
const mib = (bytes: number) => Math.round(bytes / MIB);

function parseMemoryTarget(value: string): number {
  const target = Number(value);
  if (!Number.isInteger(target) || target < 0 || target > 1_048_576)
    throw new InvalidArgumentError('A memory target is a whole number of MiB (0 turns it off).');
  return target;
}

/** The clock start `--start` names: now (to the minute), the scenario's own start, or an instant. */
export function parseStart(value: string, scenarioStart: string, now: number): number {
  if (value === 'now') return Math.floor(now / MINUTE) * MINUTE;
  if (value === 'scenario') return Date.parse(scenarioStart);
  const instant = /^\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(instant))
    throw new PndError('input-invalid', 'The simulator start is not a time.', {
      details: {
        where: '--start',
        value,
        hint: 'Give "now", "scenario" or an ISO 8601 instant such as 2026-11-23T05:00:00+01:00.',
      },
    });
  return instant;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidArgumentError('A port is a whole number from 0 to 65535.');
  }
  return port;
}

function parseSpeed(value: string): number {
  const speed = Number(value);
  if (!Number.isFinite(speed) || speed < 0 || speed > MAX_SPEED)
    throw new InvalidArgumentError(`Speed is a number from 0 to ${MAX_SPEED} (a week in about 10 seconds).`);
  return speed;
}

function parseChoice<T extends string>(option: string, choices: readonly T[]): (value: string) => T {
  return (value) => {
    if ((choices as readonly string[]).includes(value)) return value as T;
    throw new InvalidArgumentError(`${option} is one of: ${choices.join(', ')}.`);
  };
}
