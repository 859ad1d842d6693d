// The work behind `pnd deploy`, loaded only when that command runs (see deploy.ts).
import { deployDayRequest } from '../train/deploy/request.ts';
import { systemClock } from '../core/clock.ts';
import { runDeployDay } from '../train/deploy/deploy-day.ts';
import { describeHold, holdsOn, judgeHolds } from '../train/holds/target-holds.ts';
import type { DeployDayResult, DeployPlan } from '../train/deploy/model.ts';
import { confirm, confirmByTyping, requireConfirmable } from './confirm.ts';
import type { DeployOptions } from './options.ts';
import { deployExitCode, deployResultJson, planTable, resultTable } from './deploy-output.ts';
import { guardInterrupts } from './interrupt.ts';
import { progressReporter } from './progress.ts';
import { printJson } from './output.ts';
import { deploySummary, writeStepOutputs, writeStepSummary } from './step-summary.ts';
import { openTrainContext } from '../app/compose.ts';
import { budgetUntil, durationOption, jsonProgress, reportWait } from './waits.ts';
import { assertTimeoutHoldsDwell } from '../train/deploy/timeout-holds-dwell.ts';

export async function runDeploy(
  envId: string,
  options: DeployOptions & { postDeployOnly?: boolean },
): Promise<number> {
  const timeoutMs = durationOption('--timeout', options.timeout);
  const waitMs = durationOption('--wait', options.wait ?? '0s');
  // Arguments first (the environment, the components, the config): a wrong one is the answer,
  // not a complaint about --yes. Nothing remote is read before the confirmation check.
  // One deadline for the whole command: the deploy watch and any wait a client is asked for (a
  // rate limit's Retry-After) end by it, with exit code 5 (docs/cli.md).
  const deadline = Date.now() + timeoutMs;
  const context = await openTrainContext({
    ...options,
    waitBudgetMs: budgetUntil(deadline),
    onWait: reportWait(options.json),
  });
  let progress: ReturnType<typeof progressReporter> | undefined;
  const guard = guardInterrupts(context.journal, () => progress?.interrupt());
  try {
    const request = deployDayRequest(context.estate, {
      env: envId,
      components: options.component,
      dryRun: options.dryRun,
      ...(options.override ? { override: options.override } : {}),
      clock: systemClock,
      journal: guard.journal,
      providers: context.providers,
      until: options.until,
      rejectOnFail: options.rejectOnFail,
      ...(options.postDeployOnly ? { postDeployOnly: true } : {}),
    });
    assertTimeoutHoldsDwell(request.targets, options.until, timeoutMs, options.timeout);
    // Team locks and freeze days (journal and pnd.yaml only, no vendor read). `pnd post-deploy`
    // deploys nothing — it verifies what already runs and passes its gate — so they do not hold it.
    const holds = options.postDeployOnly
      ? []
      : await holdsOn(context.estate, context.journal, envId, systemClock.now());
    // A refusal is the answer before any complaint about --yes (the engine judges again).
    judgeHolds(
      holds,
      envId,
      request.targets.map((t) => t.component.id),
      options.override,
    );
    requireConfirmable(options.postDeployOnly ? 'pnd post-deploy' : 'pnd deploy', options);
    // A locked component is skipped (the engine refuses a locked environment): said up front,
    // since the plan table lists only what is planned.
    if (!options.json && !options.override)
      for (const hold of holds)
        if (hold.component && request.targets.some((t) => t.component.id === hold.component))
          process.stderr.write(`Skipped: ${describeHold(hold)}.\n`);
    progress = options.json ? undefined : progressReporter(request.targets.map((t) => t.component));
    const lock = {
      waitMs,
      onWait: (held: { holder: string; since: string }) =>
        process.stderr.write(
          `Another run is acting on ${envId}: ${held.holder} since ${held.since}. Waiting up to ${options.wait}…\n`,
        ),
    };
    const result = await runDeployDay({
      ...request,
      holds,
      lock,
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
      onEvent: (event) => (options.json ? jsonProgress(event) : progress?.event(event)),
    }).finally(() => progress?.stop());
    return report(result, options);
  } finally {
    guard.dispose();
    await context.journal.close();
  }
}

function report(result: DeployDayResult, options: DeployOptions): number {
  const exit = deployExitCode(result, options.dryRun);
  writeStepSummary(deploySummary(result, options.dryRun));
  writeStepOutputs({
    week: result.plan.week,
    'exit-code': exit,
    'issue-url': result.issue?.url ?? '',
    verified: result.components.filter((c) => c.outcome === 'verified').length,
  });
  if (options.json) printJson(deployResultJson(result, options.dryRun));
  else if (options.dryRun) process.stdout.write(`${planTable(result.plan)}\nDry run: nothing was changed.\n`);
  else if (!result.confirmed) process.stderr.write('Nothing was changed.\n');
  else process.stdout.write(`${resultTable(result)}\n`);
  return exit;
}
