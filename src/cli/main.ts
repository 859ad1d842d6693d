import { Command, CommanderError } from 'commander';
import { EXIT } from '../core/errors.ts';
import { registerCommands } from './commands.ts';

const program = new Command('pnd')
  .description(
    "Deploy'n'Patch runs the weekly release train: the checklist issue, the deploy gates, the soak " +
      'policy, rollout verification and patch day, with every action journaled.',
  )
  .option('--json', 'print machine-readable JSON instead of tables')
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
  4    authentication or permission failure
  5    another run is acting on the environment (pnd deploy --wait)
  130  interrupted

Environment:
  NO_COLOR          disable colours
  GITHUB_API_URL    GitHub API base URL (GitHub Enterprise Server, the simulator)
  GITHUB_TOKEN      GitHub token
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

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Help and version are not failures; usage errors are bad input.
    process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.badInput;
  } else {
    throw error;
  }
}
