import { Option, type Command } from 'commander';

import { runAction, type GlobalOptions } from './run-action.ts';

/** `pnd template ...`: the issue template the weekly issue is rendered from. */
export function registerTemplateCommands(program: Command): void {
  const template = program.command('template').description('the weekly issue template');

  template
    .command('generate')
    .description(
      'write a create-an-issue template for the estate, with step markers on the lines pnd can run',
    )
    .addOption(
      new Option('-c, --config <file>', 'the estate configuration').env('PND_CONFIG').default('pnd.yaml'),
    )
    .option('-o, --output <file>', 'write the template to this file instead of standard output')
    .addHelpText(
      'after',
      `
The template has a section per train day in week order: per deploy day the deploy, change feed check,
coffee and post-deploy lines of each component; on patch day a line per repository. Lines pnd can
run end in a hidden marker, e.g. <!-- pnd:step id=deploy.authentication.production -->; the
others stay manual. The title uses the ISO week and year (GGGG [W]WW).

Examples:
  pnd template generate --config pnd.yaml --output .github/ISSUE_TEMPLATE/deploy-patch.md
  pnd template generate --json | jq -r '.steps[]'`,
    )
    .action(
      runAction(async (options: { config: string; output?: string }, command: Command) => {
        const { runTemplateGenerate } = await import('./template-generate-run.ts');
        return runTemplateGenerate({
          ...options,
          json: Boolean(command.optsWithGlobals<GlobalOptions>().json),
        });
      }),
    );
}
