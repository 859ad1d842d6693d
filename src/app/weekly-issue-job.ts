import { hasAnyTicked, uncheckedItems } from '../checklist/index.ts';
import type { GitHubClient } from '../providers/github/client.ts';
import { GitHubIssueTracker } from '../providers/github/issue-tracker.ts';
import { GitHubProjectBoard } from '../providers/github/project-board.ts';
import { isoWeekOf, loadActionsContext, renderInSandbox, type TemplateWarning } from '../template/index.ts';
import type { Credential } from '../template/withheld-env.ts';
import type { BoardRef, RepoRef } from '../capabilities/issue-tracker.ts';
import { ensureWeeklyIssue, type WeeklyIssueResult } from '../train/weekly-issue.ts';

export interface WeeklyIssueJob {
  team: string;
  repo: RepoRef;
  /** Labels that find last week's issue when it predates pnd (no marker). */
  teamLabels: string[];
  timeZone: string;
  template: { text: string; file: string };
  now: number;
  env: NodeJS.ProcessEnv;
  /** Credentials pnd holds besides env's: withheld from the template and searched for in its output. */
  credentials?: Credential[];
  /** create-an-issue's `assignees` and `milestone` inputs override the template's. */
  overrides?: { assignees?: string[]; milestone?: number | null };
  board?: { ref: BoardRef; fields: Record<string, string> };
  closeLastWeek: boolean;
  /**
   * Renders the template (default: `renderInSandbox`, a confined child process per render). A
   * seam for the tests, which render the same template for the same instant many times.
   */
  render?: typeof renderInSandbox;
  updateExisting: boolean;
  dryRun: boolean;
  github: GitHubClient;
  /** Lines about this week's locks and freeze days (`holdsNotice`), below the template's body. */
  notices?: string[];
}

export interface WeeklyIssueJobResult extends WeeklyIssueResult {
  title: string;
  warnings: TemplateWarning[];
}

const WEEK_MS = 7 * 86_400_000;

/**
 * The weekly issue from a template: render it as create-an-issue would, then ensure this ISO
 * week's issue on GitHub. Shared by `pnd issue create` and the GitHub Action.
 */
export async function runWeeklyIssueJob(job: WeeklyIssueJob): Promise<WeeklyIssueJobResult> {
  const actionsContext = await loadActionsContext(job.env);
  const rendered = await (job.render ?? renderInSandbox)(job.template.text, {
    file: job.template.file,
    now: job.now,
    env: job.env,
    actionsContext,
    ...(job.credentials ? { credentials: job.credentials } : {}),
  });
  const weekOf = (instant: number) => isoWeekOf(instant, job.timeZone).label;
  const result = await ensureWeeklyIssue(
    {
      team: job.team,
      repo: job.repo,
      labels: job.teamLabels,
      weekOf,
      week: weekOf(job.now),
      previousWeek: weekOf(job.now - WEEK_MS),
      now: job.now,
      rendered: {
        title: rendered.title,
        body: rendered.body,
        labels: rendered.labels,
        assignees: job.overrides?.assignees ?? rendered.assignees,
        milestone: job.overrides?.milestone !== undefined ? job.overrides.milestone : rendered.milestone,
      },
      board: job.board,
      closeLastWeek: job.closeLastWeek,
      updateExisting: job.updateExisting,
      dryRun: job.dryRun,
      ...(job.notices && job.notices.length > 0 ? { notices: job.notices } : {}),
    },
    {
      tracker: new GitHubIssueTracker(job.github),
      board: job.board ? new GitHubProjectBoard(job.github) : undefined,
      checklist: {
        uncheckedItems: (body) => uncheckedItems(body),
        hasAnyTicked: (body) => hasAnyTicked(body),
      },
    },
  );
  return { ...result, title: rendered.title, warnings: rendered.warnings };
}
