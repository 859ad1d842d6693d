import { Option, type Command } from 'commander';
import { runAction, type GlobalOptions } from './run-action.ts';

export interface HistoryOptions {
  config: string;
  journal?: string;
  env?: string;
  component?: string;
  since?: string;
}

export interface ReportOptions {
  config: string;
  journal?: string;
  week?: string;
  markdown: boolean;
}

const configOption = () =>
  new Option('-c, --config <file>', 'the estate configuration (time zone, environments; optional)')
    .env('PND_CONFIG')
    .default('pnd.yaml');
const journalOption = () =>
  new Option('--journal <file|url>', 'the journal (a SQLite file or a postgres:// URL)').env('PND_JOURNAL');

/** `pnd history` and `pnd report`: what the journal says happened. Read-only. */
export function registerHistoryCommands(program: Command): void {
  program
    .command('history')
    .description('every deploy, verification, override, rejection, rollback and lock, from the journal')
    .addOption(configOption())
    .addOption(journalOption())
    .option('--env <id>', 'only this environment')
    .option('--component <id>', 'only this component')
    .option(
      '--since <date|duration>',
      'only since a date (2026-11-01, or an ISO time) or for a duration back (30d, 2w)',
    )
    .addHelpText(
      'after',
      `
Reads the journal, never writes. One line per event, oldest first: time (UTC), event, environment,
component, version, outcome, detail. On a terminal the detail is cut to fit its width. --json:
schema/history.schema.json. Definitions of the events: docs/history.md.

Exit codes: 0 read; 2 bad input (an unknown --env/--component in the config, a bad --since).

Examples:
  pnd history --since 30d
  pnd history --env production --component authentication --json`,
    )
    .action(
      runAction(async (options: HistoryOptions, command: Command) => {
        const { runHistory } = await import('./history-run.ts');
        return runHistory({ ...options, json: Boolean(command.optsWithGlobals<GlobalOptions>().json) });
      }),
    );
  program
    .command('report')
    .description(
      "the week's train and its delivery figures (deployment frequency, lead time, change failure rate, time to restore)",
    )
    .addOption(configOption())
    .addOption(journalOption())
    .option('--week <YYYY-Www>', "the ISO week (default: this week in the team's time zone)")
    .option('--markdown', 'Markdown for a comment on the weekly issue', false)
    .addHelpText(
      'after',
      `
Reads the journal, never writes. Per environment: what was deployed, failed, verified, blocked
and overridden that week; then the figures for the week and the 12 weeks ending with it.
Definitions (after DORA's four keys): docs/history.md. Weeks and "this week" are counted in the
config's calendar.timeZone (UTC without a config); lead time ends in the last environment of the
config's promotion order. --json: schema/report.schema.json.

Exit codes: 0 read; 2 bad input (a --week that is not an ISO week).

Examples:
  pnd report
  pnd report --week 2026-W48 --markdown | gh issue comment 123 --body-file -`,
    )
    .action(
      runAction(async (options: ReportOptions, command: Command) => {
        const { runReport } = await import('./history-run.ts');
        return runReport({ ...options, json: Boolean(command.optsWithGlobals<GlobalOptions>().json) });
      }),
    );
}
