import { patchStepId } from '../checklist/step-ids.ts';
import type { IssueTracker } from '../capabilities/issue-tracker.ts';
import { ensureComment, tickStep, type WeeklyIssueRef } from '../train/issue-progress.ts';
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
  const ticked: WeeklyIssueOutcome['ticked'] = [];
  for (const repo of input.plan.repositories) {
    if (repo.pulls.some((p) => p.needsHuman)) continue;
    const step = patchStepId(repo.repo);
    const result = await tickStep(ctx, tracker, issue, step);
    ticked.push({ repo: repo.repo, step, status: result.status });
  }
  const comment = await ensureComment(ctx, tracker, issue, {
    key: `patch-day:${input.week}`,
    body: summaryComment(input.week, input.plan, input.results),
  });
  return { issue: { number: issue.number, url: issue.url }, ticked, comment: comment.outcome };
}
