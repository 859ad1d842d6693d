// The work behind `pnd issue create`, loaded only when that command runs (see issue.ts).
import { providersFor } from '../app/compose.ts';
import { heldGitHubCredentials } from '../app/credentials.ts';
import { confirm, requireConfirmable } from './confirm.ts';
import { runWeeklyIssueJob, type WeeklyIssueJobResult } from '../app/weekly-issue-job.ts';
import { generateTemplate } from '../checklist/template-generate.ts';
import { loadEstate } from '../config/load.ts';
import type { Estate } from '../config/schema.ts';
import { journalLocation, openJournal, type TeamLock } from '../journal/index.ts';
import { holdsNotice } from '../train/holds/week-notice.ts';
import { EXIT } from '../core/errors.ts';
import { budgetUntil, DEFAULT_COMMAND_TIMEOUT, durationOption, reportWait } from './waits.ts';
import { loadIssueTemplate } from '../template/load.ts';
import type { IssueCreateOptions } from './options.ts';
import { paint, printJson } from './output.ts';
import { writeStepOutputs, writeStepSummary } from './step-summary.ts';

/**
 * Plan (a dry run that reads everything), show it, confirm once, act. The second pass re-reads
 * the remote state, so what it does is decided on fresh facts, not on the plan's.
 */
export async function runIssueCreate(
  options: IssueCreateOptions,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const { estate } = loadEstate(options.config, env);
  // How long a rate limit's Retry-After may be waited out: longer, exit 5 at once.
  const deadline = Date.now() + durationOption('--timeout', options.timeout ?? DEFAULT_COMMAND_TIMEOUT);
  const { github } = await providersFor(estate, options.config, env, {
    purpose: 'pnd writes the weekly issue (Issues, and Projects for the board: read and write)',
    azureDevOps: false,
    onWait: reportWait(options.json),
    waitBudgetMs: budgetUntil(deadline),
  });
  const template = options.template
    ? { text: await loadIssueTemplate(options.template), file: options.template }
    : { text: generateTemplate(estate).text, file: `template generated from ${options.config}` };
  const [owner, repo] = estate.team.issueRepository.split('/') as [string, string];
  const board = estate.team.projectBoard;
  const now = Date.now();
  const notices = await holdsNotice(estate, await activeLocks(options.journal, estate, env, now), now);
  const job = {
    team: estate.team.name,
    repo: { owner, repo },
    teamLabels: estate.team.labels,
    timeZone: estate.calendar.timeZone,
    template,
    now,
    env,
    notices,
    // providersFor refused a missing token already.
    credentials: heldGitHubCredentials(env),
    board: board
      ? {
          ref: { ownerType: board.ownerType, owner: board.owner, number: board.number },
          fields: board.fields ?? {},
        }
      : undefined,
    closeLastWeek: estate.team.closeLastWeeksIssue,
    updateExisting: options.updateExisting,
    github,
  };

  const plan = await runWeeklyIssueJob({ ...job, dryRun: true });
  if (options.dryRun || plan.actions.length === 0) {
    report(plan, options.json, options.dryRun);
    return EXIT.ok;
  }
  if (!options.yes) {
    requireConfirmable('pnd issue create', { yes: false, dryRun: false });
    printPlan(plan);
    if (!(await confirm('Go ahead?'))) {
      process.stderr.write('Nothing was changed.\n');
      return EXIT.failed;
    }
  }
  report(await runWeeklyIssueJob({ ...job, dryRun: false }), options.json, false);
  return EXIT.ok;
}

function report(result: WeeklyIssueJobResult, json: boolean, dryRun: boolean): void {
  const link = result.number ? `[#${result.number}](${result.url ?? ''})` : '(none)';
  writeStepSummary(
    [
      `### pnd issue create, ${result.week}${dryRun ? ' (dry run: nothing was changed)' : ''}`,
      '',
      `${result.title}: ${link} ${dryRun ? 'would be' : 'is'} ${result.status}.`,
      '',
      ...result.actions.map((a) => `- ${a.action}: ${a.detail}`),
    ].join('\n'),
  );
  writeStepOutputs({ number: result.number, url: result.url, status: result.status, week: result.week });
  for (const warning of result.warnings)
    process.stderr.write(`${warning.where}: warning: ${warning.message}\n`);
  if (json) {
    printJson({
      number: result.number ?? null,
      url: result.url ?? null,
      status: result.status,
      week: result.week,
      title: result.title,
      carriedOver: result.carriedOver,
      dryRun,
      actions: result.actions,
      ...(result.note ? { note: result.note } : {}),
    });
    return;
  }
  const verb = dryRun ? 'would be' : 'is';
  const where = result.number ? ` #${result.number} ${result.url ?? ''}` : '';
  process.stdout.write(
    `${paint('bold', result.week)}: ${result.title}${where} ${verb} ${paint('green', result.status)}\n`,
  );
  printPlan(result, dryRun ? 'would do' : 'done');
  if (result.note) process.stdout.write(`${paint('dim', result.note)}\n`);
}

function printPlan(result: WeeklyIssueJobResult, heading = 'plan'): void {
  if (result.actions.length === 0) return;
  process.stdout.write(`${heading}:\n`);
  for (const action of result.actions) process.stdout.write(`  - ${action.action}: ${action.detail}\n`);
}

/**
 * Team locks in force, for the issue's "Locks and freezes" lines. The journal is only read; one
 * that cannot be read costs the lines, not the issue.
 */
async function activeLocks(
  location: string | undefined,
  estate: Estate,
  env: NodeJS.ProcessEnv,
  now: number,
): Promise<TeamLock[]> {
  try {
    const journal = await openJournal({
      path: journalLocation({ location, configUrl: estate.journal?.url }, env),
      env,
      readOnly: true,
    });
    try {
      return await journal.activeTeamLocks(new Date(now).toISOString());
    } finally {
      await journal.close();
    }
  } catch (error) {
    process.stderr.write(
      `warning: the journal could not be read, so the issue does not list team locks: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return [];
  }
}
