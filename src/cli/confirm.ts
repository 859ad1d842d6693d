import { createInterface } from 'node:readline/promises';
import type { DeployPlan } from '../train/deploy/model.ts';

/**
 * The one confirmation. Production asks for its name to be typed: a reflexive "y" is how people
 * approve the wrong environment.
 */
export async function confirmPlan(plan: DeployPlan): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    if (plan.env.id === 'production' || /prod/i.test(plan.env.id)) {
      const answer = await rl.question(`Type the environment's name (${plan.env.id}) to go ahead: `);
      return answer.trim() === plan.env.id;
    }
    return /^y(es)?$/i.test((await rl.question('Go ahead? [y/N] ')).trim());
  } finally {
    rl.close();
  }
}
