import type { Command } from 'commander';
import type { Section } from '../demo/gather.ts';
import { paint, printJson } from './output.ts';
import { EXAMPLE_CONFIG, EXAMPLE_SCENARIO } from './paths.ts';
import { runAction } from './run-action.ts';
import { renderTable } from './table.ts';

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('Walk the seed estate on the built-in simulator, with the same clients pnd uses for real.')
    .option('--config <file>', 'estate to walk', EXAMPLE_CONFIG)
    .option('--scenario <file>', 'simulator scenario that seeds it', EXAMPLE_SCENARIO)
    .addHelpText(
      'after',
      `
Nothing leaves this machine: the simulator runs in-process on 127.0.0.1 with its own CA and fake
tokens. The demo reads the weekly issues, the gates waiting in Azure DevOps and GitHub, the APIM
change feeds, what runs where, and the dependency-bot PRs; then it approves one TT02 release in
the simulator and lets the virtual clock run the deploy.`,
    )
    .action(
      runAction(async (options: { config: string; scenario: string }, command: Command) => {
        const json = Boolean(command.optsWithGlobals().json);
        const print = (section: Section) => {
          process.stdout.write(
            `\n${paint('bold', section.title)}\n${renderTable(section.header, section.rows)}\n`,
          );
          if (section.note) process.stdout.write(`${paint('dim', section.note)}\n`);
        };
        if (!json) process.stdout.write(`${paint('bold', 'pnd demo')} - the seed estate on the simulator\n`);
        const { runWalkthrough } = await import('../demo/walkthrough.ts');
        const result = await runWalkthrough({
          configFile: options.config,
          scenarioFile: options.scenario,
          onSection: json ? undefined : print,
        });
        if (json) printJson(result);
        else
          process.stdout.write(
            `\nDone. Run \`npx pnd sim\` to explore the simulator yourself (docs/simulator.md).\n`,
          );
      }),
    );
}
