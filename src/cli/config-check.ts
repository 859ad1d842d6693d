import { Option, type Command } from 'commander';
import { runAction, type GlobalOptions } from './run-action.ts';

interface CheckOptions {
  config: string;
}

/** `pnd config check` and `pnd config schema`. */
export function registerConfigCommands(program: Command): void {
  const config = program.command('config').description('check pnd.yaml, or print its JSON Schema');

  config
    .command('check')
    .description('validate pnd.yaml and list every problem with file:line:col (exit 2 when invalid)')
    .addOption(
      new Option('-c, --config <file>', 'the estate configuration').env('PND_CONFIG').default('pnd.yaml'),
    )
    .action(
      runAction(async (options: CheckOptions, command: Command) => {
        const { checkConfig } = await import('./config-check-run.ts');
        return checkConfig(options.config, Boolean(command.optsWithGlobals<GlobalOptions>().json));
      }),
    );

  config
    .command('schema')
    .description('print the JSON Schema of pnd.yaml (for editors: yaml-language-server)')
    .action(
      runAction(async () => {
        const { renderJsonSchema } = await import('../config/json-schema.ts');
        process.stdout.write(renderJsonSchema());
      }),
    );
}
