import { Option, type Command } from 'commander';
import type { DepsOptions } from './options.ts';
import { DEFAULT_COMMAND_TIMEOUT } from './waits.ts';
import { runAction, type GlobalOptions } from './run-action.ts';

/** `pnd deps`: patch day, the dependency bots' pull requests across the team's repositories. */
export function registerDepsCommand(program: Command): void {
  program
    .command('deps')
    .description(
      'patch day: every dependency-bot PR in one view, triaged; --merge-safe merges what the policy allows',
    )
    .addOption(
      new Option('-c, --config <file>', 'the estate configuration').env('PND_CONFIG').default('pnd.yaml'),
    )
    .option(
      '--repo <owner/name>',
      'only this repository (repeatable; default: patchDay.repositories)',
      (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
    )
    .option(
      '--merge-safe',
      'approve and merge the pull requests the merge policy allows, then update the weekly issue',
      false,
    )
    .option('--dry-run', 'read everything and show what --merge-safe would do; change nothing', false)
    .option('-y, --yes', 'act without asking (CI)', false)
    .option(
      '--wait <duration>',
      'with --merge-safe, when another patch-day run is acting, wait this long for it (default: exit 6 at once)',
      '0s',
    )
    .option(
      '--timeout <duration>',
      "how long the command may wait on GitHub (a rate limit's Retry-After) before giving up, exit 5",
      DEFAULT_COMMAND_TIMEOUT,
    )
    .addOption(
      new Option(
        '--journal <file|url>',
        'the journal (a SQLite file or a postgres:// URL) that records every write',
      ).env('PND_JOURNAL'),
    )
    .addHelpText(
      'after',
      `
Reads the open pull requests of patchDay.bots in patchDay.repositories (GraphQL, up to 100
repositories a request) and prints, per repository, what needs a human first (red CI, security
fixes, major updates, conflicts), then the rest with whether the merge policy allows merging it.
Without --merge-safe nothing is written. With it: the plan, one confirmation (--yes in CI), then
one pull request at a time (re-read first; merged only at the commit the plan judged), and on
this week's issue the repositories whose bot PRs need no human ticked and one summary comment.
GITHUB_TOKEN must be set. --json fields: docs/patch-day.md.

One patch-day run acts at a time per journal (team-wide, whatever --repo says): a second
--merge-safe run exits 6 naming the holder, or with --wait DURATION waits and then plans from
what the first left.

Exit codes: 0 done; 1 a merge was refused or failed, or the journal failed; 2 bad input; 4 the
token was refused; 5 a wait went past --timeout; 6 another patch-day run is acting (its holder and since when are printed).

Examples:
  pnd deps
  pnd deps --repo Altinn/altinn-authentication --json
  pnd deps --merge-safe --dry-run
  pnd deps --merge-safe --yes`,
    )
    .action(
      runAction(async (options: Omit<DepsOptions, 'json'>, command: Command) => {
        const { runDeps } = await import('./deps-run.ts');
        return runDeps({ ...options, json: Boolean(command.optsWithGlobals<GlobalOptions>().json) });
      }),
    );
}
