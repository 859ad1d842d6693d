import { Option, type Command } from 'commander';
import type { IssueCreateOptions } from './options.ts';
import { DEFAULT_COMMAND_TIMEOUT } from './waits.ts';
import { runAction, type GlobalOptions } from './run-action.ts';

/** `pnd issue ...`: the weekly checklist issue. */
export function registerIssueCommands(program: Command): void {
  const issue = program
    .command('issue')
    .description("the week's checklist issue (a drop-in for create-an-issue)");

  issue
    .command('render')
    .description('render an issue template exactly as the create-an-issue action would, with lints')
    .option('-t, --template <file>', 'the template (front matter + nunjucks)', '.github/ISSUE_TEMPLATE.md')
    .option('--date <instant>', 'render as of this ISO 8601 instant instead of now')
    .addHelpText(
      'after',
      `
Front matter: title (required), labels and assignees (a list, or text split on ", "),
milestone (a number); name and about are ignored; any other key is an error.
The title and body are nunjucks templates with autoescape off; the context has env, repo
(from GITHUB_REPOSITORY), date (epoch ms) and the Actions fields sha, ref, workflow, action,
actor, event and payload (from GITHUB_EVENT_PATH). The date filter is moment's format in UTC,
as create-an-issue's nunjucks-date-filter does (TZ has no effect), or a moment method call:
  {{ date | date('GGGG-[W]WW') }}        ISO week and its year: 2026-W48
  {{ date | date('add', 7, 'days') | date('dddd D MMMM') }}
Lints (warnings on stderr; the output never changes): ww is the US-locale week, not the ISO
week WW; a title without a year repeats every year; labels are not templated.
--json prints {title, body, labels, assignees, milestone} and nothing else on stdout.

Examples:
  pnd issue render --template .github/ISSUE_TEMPLATE/deploy-patch.md
  pnd issue render -t template.md --date 2027-01-04T06:00:00+01:00 --json`,
    )
    .action(
      runAction(async (options: { template: string; date?: string }, command: Command) => {
        const { runIssueRender } = await import('./issue-render-run.ts');
        return runIssueRender({ ...options, json: Boolean(command.optsWithGlobals<GlobalOptions>().json) });
      }),
    );

  issue
    .command('create')
    .description(
      "create this ISO week's issue exactly once, carry over last week's open items, put it on the board",
    )
    .addOption(
      new Option('-c, --config <file>', 'the estate configuration').env('PND_CONFIG').default('pnd.yaml'),
    )
    .option('-t, --template <file>', 'the issue template (default: `pnd template generate` for the estate)')
    .option(
      '--update-existing',
      "replace the body of this week's issue while nobody has ticked or edited it",
      false,
    )
    .option('--dry-run', 'read everything and show the plan; change nothing', false)
    .option('-y, --yes', 'act without asking (CI)', false)
    .option(
      '--timeout <duration>',
      "how long the command may wait on GitHub (a rate limit's Retry-After) before giving up, exit 5",
      DEFAULT_COMMAND_TIMEOUT,
    )
    .addOption(
      new Option(
        '--journal <file|url>',
        'the journal, read for the team locks the issue lists (pnd lock)',
      ).env('PND_JOURNAL'),
    )
    .addHelpText(
      'after',
      `
Below the template's body pnd adds "Locks and freezes this week": team locks in force (pnd lock)
and the week's freeze days (freezes, holidays in pnd.yaml), as plain lines, not checklist items.

The issue is identified by a hidden marker <!-- pnd:week=YYYY-Www team=NAME --> (the ISO week in
calendar.timeZone), never by its title: a rerun finds it and changes nothing, and last year's
issue with the same title is never reused. GITHUB_TOKEN must be set.

Exit codes: 0 created, updated or unchanged; 1 refused (a box is ticked or the issue was edited)
or failed; 2 bad input; 4 the token was refused; 5 a wait went past --timeout.

Examples:
  pnd issue create --dry-run
  pnd issue create --template .github/ISSUE_TEMPLATE/deploy-patch.md --yes --json`,
    )
    .action(
      runAction(async (options: Omit<IssueCreateOptions, 'json'>, command: Command) => {
        const { runIssueCreate } = await import('./issue-create-run.ts');
        return runIssueCreate({ ...options, json: Boolean(command.optsWithGlobals<GlobalOptions>().json) });
      }),
    );
}
