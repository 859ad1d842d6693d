import { createInterface } from 'node:readline/promises';
import { PndError } from '../core/errors.ts';

/**
 * The one confirmation a mutating command asks for. Without a terminal there is nobody to ask:
 * the command refuses before it reads anything, unless --yes (CI) or --dry-run.
 */
export function requireConfirmable(command: string, options: { yes: boolean; dryRun: boolean }): void {
  if (options.yes || options.dryRun || process.stdin.isTTY) return;
  throw new PndError('input-invalid', `${command} needs a confirmation.`, {
    details: {
      where: '--yes',
      hint: 'Pass --yes when running without a terminal (CI), or --dry-run to see the plan.',
    },
  });
}

/** "Go ahead? [y/N]" on stderr (stdout stays the command's output). */
export function confirm(question = 'Go ahead?'): Promise<boolean> {
  return ask(`${question} [y/N] `, (answer) => /^y(es)?$/i.test(answer));
}

/**
 * For production-like environments: a reflexive "y" is how people approve the wrong
 * environment, so its name must be typed.
 */
export function confirmByTyping(name: string): Promise<boolean> {
  return ask(`Type the environment's name (${name}) to go ahead: `, (answer) => answer === name);
}

async function ask(prompt: string, accept: (answer: string) => boolean): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return accept((await rl.question(prompt)).trim());
  } finally {
    rl.close();
  }
}
