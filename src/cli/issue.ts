import type { Command } from 'commander';
import { runAction, type GlobalOptions } from './run-action.ts';

export interface IssueRenderOptions {
  template: string;
  date?: string;
  json: boolean;
}

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
}
