import type { Command } from 'commander';
import { registerConfigCommands } from './config-check.ts';
import { registerDemoCommand } from './demo.ts';
import { registerDeployCommand } from './deploy.ts';
import { registerPostDeployCommand } from './post-deploy.ts';
import { registerVerifyCommand } from './verify.ts';
import { registerDepsCommand } from './deps.ts';
import { registerIssueCommands } from './issue.ts';
import { registerJournalCommands } from './journal.ts';
import { registerLockCommands } from './lock.ts';
import { registerSimCommand } from './sim.ts';
import { registerStatusCommand } from './status.ts';
import { registerTemplateCommands } from './template.ts';

/**
 * The one list of subcommands. Each command lives in its own file and exports a `register*`
 * function that adds itself to the program.
 */
export function registerCommands(program: Command): void {
  registerSimCommand(program);
  registerDemoCommand(program);
  registerConfigCommands(program);
  registerIssueCommands(program);
  registerTemplateCommands(program);
  registerDeployCommand(program);
  registerVerifyCommand(program);
  registerPostDeployCommand(program);
  registerDepsCommand(program);
  registerLockCommands(program);
  registerStatusCommand(program);
  registerJournalCommands(program);
}
