import { Option, type Command } from 'commander';
import { runAction, type GlobalOptions } from './run-action.ts';

const collect = (value: string, previous: string[]) => [...previous, value];

/** `pnd post-deploy <env>`: dwell and the post-deployment gate, for what runs there now. */
export function registerPostDeployCommand(program: Command): void {
  program
    .command('post-deploy')
    .description(
      'verify what runs in an environment through the dwell, then give the post-deployment approval',
    )
    .argument('<env>', 'environment id from the config, e.g. staging or production')
    .addOption(
      new Option('-c, --config <file>', 'the estate configuration').env('PND_CONFIG').default('pnd.yaml'),
    )
    .option('--component <id>', 'only this component (repeatable)', collect, [])
    .option('--dry-run', 'read everything and print the plan; change nothing', false)
    .option('-y, --yes', 'act without asking (CI)', false)
    .option('--reject-on-fail', 'reject the post-deployment approval when verification fails', false)
    .option(
      '--timeout <duration>',
      'how long the command may wait (checks, rate limits) before giving up',
      '2h',
    )
    .addOption(
      new Option('--journal <file|url>', 'the journal: a SQLite file or a postgres:// URL').env(
        'PND_JOURNAL',
      ),
    )
    .addHelpText(
      'after',
      `
The second half of a deploy day, on its own (for a deploy a person made, or after
\`pnd deploy --until deployed\`): the checks of every component run until they pass and keep
passing for the environment's dwell; then the Azure DevOps post-deployment approval is given
with the evidence, or withheld on a failure (--reject-on-fail rejects it). GitHub environments
have no post-deployment gate: the verdict is journaled and written to the issue.

Exit codes: 0 verified; 1 a verification failed; 2 bad input; 4 a credential was refused or
is missing; 5 a wait went past --timeout; 6 another run is acting on the environment.`,
    )
    .action(
      runAction(
        async (
          env: string,
          options: {
            config: string;
            journal?: string;
            component: string[];
            dryRun: boolean;
            yes: boolean;
            rejectOnFail: boolean;
            timeout: string;
          },
          command: Command,
        ) => {
          const { runDeploy } = await import('./deploy-run.ts');
          return runDeploy(env, {
            ...options,
            json: Boolean(command.optsWithGlobals<GlobalOptions>().json),
            until: 'post-deployed',
            postDeployOnly: true,
          });
        },
      ),
    );
}
