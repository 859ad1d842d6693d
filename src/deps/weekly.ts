import { patchStepId } from '../checklist/step-ids.ts';
import type { IssueTracker } from '../train/capabilities.ts';
import { ensureComment, tickSteps, type WeeklyIssueRef } from '../train/issue-progress.ts';
import type { MutationContext } from '../train/mutate-once.ts';
import type { PatchDayPlan } from './plan.ts';
import type { MergeResult } from './run.ts';
import { summaryComment } from './summary.ts';

export interface WeeklyIssueOutcome {
  issue: { number: number; url: string } | null;
  /** Per repository whose bot PRs need no human any more: the tick's status. */
  ticked: { repo: string; step: string; status: string }[];
  comment: 'done' | 'already' | 'planned' | 'skipped';
}

/**
 * The weekly issue after patch day: a repository's line is ticked once none of its bot PRs needs
 * a human (what pnd merged no longer counts; what needs a human was never merged), and one
 * summary comment per week. Without this week's issue nothing is written.
 */
export async function recordOnWeeklyIssue(
  ctx: MutationContext,
  tracker: IssueTracker,
  issue: WeeklyIssueRef | undefined,
  input: { week: string; plan: PatchDayPlan; results: MergeResult[] },
): Promise<WeeklyIssueOutcome> {
  if (!issue) return { issue: null, ticked: [], comment: 'skipped' };
  const done = input.plan.repositories
    .filter((repo) => !repo.pulls.some((p) => p.needsHuman))
    .map((repo) => ({ repo: repo.repo, step: patchStepId(repo.repo) }));
  // Every line in one write of the body, not one PATCH per repository.
  const results = await tickSteps(
    ctx,
    tracker,
    issue,
    done.map((d) => d.step),
  );
  const ticked: WeeklyIssueOutcome['ticked'] = done.map((d, i) => ({ ...d, status: results[i]!.status }));
  const comment = await ensureComment(ctx, tracker, issue, {
    key: `patch-day:${input.week}`,
    body: summaryComment(input.week, input.plan, input.results),
  });
  return { issue: { number: issue.number, url: issue.url }, ticked, comment: comment.outcome };
}
