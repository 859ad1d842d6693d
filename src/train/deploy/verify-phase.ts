import { evidenceMarkdown, evidenceText, type CheckResult, type CheckRunner } from '../../checks/index.ts';
import { verifyWithDwell } from '../../checks/dwell.ts';
import { PndError } from '../../core/errors.ts';
import type { Check, ImageTagSource } from '../../config/schema.ts';
import type { Version } from '../../capabilities/deployer.ts';
import { ensureComment, tickStep, type WeeklyIssueRef } from '../issue-progress.ts';
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
): Promise<VerificationResult> {
  const runners = target.checks().map(({ check, runner }) => withExpectation(runner, check, version));
  emit('verifying', `${runners.length} check(s), then ${Math.round(target.dwellMs / 60_000)} min of dwell`);
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
          onResult: (result) => emit(`check ${result.status}`, `${result.check}: ${result.reason}`),
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
  if (request.until === 'post-deployed' || request.until === undefined) {
    const decision = outcome.status === 'pass' ? 'approve' : request.rejectOnFail ? 'reject' : undefined;
    const step = decision
      ? target.deployer.postDeployGate?.(version, decision, evidenceText(outcome))
      : undefined;
    if (step) {
      if (step.ready) {
        // The approval opens when the deploy job ends: poll a little for it.
        for (let i = 0; i < 10 && !(await step.ready()); i++) await request.clock.sleep(5_000);
      }
      await mutateOnce(ctx, { ...step, step: postDeployStep(target), detail: { version } });
      gate = decision === 'approve' ? 'approved' : 'rejected';
    } else if (target.deployer.postDeployGate) gate = 'withheld';
    else gate = outcome.status === 'pass' ? 'recorded' : 'withheld';
  }

  const tracker = request.issue?.tracker;
  if (issue && tracker) {
    const headline =
      outcome.status === 'pass'
        ? `### ${target.component.name} in ${target.env.name}: ✅ verified${gate === 'approved' ? ', post-deployment approval given' : ''}`
        : `### ${target.component.name} in ${target.env.name}: ❌ verification failed — post-deployment ${gate === 'rejected' ? 'approval rejected' : 'gate left for a person'}`;
    await ensureComment(ctx, tracker, issue, {
      key: `post-deploy:${request.week}:${target.env.id}:${target.component.id}`,
      step: postDeployStep(target),
      body: `${headline}\n\n**Version:** ${version.label}\n\n${evidenceMarkdown(outcome)}`,
    });
    if (outcome.status === 'pass' && gate !== 'none')
      await tickStep(ctx, tracker, issue, postDeployStep(target));
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
  return result;
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
