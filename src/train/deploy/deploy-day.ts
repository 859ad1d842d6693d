import { PndError } from '../../core/errors.ts';
import type { Candidate, DeployProgress, GateStep } from '../../capabilities/deployer.ts';
import { findWeeklyIssue, type WeeklyIssueRef } from '../issue-progress.ts';
import { retryPendingWrites, writeToIssue } from './issue-writes.ts';
import { mutateOnce, type MutationContext } from '../mutate-once.ts';
import { deployComment, feedComment } from './comments.ts';
import { verifyAndPostDeploy } from './verify-phase.ts';
import { deployStepId } from '../../checklist/step-ids.ts';
import { describeHold, judgeHolds, type Hold } from '../holds/target-holds.ts';
import { gatherPlan, planKey } from './gather.ts';
import type {
  ComponentPlan,
  ComponentResult,
  DeployDayRequest,
  DeployDayResult,
  DeployTarget,
  WatchOptions,
} from './model.ts';

const DEFAULT_WATCH: WatchOptions = { timeoutMs: 2 * 3_600_000, firstPollMs: 5_000, maxPollMs: 60_000 };

/**
 * One deploy day for one environment (issue 4): gather → plan → confirm → act → watch → record →
 * tick. Every mutation goes through mutateOnce (fresh read, intent, call, result), so the same
 * command run again after a crash finishes the day without acting twice.
 */
export async function runDeployDay(request: DeployDayRequest): Promise<DeployDayResult> {
  // Team locks and freezes first: a refusal comes before the plan, the run lock and any write.
  const verdict = judgeHolds(
    request.holds ?? [],
    request.env.id,
    request.targets.map((t) => t.component.id),
    request.override,
  );
  const skipped = new Set(verdict.skipped.map((s) => s.component));
  const held: DeployDayRequest = {
    ...request,
    targets: request.targets.filter((t) => !skipped.has(t.component.id)),
  };
  const withSkipped = (result: DeployDayResult): DeployDayResult => ({
    ...result,
    components: [
      ...result.components,
      ...verdict.skipped.map(({ component, holds }): ComponentResult => {
        const target = request.targets.find((t) => t.component.id === component) as DeployTarget;
        return {
          component: target.component,
          step: target.step,
          outcome: 'blocked',
          detail: holds.map(describeHold).join('; '),
          actions: [],
        };
      }),
    ],
  });
  if (request.dryRun) return withSkipped(await deployDay(held, verdict.overridden));
  // One train at a time per environment, taken before the plan is read so a run that waited
  // plans from what the run before it left.
  const lock = await request.journal.lockEnvironment(request.env.id, request.lock ?? { waitMs: 0 });
  try {
    return withSkipped(await deployDay(held, verdict.overridden));
  } finally {
    await lock.release();
  }
}

async function deployDay(request: DeployDayRequest, overridden: Hold[]): Promise<DeployDayResult> {
  const emit = request.onEvent ?? (() => {});
  emit({ type: 'phase', phase: 'gather' });
  const plan = await gatherPlan(request);
  emit({ type: 'phase', phase: 'plan' });
  const actionable = plan.components.some((c) => c.decision.chosen) || plan.feeds.length > 0;

  if (request.dryRun) {
    return {
      runId: null,
      plan,
      confirmed: false,
      components: plan.components.map((c) => planned(c)),
      feeds: plan.feeds,
    };
  }
  const confirmed = actionable && request.confirm ? await request.confirm(plan) : true;
  if (!confirmed) {
    return {
      runId: null,
      plan,
      confirmed,
      components: plan.components.map((c) => planned(c)),
      feeds: plan.feeds,
    };
  }

  const journal = request.journal;
  const runId = await journal.startRun({
    command: `deploy ${request.env.id}`,
    week: request.week,
    env: request.env.id,
    args: request.args ?? {},
  });
  // Each lock or freeze the --override lets past, on record before the first write.
  for (const hold of overridden)
    await journal.override(runId, {
      step: hold.component ? deployStepId(hold.component, hold.env) : `deploy.${hold.env}`,
      reason: request.override as string,
      data: { overrode: hold.kind, hold },
    });
  await journal.evidence(runId, { kind: 'plan', data: summarisePlan(plan) });
  const ctx: MutationContext = { journal, runId, dryRun: false };
  try {
    const issue = request.issue
      ? await findWeeklyIssue(request.issue.tracker, {
          repo: request.issue.repo,
          team: request.issue.team,
          week: request.week,
          now: request.clock.now(),
        })
      : undefined;
    emit({ type: 'phase', phase: 'act' });
    // Every component runs to its own end even when another fails: a rerun must never find a
    // component of the previous attempt still acting in the background.
    const settled = await Promise.allSettled(
      plan.components.map((componentPlan) => {
        const target = request.targets.find(
          (t) => t.component.id === componentPlan.component.id,
        ) as DeployTarget;
        return deployComponent(request, ctx, target, componentPlan, issue);
      }),
    );
    const refused = settled.find(
      (s): s is PromiseRejectedResult =>
        s.status === 'rejected' &&
        s.reason instanceof PndError &&
        (s.reason.code === 'auth-failed' ||
          s.reason.code === 'forbidden' ||
          s.reason.code === 'credential-missing' ||
          // The journal is gone (and with a PostgreSQL journal the lock with it): stop the day
          // here rather than record per-component failures it cannot write anyway.
          s.reason.code === 'journal-failed'),
    );
    if (refused) throw refused.reason;
    const components: ComponentResult[] = [];
    for (const [i, s] of settled.entries()) {
      if (s.status === 'fulfilled') {
        components.push(s.value);
        continue;
      }
      const componentPlan = plan.components[i] as ComponentPlan;
      const detail = failureDetail(s.reason);
      const timedOut = s.reason instanceof PndError && s.reason.code === 'wait-timeout';
      await journal.evidence(runId, {
        kind: 'error',
        step: componentPlan.step,
        data: { detail, code: (s.reason as { code?: unknown }).code ?? null },
      });
      request.onEvent?.({
        type: 'component',
        component: componentPlan.component.id,
        state: timedOut ? 'timed-out' : 'failed',
        detail,
        final: true,
      });
      components.push({
        component: componentPlan.component,
        step: componentPlan.step,
        // A wait past --timeout is the day timing out, not a failed deploy (its own exit code).
        outcome: timedOut ? 'timed-out' : 'failed',
        detail: `${detail} — run the same command again to resume`,
        actions: [],
        ...(componentPlan.decision.chosen ? { version: componentPlan.decision.chosen.version } : {}),
      });
    }
    const warnings: string[] = [];
    for (const feed of request.postDeployOnly ? [] : plan.feeds) {
      await journal.evidence(runId, { kind: 'change-feed', step: feed.step, data: feed });
      if (!issue || !request.issue) continue;
      // Every run writes the feed's comment if it is missing, so a failed write is only a warning.
      // `<stepPrefix>:<week>:<id>`: the key earlier releases wrote (their prefix was fixed), so a
      // rerun still finds the comment they made.
      const prefix = feed.step.slice(0, feed.step.length - feed.id.length - 1);
      const ownerKey = `${prefix}:${request.week}:${feed.id}`;
      const tracker = request.issue.tracker;
      const writes = [
        { kind: 'comment' as const, key: ownerKey, step: feed.step, body: feedComment(feed, request.env) },
        // "Deploy updates to <feed> (if updated)": nothing to deploy is the step done.
        ...(feed.needed ? [] : [{ kind: 'tick' as const, step: feed.step }]),
      ];
      for (const write of writes) {
        const written = await writeToIssue(ctx, tracker, issue, write, ownerKey);
        if (written.warning) warnings.push(`${feed.name} (${feed.id}): ${written.warning}`);
      }
    }
    const outcome = components.some((c) => ['failed', 'timed-out', 'unhealthy'].includes(c.outcome))
      ? 'failed'
      : components.some((c) => c.outcome === 'blocked' || c.outcome === 'needs-person')
        ? 'blocked'
        : 'succeeded';
    await journal.finishRun(
      runId,
      outcome,
      components.map((c) => ({ component: c.component.id, outcome: c.outcome })),
    );
    return {
      runId,
      plan,
      confirmed,
      components,
      feeds: plan.feeds,
      ...(issue ? { issue: { number: issue.number, url: issue.url } } : {}),
      ...(warnings.length > 0 ? { warnings } : {}),
    };
  } catch (error) {
    // With the journal gone this write fails too: the error that stopped the run is the answer.
    await journal
      .finishRun(runId, 'failed', { error: error instanceof Error ? error.message : String(error) })
      .catch((recording: unknown) => {
        if (!(error instanceof PndError && error.code === 'journal-failed')) throw recording;
      });
    throw error;
  }
}

function failureDetail(error: unknown): string {
  if (error instanceof PndError) {
    const where = typeof error.details.where === 'string' ? ` (${error.details.where})` : '';
    return `${error.message}${where}`;
  }
  return error instanceof Error ? error.message : String(error);
}

function planned(plan: ComponentPlan): ComponentResult {
  const chosen = plan.decision.chosen;
  return {
    component: plan.component,
    step: plan.step,
    outcome: chosen ? 'planned' : plan.decision.status === 'blocked' ? 'blocked' : 'nothing-waiting',
    ...(chosen ? { version: chosen.version } : {}),
    detail: plan.decision.reasons.join('; ') || 'nothing waits at the gate',
    actions: plan.actions.map((action) => ({
      action,
      target: chosen?.version.label ?? '',
      outcome: 'planned' as const,
    })),
  };
}

/** What each named step of one component's deploy works with. */
interface ComponentRun {
  request: DeployDayRequest;
  ctx: MutationContext;
  target: DeployTarget;
  plan: ComponentPlan;
  issue: WeeklyIssueRef | undefined;
  emit: (state: string, detail: string, final?: boolean) => void;
  /** A write to the weekly issue that failed: a warning on the result, not its outcome (issue 12.5). */
  warn: (warning: string) => void;
  /** The key this component's pending issue writes are journaled under. */
  ownerKey: string;
  base: Pick<ComponentResult, 'component' | 'step' | 'actions' | 'warnings'>;
}

/**
 * One component's deploy, as named steps: resume what an earlier run of this week did, or say
 * why nothing deploys; otherwise record the plan, open the gate, watch the deploy and record it,
 * then verify it through the dwell and decide the post-deploy gate.
 */
async function deployComponent(
  request: DeployDayRequest,
  ctx: MutationContext,
  target: DeployTarget,
  plan: ComponentPlan,
  issue: WeeklyIssueRef | undefined,
): Promise<ComponentResult> {
  const emit = (state: string, detail: string, final = false) =>
    request.onEvent?.({ type: 'component', component: target.component.id, state, detail, final });
  const tracker = request.issue?.tracker;
  const ownerKey = planKey(request.week, target);
  // What an earlier run could not write to the issue is written first (once), whatever follows.
  const warnings = issue && tracker ? await retryPendingWrites(ctx, tracker, issue, ownerKey) : [];
  const run: ComponentRun = {
    request,
    ctx,
    target,
    plan,
    issue,
    emit,
    warn: (warning) => {
      warnings.push(warning);
      emit('warning', warning);
    },
    ownerKey,
    base: { component: target.component, step: target.step, actions: [], warnings },
  };
  const candidate = plan.decision.chosen;
  if (!candidate && plan.earlier) return resumeEarlierRun(run, plan.earlier);
  if (!candidate) return reportNothingToDeploy(run);

  await recordPlan(run, candidate);
  const deployStartedAt = plan.startedAt ?? request.clock.now();
  const watch = { ...DEFAULT_WATCH, ...request.watch };
  const refused = await openGate(run, candidate, watch);
  if (refused) return refused;
  const result = await watchAndRecordDeploy(run, candidate, watch);
  if (result.outcome === 'deployed' && request.until !== 'deployed') {
    const verification = await verifyAndPostDeploy(
      request,
      ctx,
      target,
      result.version!,
      deployStartedAt,
      issue,
      run.emit,
      run.warn,
    );
    result.verification = verification;
    if (verification.action) result.actions.push(verification.action);
    result.outcome = verification.status === 'pass' ? 'verified' : 'unhealthy';
    result.detail = `${result.detail}; ${verification.reason}`;
  }
  run.emit(result.outcome, result.detail, true);
  return result;
}

/** This week's earlier run deployed it: report that, or finish its verification. */
async function resumeEarlierRun(
  run: ComponentRun,
  earlier: NonNullable<ComponentPlan['earlier']>,
): Promise<ComponentResult> {
  const { request, ctx, target, issue, emit, warn, base } = run;
  const detail = request.postDeployOnly
    ? earlier.detail
    : `deployed by this week's earlier run at ${earlier.at}: ${earlier.detail}`;
  if (earlier.verified || request.until === 'deployed') {
    const verification = earlier.verification;
    const outcome = !verification ? 'deployed' : verification.status === 'pass' ? 'verified' : 'unhealthy';
    emit(outcome, detail, true);
    return {
      ...base,
      outcome,
      version: earlier.version,
      detail,
      ...(verification ? { verification } : {}),
    };
  }
  const verification = await verifyAndPostDeploy(
    request,
    ctx,
    target,
    earlier.version,
    earlier.startedAt,
    issue,
    emit,
    warn,
  );
  const outcome = verification.status === 'pass' ? 'verified' : 'unhealthy';
  emit(outcome, verification.reason, true);
  // The deploy was this week's earlier run's; what this run did is part of resuming it.
  if (verification.action) base.actions.push({ ...verification.action, resumed: true });
  return { ...base, outcome, version: earlier.version, detail: verification.reason, verification };
}

/** Nothing waits, or the soak policy blocks: journal why, and comment a block on the issue. */
async function reportNothingToDeploy(run: ComponentRun): Promise<ComponentResult> {
  const { request, ctx, target, plan, issue, emit, warn, ownerKey, base } = run;
  const { decision } = plan;
  const tracker = request.issue?.tracker;
  const outcome = decision.status === 'blocked' ? 'blocked' : 'nothing-waiting';
  const detail = decision.reasons.join('; ') || `nothing waits at the ${target.env.name} gate`;
  await request.journal.evidence(ctx.runId, {
    kind: 'deploy-outcome',
    step: target.step,
    data: { outcome, detail },
  });
  emit(outcome, detail, true);
  if (outcome === 'blocked' && issue && tracker) {
    const written = await writeToIssue(
      ctx,
      tracker,
      issue,
      {
        kind: 'comment',
        key: `deploy:${request.week}:${target.env.id}:${target.component.id}:blocked`,
        step: target.step,
        body: deployComment({ target, plan, outcome, detail }),
      },
      ownerKey,
    );
    if (written.warning) warn(written.warning);
  }
  return { ...base, outcome, detail };
}

/** The override (when the soak policy was overridden) and the plan, journaled before any write. */
async function recordPlan(run: ComponentRun, candidate: Candidate): Promise<void> {
  const { request, ctx, target, plan } = run;
  const { decision } = plan;
  if (decision.status === 'overridden' && request.override)
    await request.journal.override(ctx.runId, {
      step: target.step,
      reason: request.override,
      data: { version: candidate.version, reasons: decision.reasons },
    });
  await request.journal.evidence(ctx.runId, {
    kind: 'deploy-plan',
    key: planKey(request.week, target),
    step: target.step,
    data: { candidate, decision: { status: decision.status, reasons: decision.reasons } },
  });
}

/**
 * Runs the gate's steps through mutateOnce. A refusal for lack of permission is an outcome (a
 * person must open it), returned as the component's result; anything else is thrown.
 */
async function openGate(
  run: ComponentRun,
  candidate: Candidate,
  watch: WatchOptions,
): Promise<ComponentResult | undefined> {
  const { request, ctx, target, plan, issue, emit, base } = run;
  const comment = `pnd: ${request.week} train, ${candidate.version.label} to ${target.env.name}${issue ? ` (${issue.url})` : ''}${plan.decision.status === 'overridden' ? ` — soak policy overridden: ${request.override}` : ''}`;
  try {
    for (const step of target.deployer.openGate(candidate, comment)) {
      if (step.ready) await waitUntilReady(request, step, watch);
      emit('opening', step.target);
      const outcome = await mutateOnce(ctx, {
        ...step,
        step: target.step,
        detail: { version: candidate.version },
      });
      base.actions.push({
        action: step.action,
        target: step.target,
        outcome: outcome.outcome === 'planned' ? 'planned' : outcome.outcome,
        resumed: outcome.outcome === 'already' && outcome.resumed,
      });
    }
    return undefined;
  } catch (error) {
    if (error instanceof PndError && error.code === 'forbidden') {
      const detail = `${error.message} ${String(error.details.hint ?? '')}`.trim();
      await request.journal.evidence(ctx.runId, {
        kind: 'deploy-outcome',
        key: planKey(request.week, target),
        step: target.step,
        data: { outcome: 'needs-person', detail },
      });
      emit('needs-person', detail, true);
      return { ...base, outcome: 'needs-person', version: candidate.version, detail };
    }
    throw error;
  }
}

/** Watches the deploy to its end, comments and ticks the issue, and journals the outcome last. */
async function watchAndRecordDeploy(
  run: ComponentRun,
  candidate: Candidate,
  watch: WatchOptions,
): Promise<ComponentResult> {
  const { request, ctx, target, plan, issue, emit, warn, ownerKey, base } = run;
  const tracker = request.issue?.tracker;
  emit('deploying', `${candidate.version.label} to ${target.env.name}`);
  const progress = await watchDeploy(request, target, candidate, watch, (p) => emit(p.state, p.detail));
  const outcome =
    progress.state === 'succeeded' ? 'deployed' : progress.state === 'failed' ? 'failed' : 'timed-out';
  const detail =
    outcome === 'timed-out'
      ? `still ${progress.state} after ${Math.round(watch.timeoutMs / 60_000)} minutes: ${progress.detail}`
      : progress.detail;
  // The deployed version as the deployer knows it after the deploy (a published draft's commit).
  const version = progress.version ?? candidate.version;
  const result: ComponentResult = { ...base, outcome, version, detail, progress };
  if (issue && tracker) {
    // A failed write is a warning, not the deploy's outcome (issue 12.5): the deploy happened.
    const posted = await writeToIssue(
      ctx,
      tracker,
      issue,
      {
        kind: 'comment',
        key: `deploy:${request.week}:${target.env.id}:${target.component.id}`,
        step: target.step,
        body: deployComment({
          target,
          plan,
          outcome,
          detail,
          progress,
          override: plan.decision.status === 'overridden' ? request.override : undefined,
          actions: base.actions,
        }),
      },
      ownerKey,
    );
    if (posted.warning) warn(posted.warning);
    if (posted.url) result.comment = posted.url;
    if (outcome === 'deployed') {
      const tick = await writeToIssue(ctx, tracker, issue, { kind: 'tick', step: target.step }, ownerKey);
      if (tick.warning) warn(tick.warning);
      result.ticked = tick.ticked === true;
    }
  }
  // Recorded last: until then the next run of this week picks the candidate up again (resume).
  await request.journal.evidence(ctx.runId, {
    kind: 'deploy-outcome',
    key: planKey(request.week, target),
    step: target.step,
    data: { outcome, detail, version, evidence: progress.evidence },
  });
  return result;
}

async function waitUntilReady(request: DeployDayRequest, step: GateStep, watch: WatchOptions): Promise<void> {
  const deadline = request.clock.now() + watch.timeoutMs;
  let pause = watch.firstPollMs;
  while (!(await (step.ready as () => Promise<boolean>)())) {
    if (request.clock.now() >= deadline)
      throw new PndError('remote-failed', 'The gate did not become ready in time.', {
        details: {
          where: step.target,
          hint: 'Look at the run in the vendor’s UI, then run the same command again.',
        },
      });
    await request.clock.sleep(pause);
    pause = Math.min(watch.maxPollMs, Math.round(pause * 1.5));
  }
}

/** Polls with backoff (5 s growing to 60 s) until the deployer reports an end, or the timeout. */
async function watchDeploy(
  request: DeployDayRequest,
  target: DeployTarget,
  candidate: NonNullable<ComponentPlan['decision']['chosen']>,
  watch: WatchOptions,
  onChange: (progress: DeployProgress) => void,
): Promise<DeployProgress> {
  const deadline = request.clock.now() + watch.timeoutMs;
  let pause = watch.firstPollMs;
  let last = '';
  for (;;) {
    const progress = await target.deployer.progress(candidate);
    // Each change is a line of progress; an unfinished deploy says until when it is watched.
    if (progress.detail !== last)
      onChange(
        progress.state === 'waiting' || progress.state === 'deploying'
          ? { ...progress, detail: `${progress.detail} (watching until ${new Date(deadline).toISOString()})` }
          : progress,
      );
    last = progress.detail;
    if (progress.state === 'succeeded' || progress.state === 'failed') return progress;
    if (request.clock.now() >= deadline) return progress;
    await request.clock.sleep(pause);
    pause = Math.min(watch.maxPollMs, Math.round(pause * 1.5));
  }
}

function summarisePlan(plan: DeployDayResult['plan']): unknown {
  return {
    env: plan.env.id,
    week: plan.week,
    components: plan.components.map((c) => ({
      component: c.component.id,
      status: c.decision.status,
      chosen: c.decision.chosen?.version ?? null,
      superseded: c.decision.superseded.map((s) => s.version),
      reasons: c.decision.reasons,
      resumed: c.resumed,
    })),
    feeds: plan.feeds.map((f) => ({ id: f.id, needed: f.needed, changes: f.changes.map((x) => x.label) })),
  };
}
