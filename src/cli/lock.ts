import { Option, type Command } from 'commander';
import { runAction, type GlobalOptions } from './run-action.ts';

export interface LockCommandOptions {
  config: string;
  journal?: string;
  component?: string;
  reason?: string;
  until?: string;
  dryRun: boolean;
  json: boolean;
}

function common(command: Command): Command {
  return command
    .addOption(
      new Option('-c, --config <file>', 'the estate configuration').env('PND_CONFIG').default('pnd.yaml'),
    )
    .option('--component <id>', 'only this component of the environment')
    .option('--dry-run', 'say what would be recorded; write nothing', false)
    .addOption(
      new Option('--journal <file|url>', 'the journal: a SQLite file or a postgres:// URL').env(
        'PND_JOURNAL',
      ),
    );
}

/** `pnd lock` and `pnd unlock`: a person holding an environment (or a component) out of the train. */
export function registerLockCommands(program: Command): void {
  common(
    program
      .command('lock')
      .description('hold an environment (or one component) out of `pnd deploy`, with a reason')
      .argument('<env>', 'environment id from the config'),
  )
    .requiredOption('--reason <text>', 'why; shown to whoever tries to deploy')
    .option(
      '--until <time>',
      'lapses by itself then: an ISO time (2026-12-24T12:00:00+01:00) or a duration (2d)',
    )
    .addHelpText(
      'after',
      `
The lock is recorded in the journal with who took it — the GitHub login of GITHUB_TOKEN, or, when
the credential has no login (a GitHub App installation token) or there is none, PND_ACTOR, then
GITHUB_ACTOR, then the operating-system user — and when. Nothing is written to any vendor.
\`pnd deploy\` refuses a locked environment with the reason and author (exit 7) and skips a locked
component, unless --override REASON is given (recorded). \`pnd status\` shows the lock.
A team's journal must be shared (journal.url) for a lock to hold for everyone.

Exit codes: 0 recorded (or, with --dry-run, would be); 2 bad input (unknown environment or
component, --until not a time or in the past); 4 the GitHub credential was refused.

Examples:
  pnd lock production --reason "database migration, ask kari" --until 2d
  pnd lock staging --component payments --reason "broken test data" --until 2026-12-10T16:00:00+01:00`,
    )
    .action(
      runAction(async (env: string, options: Omit<LockCommandOptions, 'json'>, command: Command) => {
        const { runLock } = await import('./lock-run.ts');
        return runLock(env, { ...options, json: Boolean(command.optsWithGlobals<GlobalOptions>().json) });
      }),
    );

  common(
    program
      .command('unlock')
      .description('release the lock `pnd lock` put on an environment (or one component)')
      .argument('<env>', 'environment id from the config'),
  )
    .addHelpText(
      'after',
      `
Releases the active locks of the environment (with --component: of that component; without it:
the environment-wide ones), recording who released them and when; the lock stays in the journal's
history. Anyone may release a lock: the record says who did.

Exit codes: 0 released, or nothing was locked; 2 bad input; 4 the GitHub credential was refused.

Examples:
  pnd unlock production
  pnd unlock staging --component payments`,
    )
    .action(
      runAction(async (env: string, options: Omit<LockCommandOptions, 'json'>, command: Command) => {
        const { runUnlock } = await import('./lock-run.ts');
        return runUnlock(env, { ...options, json: Boolean(command.optsWithGlobals<GlobalOptions>().json) });
      }),
    );
}
