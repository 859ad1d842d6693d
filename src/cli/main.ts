import { Command, CommanderError } from 'commander';
import { EXIT } from '../core/errors.ts';
import { registerCommands } from './commands.ts';
import { applyConventions, packageVersion, unknownCommandIn } from './conventions.ts';
import { environmentHelp } from './environment-variables.ts';

const program = new Command('pnd')
  .description(
    "Deploy'n'Patch runs the weekly release train: the checklist issue, the deploy gates, the soak " +
      'policy, rollout verification and patch day, with every action journaled.',
  )
  .option('--json', 'print machine-readable JSON instead of tables')
  .version(packageVersion(), '-V, --version', 'print the version of pnd')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride()
  .addHelpText(
    'after',
    `
Exit codes:
  0    ok
  1    something failed (a remote call, a check, a step)
  2    bad input or configuration (nothing was changed)
  3    blocked by policy (for example the soak policy)
  4    authentication or permission failure, or a missing credential
  5    a wait went past --timeout (a deploy, a check, a rate limit's Retry-After)
  6    another run is acting on the environment (pnd deploy --wait)
  7    a team lock (pnd lock) or a freeze holds the target (pnd deploy --override REASON)
  130  interrupted (Ctrl-C); 143 terminated (SIGTERM)

Environment (docs/cli.md explains each):
${environmentHelp()}
`,
  );

// `pnd ... | head` closes the pipe early; that is the reader's choice, not a failure.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

registerCommands(program);
applyConventions(program);

try {
  const unknown = unknownCommandIn(program, process.argv.slice(2));
  if (unknown)
    program.error(`error: unknown command '${unknown.name}'\n${unknown.hint}`, {
      code: 'commander.unknownCommand',
      exitCode: EXIT.badInput,
    });
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Help and version are not failures; usage errors are bad input.
    process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.badInput;
  } else {
    throw error;
  }
}
