import { Option, type Command } from 'commander';
import type { VerifyOptions } from './options.ts';
import { runAction, type GlobalOptions } from './run-action.ts';

const collect = (value: string, previous: string[]) => [...previous, value];

/** `pnd verify <env>`: the health checks, once, now. */
export function registerVerifyCommand(program: Command): void {
  program
    .command('verify')
    .description('run every component’s health checks in an environment now, with evidence')
    .argument('<env>', 'environment id from the config, e.g. staging or production')
    .addOption(
      new Option('-c, --config <file>', 'the estate configuration').env('PND_CONFIG').default('pnd.yaml'),
    )
    .option('--component <id>', 'only this component (repeatable)', collect, [])
    .option('--no-record', 'do not journal the verdicts (they feed the next environment’s soak policy)')
    .addOption(
      new Option('--journal <file|url>', 'the journal: a SQLite file or a postgres:// URL').env(
        'PND_JOURNAL',
      ),
    )
    .addHelpText(
      'after',
      `
Checks (docs/checks.md): kubernetes-workload (rollout status by kubectl's rules, and the pods:
CrashLoopBackOff, ImagePullBackOff, CreateContainerConfigError, OOMKilled, restarts), container-app
(latest revision ready, provisioned, healthy, running the expected image), function-app (the
active deployment succeeded). Each check reads the version that runs now and reports pass, fail
or pending, with what it read, when, and a portal link.

A pass or fail is journaled as that version's verification: production's soak policy accepts a
version whose Staging verification passed. No gate is touched; \`pnd post-deploy <env>\` does the
dwell and the post-deployment approval.

Exit codes: 0 every check passed; 1 a check failed; 3 a check is still pending (a rollout in
progress); 2 bad input; 4 a credential was refused.

Examples:
  pnd verify staging
  pnd verify production --component authentication --json`,
    )
    .action(
      runAction(async (env: string, options: Omit<VerifyOptions, 'json'>, command: Command) => {
        const { runVerify } = await import('./verify-run.ts');
        return runVerify(env, { ...options, json: Boolean(command.optsWithGlobals<GlobalOptions>().json) });
      }),
    );
}
