import { patchStepId } from '../checklist/step-ids.ts';
import { hash } from 'node:crypto';
import type { IssueTracker } from '../capabilities/issue-tracker.ts';
import { commentKeyMarker, ensureComment, tickSteps, type WeeklyIssueRef } from '../train/issue-progress.ts';
import { mutateOnce, type MutationContext } from '../train/mutate-once.ts';
import type { PatchDayPlan } from './plan.ts';
import type { MergeResult } from './run.ts';
import { summaryComment, type EarlierPatchDay } from './summary.ts';

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
  input: { week: string; plan: PatchDayPlan; results: MergeResult[]; earlier?: EarlierPatchDay },
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
  const key = `patch-day:${input.week}`;
  const body = summaryComment(input.week, input.plan, input.results, input.earlier);
  const comment = await ensureComment(ctx, tracker, issue, { key, body });
  // A rerun of the week (after a merge GitHub refused) completes the same summary comment.
  const outcome =
    comment.outcome === 'already' ? await refreshComment(ctx, tracker, issue, key, body) : comment.outcome;
  return { issue: { number: issue.number, url: issue.url }, ticked, comment: outcome };
}

/** pnd's keyed comment brought up to `body`: 'already' when it says exactly that. */
async function refreshComment(
  ctx: MutationContext,
  tracker: IssueTracker,
  issue: WeeklyIssueRef,
  key: string,
  body: string,
): Promise<'done' | 'already' | 'planned'> {
  const marker = commentKeyMarker(key);
  const wanted = `${body.trimEnd()}\n\n${marker}\n`;
  const find = async () =>
    (await tracker.listComments(issue.repo, issue.number)).find((c) => c.body.includes(marker));
  const current = await find();
  if (!current || current.body === wanted) return 'already';
  const outcome = await mutateOnce(ctx, {
    key: `github:${issue.repo.owner}/${issue.repo.repo}#${issue.number}:comment:${key}:update:${hash('sha1', wanted).slice(0, 12)}`,
    action: 'update comment',
    target: `comment ${current.url}`,
    isDone: async () => ((await find())?.body === wanted ? {} : false),
    act: () => tracker.updateComment(issue.repo, current.id, wanted),
  });
  return outcome.outcome === 'done' ? 'done' : outcome.outcome;
}
