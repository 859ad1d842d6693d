import { Option, type Command } from 'commander';
import type { StatusOptions } from './options.ts';
import { runAction, type GlobalOptions } from './run-action.ts';

/** `pnd status`: where the week's train stands, read-only. */
export function registerStatusCommand(program: Command): void {
  program
    .command('status')
    .description(
      'where the train stands: per component and environment, the gates, soak, verification, change feeds, patch day',
    )
    .addOption(
      new Option('-c, --config <file>', 'the estate configuration').env('PND_CONFIG').default('pnd.yaml'),
    )
    .option('--env <id>', 'only this environment (e.g. production)')
    .option('-w, --watch', 'refresh in place until Ctrl-C', false)
    .option('--interval <duration>', 'time between refreshes with --watch', '30s')
    .addOption(
      new Option(
        '--journal <file|url>',
        'the journal (a SQLite file or a postgres:// URL), read for verifications',
      ).env('PND_JOURNAL'),
    )
    .addHelpText(
      'after',
      `
Reads, never writes: for each component and environment the version running and the version
waiting at the pre-deploy gate (with the soak policy's verdict, as \`pnd deploy\` would judge it),
the pre- and post-deploy gate states, the soak clock ("in Staging 4d 2h of 6d"), the last
verification on record and its time; the change feeds; patch day's bot pull requests that
need a human, per repository; this week's issue (n of m steps ticked) and what the calendar says
is due today.

--watch reads again every --interval (at least 1s). GitHub reads are conditional (ETags): an
unchanged refresh is answered with 304s that cost no rate limit. GraphQL has no conditional
form: the GitHub deployers' releases and deployments are read again only when conditional REST
probes show a change, and patch day's pull requests at most every 15 minutes. With --json, --watch prints
one JSON document per line (NDJSON). --json: schema/status.schema.json, docs/status.md.

Credentials: GITHUB_TOKEN (read), AZURE_DEVOPS_TOKEN (Release and Build read).

A part that cannot be read (an API down, a refused credential) is reported under "Could not
read" (--json: problems) and the rest is shown.

Exit codes: 0 all read; 1 some part could not be read; 2 bad input; 4 a credential was
refused (for any part).

Examples:
  pnd status
  pnd status --env production --json
  pnd status --watch --interval 1m`,
    )
    .action(
      runAction(async (options: Omit<StatusOptions, 'json'>, command: Command) => {
        const { runStatus } = await import('./status-run.ts');
        return runStatus({ ...options, json: Boolean(command.optsWithGlobals<GlobalOptions>().json) });
      }),
    );
}
