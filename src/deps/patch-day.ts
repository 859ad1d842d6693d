import type { MergePolicy } from '../config/schema.ts';
import type { Journal } from '../journal/index.ts';
import { isoWeekOf } from '../template/index.ts';
import type { IssueTracker, RepoRef } from '../capabilities/issue-tracker.ts';
import type { DependencyPRs } from '../capabilities/dependency-prs.ts';
import { findWeeklyIssue } from '../train/issue-progress.ts';
import { planPatchDay, type PatchDayPlan } from './plan.ts';
import { runMerges, type MergeResult } from './run.ts';
import { summarise, type EarlierPatchDay, type PatchDaySummary } from './summary.ts';
import { recordOnWeeklyIssue, type WeeklyIssueOutcome } from './weekly.ts';

/**
 * Patch day as one job, shared by `pnd deps` and anything else that runs it: gather (one GraphQL
 * request for up to 100 repositories), classify and plan — then, when merging, the merges one at
 * a time and the weekly issue. Knows capabilities only, never a vendor.
 */
export interface PatchDayJob {
  prs: DependencyPRs;
  repositories: string[];
  bots: string[];
  policy: MergePolicy;
  timeZone: string;
  now: number;
  merge: boolean;
}

export interface PatchDayAct {
  journal: Journal;
  tracker: IssueTracker;
  team: string;
  issueRepo: RepoRef;
  dryRun: boolean;
  args?: Record<string, unknown>;
  onResult?: (result: MergeResult) => void;
}

export interface Gathered {
  week: string;
  plan: PatchDayPlan;
}

export interface PatchDayResult extends Gathered {
  dryRun: boolean;
  results: MergeResult[];
  summary: PatchDaySummary;
  weeklyIssue: WeeklyIssueOutcome | null;
  runId: number | null;
}

export async function gatherPatchDay(job: PatchDayJob): Promise<Gathered> {
  const listing = await job.prs.list({ repositories: job.repositories, bots: job.bots });
  return {
    week: isoWeekOf(job.now, job.timeZone).label,
    plan: planPatchDay(listing, job.policy, { now: job.now, merge: job.merge }),
  };
}

/** Merges what the plan allows and records the day on the weekly issue; journaled unless a dry run. */
export async function actOnPatchDay(
  job: PatchDayJob,
  gathered: Gathered,
  act: PatchDayAct,
): Promise<PatchDayResult> {
  const { week, plan } = gathered;
  const runId = act.dryRun ? 0 : await act.journal.startRun({ command: 'deps', week, args: act.args ?? {} });
  const ctx = { journal: act.journal, runId, dryRun: act.dryRun };
  try {
    if (!act.dryRun) {
      await act.journal.evidence(runId, {
        kind: 'deps.plan',
        data: plan.repositories.map((r) => ({
          repo: r.repo,
          pulls: r.pulls.map((p) => ({
            number: p.pull.number,
            updateType: p.classification.updateType,
            ci: p.pull.ci,
            needsHuman: p.needsHuman,
            reasons: p.reasons,
            blockers: p.merge.blockers,
          })),
        })),
      });
    }
    const results = await runMerges(ctx, job.prs, plan, {
      blockingLabels: job.policy.blockingLabels,
      onResult: act.onResult,
    });
    const issue = await findWeeklyIssue(act.tracker, {
      repo: act.issueRepo,
      team: act.team,
      week,
      now: job.now,
    });
    const earlier = await earlierThisWeek(act.journal, week);
    if (!act.dryRun)
      await act.journal.evidence(runId, {
        kind: 'deps.week',
        key: weekKey(week),
        data: {
          pulls: plan.repositories.flatMap((r) =>
            r.pulls.map((p) => ({ repo: r.repo, number: p.pull.number })),
          ),
          results: results.filter((r) => r.outcome !== 'planned'),
        } satisfies EarlierPatchDay,
      });
    const weeklyIssue = await recordOnWeeklyIssue(ctx, act.tracker, issue, { week, plan, results, earlier });
    const summary = summarise(plan, results);
    if (!act.dryRun) {
      const failed = summary.refused + summary.failed > 0;
      await act.journal.finishRun(runId, failed ? 'failed' : 'succeeded', summary);
    }
    return {
      week,
      plan,
      dryRun: act.dryRun,
      results,
      summary,
      weeklyIssue,
      runId: act.dryRun ? null : runId,
    };
  } catch (error) {
    if (!act.dryRun)
      await act.journal.finishRun(runId, 'failed', {
        error: error instanceof Error ? error.message : String(error),
      });
    throw error;
  }
}

const weekKey = (week: string) => `deps:${week}`;

/** What this week's earlier `pnd deps` runs found and did, from the journal. */
async function earlierThisWeek(journal: Journal, week: string): Promise<EarlierPatchDay> {
  const earlier: EarlierPatchDay = { pulls: [], results: [] };
  for (const entry of await journal.entries({ key: weekKey(week), kind: 'evidence' })) {
    const data = entry.data as Partial<EarlierPatchDay> | null;
    earlier.pulls.push(...(data?.pulls ?? []));
    earlier.results.push(...(data?.results ?? []));
  }
  return earlier;
}
