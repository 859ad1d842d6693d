import { evidenceMarkdown, evidenceText, type CheckResult, type CheckRunner } from '../../checks/index.ts';
import { DEFAULT_TIMEOUT_MS, verifyWithDwell } from '../../checks/dwell.ts';
import { PndError } from '../../core/errors.ts';
import type { Check, ImageTagSource } from '../../config/schema.ts';
import type { Version } from '../../capabilities/deployer.ts';
import type { WeeklyIssueRef } from '../issue-progress.ts';
import { writeToIssue } from './issue-writes.ts';
import { mutateOnce, type MutationContext } from '../mutate-once.ts';
import { recordVerification } from '../verification-record.ts';
import { planKey } from './gather.ts';
import type { DeployDayRequest, DeployTarget, VerificationResult } from './model.ts';

/**
 * After the deploy (issue 5): "go grab a coffee" — run the component's checks until they all pass,
 * keep re-checking through the dwell, record the verdict (it feeds the next environment's soak
 * policy), then the post-deploy gate: approved only when everything passed through the dwell;
 * never on a failure (rejected only with --reject-on-fail); left for a person otherwise.
 */
export async function verifyAndPostDeploy(
  request: DeployDayRequest,
  ctx: MutationContext,
  target: DeployTarget,
  version: Version,
  deployStartedAt: number | undefined,
  issue: WeeklyIssueRef | undefined,
  emit: (state: string, detail: string) => void,
  warn: (warning: string) => void = () => {},
): Promise<VerificationResult> {
  const runners = target.checks().map(({ check, runner }) => withExpectation(runner, check, version));
  emit('verifying', `${runners.length} check(s), then ${Math.round(target.dwellMs / 60_000)} min of dwell`);
  // A pending check is a wait: say until when it may stay pending before the verdict is fail.
  const settleBy = new Date(
    request.clock.now() + (request.dwell?.timeoutMs ?? DEFAULT_TIMEOUT_MS),
  ).toISOString();
  const outcome =
    runners.length === 0
      ? {
          status: 'pass' as const,
          reason: 'no checks are configured for this environment',
          results: [] as CheckResult[],
          timedOut: false,
        }
      : await verifyWithDwell(runners, {
          clock: request.clock,
          dwellMs: target.dwellMs,
          ...(request.dwell?.intervalMs ? { intervalMs: request.dwell.intervalMs } : {}),
          ...(request.dwell?.timeoutMs ? { timeoutMs: request.dwell.timeoutMs } : {}),
          expected: deployStartedAt === undefined ? {} : { deployStartedAt },
          onResult: (result, round) =>
            emit(
              `check ${result.status}`,
              `${result.check}: ${result.reason}${
                result.status === 'pending' && round.phase === 'settle'
                  ? ` (waiting for it to pass until ${settleBy})`
                  : ''
              }`,
            ),
        });
  if ('unreadable' in outcome && outcome.unreadable) {
    // Not a verdict on the deploy: the checks could not read. Nothing is recorded or decided; a
    // rerun verifies again.
    throw new PndError('remote-failed', 'The checks could not read the deployed resources.', {
      details: {
        where: `${target.component.name} in ${target.env.name}`,
        reason: outcome.reason,
        hint: 'Run the same command again to verify once more.',
      },
    });
  }
  await recordVerification(ctx.journal, ctx.runId, {
    component: target.component.id,
    env: target.env.id,
    versionId: version.id,
    status: outcome.status,
    reason: outcome.reason,
    step: postDeployStep(target),
    checks: outcome.results.map((r) => ({ check: r.check, status: r.status, reason: r.reason })),
  });

  let gate: VerificationResult['gate'] = 'none';
  let action: VerificationResult['action'];
  const deployer = target.deployer;
  // A stage whose post-deployment gate passes by itself (no approvers) has nothing to approve,
  // withhold or wait for: say so instead of claiming an approval.
  const automatedGate =
    deployer.postDeployGate !== undefined &&
    deployer.hasPostDeployGate !== undefined &&
    !(await deployer.hasPostDeployGate(version));
  if (automatedGate && (request.until === 'post-deployed' || request.until === undefined)) {
    gate = 'automated';
  } else if (request.until === 'post-deployed' || request.until === undefined) {
    const decision = outcome.status === 'pass' ? 'approve' : request.rejectOnFail ? 'reject' : undefined;
    const step = decision
      ? target.deployer.postDeployGate?.(version, decision, evidenceText(outcome))
      : undefined;
    if (step) {
      if (step.ready) {
        // The approval opens when the deploy job ends: poll a little for it.
        for (let i = 0; i < 10 && !(await step.ready()); i++) await request.clock.sleep(5_000);
      }
      const sent = await mutateOnce(ctx, { ...step, step: postDeployStep(target), detail: { version } });
      action = {
        action: step.action,
        target: step.target,
        outcome: sent.outcome,
        resumed: sent.outcome === 'already' && sent.resumed,
      };
      gate = decision === 'approve' ? 'approved' : 'rejected';
    } else if (target.deployer.postDeployGate) gate = 'withheld';
    else gate = outcome.status === 'pass' ? 'recorded' : 'withheld';
  }

  const tracker = request.issue?.tracker;
  if (issue && tracker) {
    const headline = `### ${target.component.name} in ${target.env.name}: ${verdictHeadline(outcome.status, gate)}`;
    // A failed write is a warning: the verdict and the gate decision above stand (issue 12.5).
    const ownerKey = planKey(request.week, target);
    const comment = await writeToIssue(
      ctx,
      tracker,
      issue,
      {
        kind: 'comment',
        key: `post-deploy:${request.week}:${target.env.id}:${target.component.id}`,
        step: postDeployStep(target),
        body: `${headline}\n\n**Version:** ${version.label}\n\n${evidenceMarkdown(outcome)}`,
      },
      ownerKey,
    );
    if (comment.warning) warn(comment.warning);
    if (outcome.status === 'pass' && gate !== 'none') {
      const tick = await writeToIssue(
        ctx,
        tracker,
        issue,
        { kind: 'tick', step: postDeployStep(target) },
        ownerKey,
      );
      if (tick.warning) warn(tick.warning);
    }
  }
  const result: VerificationResult = {
    status: outcome.status,
    reason: outcome.reason,
    gate,
    checks: outcome.results.map((r) => ({ check: r.check, status: r.status, reason: r.reason })),
  };
  await ctx.journal.evidence(ctx.runId, {
    kind: 'post-deploy-outcome',
    key: planKey(request.week, target),
    step: postDeployStep(target),
    data: { version, ...result },
  });
  return action ? { ...result, action } : result;
}

/** What the evidence comment says happened: only what did (issue 12.1). */
export function verdictHeadline(status: 'pass' | 'fail', gate: VerificationResult['gate']): string {
  if (status === 'pass') {
    if (gate === 'approved') return '✅ verified, post-deployment approval given';
    if (gate === 'automated') return '✅ verified, no post-deployment gate (the stage has no approvers)';
    return '✅ verified';
  }
  if (gate === 'rejected') return '❌ verification failed — post-deployment approval rejected';
  if (gate === 'automated')
    return '❌ verification failed — the stage has no post-deployment gate to withhold; act on the deploy yourself';
  return '❌ verification failed — post-deployment gate left for a person';
}

export function postDeployStep(target: DeployTarget): string {
  return `post-deploy.${target.component.id}.${target.env.id}`;
}

/** Each check compares the tag its config names: the commit, the release tag or the build number. */
export function withExpectation(runner: CheckRunner, check: Check, version: Version): CheckRunner {
  const source: ImageTagSource | undefined =
    check.kind === 'container-app'
      ? check.expectedImage
      : check.kind === 'kubernetes-workload'
        ? check.imageTag
        : undefined;
  const expected = source ? tagFor(source, version) : undefined;
  return {
    label: runner.label,
    kind: runner.kind,
    requestsPerRun: runner.requestsPerRun,
    run: (expectation) => runner.run({ ...expectation, ...(expected ? { version: expected } : {}) }),
  };
}

function tagFor(source: ImageTagSource, version: Version): string | undefined {
  switch (source) {
    case 'release-commit-sha':
      return version.commitSha;
    case 'release-tag':
      return version.tag;
    case 'build-number':
      return version.buildNumber;
  }
}
