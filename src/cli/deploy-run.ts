// The work behind `pnd deploy`, loaded only when that command runs (see deploy.ts).
import { deployDayRequest } from '../train/deploy/request.ts';
import { parseDuration } from '../config/duration.ts';
import { systemClock } from '../core/clock.ts';
import { EXIT, PndError } from '../core/errors.ts';
import { runDeployDay } from '../train/deploy/deploy-day.ts';
import type { DeployDayResult, DeployPlan } from '../train/deploy/model.ts';
import { confirm, confirmByTyping, requireConfirmable } from './confirm.ts';
import type { DeployOptions } from './options.ts';
import { deployResultJson, planTable, resultTable } from './deploy-output.ts';
import { progressReporter } from './progress.ts';
import { printJson } from './output.ts';
import { openTrainContext } from '../app/compose.ts';

export async function runDeploy(
  envId: string,
  options: DeployOptions & { postDeployOnly?: boolean },
): Promise<number> {
  let timeoutMs: number;
  try {
    timeoutMs = parseDuration(options.timeout);
  } catch {
    throw new PndError('input-invalid', 'The timeout is not a duration.', {
      details: { where: `--timeout ${options.timeout}`, hint: 'Use a duration such as 30m, 2h or 1d.' },
    });
  }
  requireConfirmable(options.postDeployOnly ? 'pnd post-deploy' : 'pnd deploy', options);
  const context = await openTrainContext(options);
  try {
    const request = deployDayRequest(context.estate, {
      env: envId,
      components: options.component,
      dryRun: options.dryRun,
      ...(options.override ? { override: options.override } : {}),
      clock: systemClock,
      journal: context.journal,
      providers: context.providers,
      until: options.until,
      rejectOnFail: options.rejectOnFail,
      ...(options.postDeployOnly ? { postDeployOnly: true } : {}),
    });
    const progress = options.json ? undefined : progressReporter(request.targets.map((t) => t.component));
    const result = await runDeployDay({
      ...request,
      watch: { timeoutMs },
      args: {
        env: envId,
        components: options.component,
        ...(options.override ? { override: options.override } : {}),
        yes: options.yes,
      },
      confirm: async (plan: DeployPlan) => {
        if (!options.json) process.stdout.write(`${planTable(plan)}\n`);
        if (options.yes) return true;
        // An environment with a soak policy is production-like: its name must be typed.
        return request.targets.some((t) => t.upstream) ? confirmByTyping(plan.env.id) : confirm();
      },
      onEvent: (event) => progress?.event(event),
    }).finally(() => progress?.stop());
    return report(result, options);
  } finally {
    await context.journal.close();
  }
}

function report(result: DeployDayResult, options: DeployOptions): number {
  if (options.json) printJson(deployResultJson(result, options.dryRun));
  else if (options.dryRun) process.stdout.write(`${planTable(result.plan)}\nDry run: nothing was changed.\n`);
  else if (!result.confirmed) process.stderr.write('Nothing was changed.\n');
  else process.stdout.write(`${resultTable(result)}\n`);
  if (!options.dryRun && !result.confirmed) return EXIT.failed;
  const outcomes = result.components.map((c) => c.outcome);
  if (outcomes.some((o) => o === 'failed' || o === 'timed-out' || o === 'unhealthy')) return EXIT.failed;
  if (outcomes.some((o) => o === 'blocked' || o === 'needs-person')) return EXIT.blockedByPolicy;
  return EXIT.ok;
}
