import { runChecks, type CheckResult, type CheckStatus } from '../../checks/index.ts';
import type { Clock } from '../../core/clock.ts';
import type { Journal } from '../../journal/index.ts';
import type { Version } from '../../capabilities/deployer.ts';
import { recordVerification } from '../verification-record.ts';
import type { DeployTarget } from './model.ts';
import { postDeployStep, withExpectation } from './verify-phase.ts';

export interface VerifyNowResult {
  component: { id: string; name: string };
  env: string;
  version?: Version;
  status: CheckStatus | 'nothing-deployed';
  results: CheckResult[];
}

/**
 * `pnd verify <env>`: the checks of every component, once, now, against the version that runs
 * there (no dwell, no gate). A pass or fail is journaled as that version's verification, so a
 * person who looked and fixed things can give the next environment's soak policy its evidence.
 */
export async function verifyNow(request: {
  targets: DeployTarget[];
  clock: Clock;
  journal: Journal;
  record: boolean;
  args?: Record<string, unknown>;
}): Promise<VerifyNowResult[]> {
  const env = request.targets[0]?.env.id ?? '';
  const results = await Promise.all(
    request.targets.map(async (target): Promise<VerifyNowResult> => {
      const running = (await target.deployer.deployments())[0];
      if (!running) return { component: target.component, env, status: 'nothing-deployed', results: [] };
      const runners = target
        .checks()
        .map(({ check, runner }) => withExpectation(runner, check, running.version));
      // When the deploy began is not known here (a person may have deployed): each check judges
      // the current state, and restarts are counted from what it sees first.
      const round = await runChecks(runners, { clock: request.clock });
      return {
        component: target.component,
        env,
        version: running.version,
        status: round.status,
        results: round.results,
      };
    }),
  );
  if (request.record) {
    const runId = await request.journal.startRun({ command: `verify ${env}`, env, args: request.args ?? {} });
    for (const [i, result] of results.entries()) {
      if (result.status !== 'pass' && result.status !== 'fail') continue;
      await recordVerification(request.journal, runId, {
        component: result.component.id,
        env,
        versionId: (result.version as Version).id,
        status: result.status,
        reason:
          result.results
            .filter((r) => r.status !== 'pass')
            .map((r) => r.reason)
            .join(' ') || 'every check passed',
        step: postDeployStep(request.targets[i] as DeployTarget),
        checks: result.results.map((r) => ({ check: r.check, status: r.status, reason: r.reason })),
      });
    }
    const failed = results.some((r) => r.status === 'fail');
    await request.journal.finishRun(runId, failed ? 'failed' : 'succeeded');
  }
  return results;
}
