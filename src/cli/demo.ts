import type { Command } from 'commander';
import { paint, printJson } from './output.ts';
import { EXAMPLE_CONFIG, EXAMPLE_SCENARIO } from './paths.ts';
import { runAction } from './run-action.ts';

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('Play a week of the seed team’s train on the built-in simulator, with pnd’s real engine.')
    .option('--config <file>', 'the estate', EXAMPLE_CONFIG)
    .option('--scenario <file>', 'simulator scenario that seeds it', EXAMPLE_SCENARIO)
    .addHelpText(
      'after',
      `
Nothing leaves this machine and no token is needed: the simulator of GitHub, Azure DevOps, Azure
and Kubernetes runs in-process on 127.0.0.1 with its own CA and the scenario's fake tokens, on a
virtual clock that pnd shares, so a week takes seconds. The week:
  Monday 05:00     the weekly issue is created (pnd issue create)
  Wednesday 09:00  TT02: gates opened, deploys watched, checks through the dwell, post-deploy
                   approvals given, lines ticked, evidence commented (pnd deploy tt02)
  Thursday 07:30   patch day: bot PRs triaged, the safe ones merged (pnd deps --merge-safe)
  next Monday      the new week's issue; a hotfix of Authentication reaches TT02 by hand
  Tuesday 09:00    production: what soaked since Wednesday is promoted; Authentication is
                   blocked by the soak policy, because TT02 runs the hotfix now
At the end, the weekly issues as a person sees them. --json: the outcome per day and component.`,
    )
    .action(
      runAction(async (options: { config: string; scenario: string }, command: Command) => {
        const json = Boolean(command.optsWithGlobals().json);
        const { playWeek } = await import('../demo/week.ts');
        const { renderDay, renderIssue, renderSummary } = await import('../demo/narrative.ts');
        const { loadEstate } = await import('../config/load.ts');
        const timeZone = loadEstate(options.config, {}).estate.calendar.timeZone;
        const style = (s: Parameters<typeof paint>[0], text: string) => paint(s, text);
        if (!json)
          process.stdout.write(
            `${paint('bold', 'pnd demo')} — a week of the train of team tilgangsinfo, on the simulator\n`,
          );
        const week = await playWeek({
          configFile: options.config,
          scenarioFile: options.scenario,
          ...(json ? {} : { onDay: (day) => process.stdout.write(`${renderDay(day, style, timeZone)}\n`) }),
        });
        if (json) {
          printJson(week);
          return;
        }
        process.stdout.write(`\n${paint('bold', 'The weekly issues, as the team sees them on GitHub')}\n`);
        for (const issue of week.issues) process.stdout.write(`${renderIssue(issue, style)}\n`);
        process.stdout.write(`${renderSummary(week, style)}\n`);
      }),
    );
}
