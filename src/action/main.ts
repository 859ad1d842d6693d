/**
 * The GitHub Action (action.yml): create-an-issue's inputs and outputs, pnd's weekly issue.
 * Bundled into dist/action/index.cjs by `npm run bundle:action`.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setFailed, setOutput, warning } from '@actions/core';
import { providersFor } from '../app/compose.ts';
import { runWeeklyIssueJob, type WeeklyIssueJob } from '../app/weekly-issue-job.ts';
import { loadEstate } from '../config/load.ts';
import { PndError } from '../core/errors.ts';
import { boardInput, booleanInput, fieldsInput, input, listInput, milestoneInput } from './inputs.ts';

export async function runAction(
  env: NodeJS.ProcessEnv,
): Promise<{ number?: number; url?: string; status: string }> {
  const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
  const filename = input(env, 'filename') || '.github/ISSUE_TEMPLATE.md';
  const configFile = input(env, 'config');
  const configPath = configFile ? join(workspace, configFile) : undefined;
  const estate = configPath ? loadEstate(configPath, env).estate : undefined;
  const { github } = await providersFor(estate, configPath, env, {
    purpose: 'the Action writes the weekly issue; set env GITHUB_TOKEN on the step, as with create-an-issue',
    azureDevOps: false,
  });
  const [owner, repo] = (estate?.team.issueRepository ?? env.GITHUB_REPOSITORY ?? '').split('/');
  if (!owner || !repo) {
    throw new PndError('input-invalid', 'The repository is unknown.', {
      details: {
        where: 'env GITHUB_REPOSITORY',
        hint: 'Run in GitHub Actions, or give config with team.issueRepository.',
      },
    });
  }

  const configuredBoard = estate?.team.projectBoard;
  const boardRef =
    boardInput(input(env, 'project')) ??
    (configuredBoard
      ? { ownerType: configuredBoard.ownerType, owner: configuredBoard.owner, number: configuredBoard.number }
      : undefined);
  const fields = { ...(configuredBoard?.fields ?? {}), ...fieldsInput(input(env, 'project-fields')) };
  if (input(env, 'search_existing')) {
    warning(
      'search_existing is ignored: pnd finds this week’s issue by its hidden week marker, never by title.',
    );
  }

  const milestone = milestoneInput(input(env, 'milestone'));
  const job: WeeklyIssueJob = {
    team: estate?.team.name ?? repo,
    repo: { owner, repo },
    teamLabels: estate?.team.labels ?? [],
    timeZone: estate?.calendar.timeZone ?? (env.TZ || 'UTC'),
    template: { text: await readFile(join(workspace, filename), 'utf8'), file: filename },
    now: Date.now(),
    env,
    overrides: {
      assignees: listInput(input(env, 'assignees')),
      ...(milestone !== undefined ? { milestone } : {}),
    },
    board: boardRef ? { ref: boardRef, fields } : undefined,
    closeLastWeek: estate?.team.closeLastWeeksIssue ?? false,
    updateExisting: booleanInput(input(env, 'update_existing'), 'update_existing'),
    dryRun: false,
    github,
  };
  const result = await runWeeklyIssueJob(job);
  for (const w of result.warnings) warning(`${w.where}: ${w.message}`);
  return { number: result.number, url: result.url, status: result.status };
}

// Run when loaded as the action's entry point (the bundle), not when imported by tests.
if (process.env.GITHUB_ACTIONS === 'true' || process.env.PND_ACTION_RUN === '1') {
  runAction(process.env).then(
    (result) => {
      setOutput('number', result.number ?? '');
      setOutput('url', result.url ?? '');
      setOutput('status', result.status);
      process.stdout.write(`Issue #${result.number} ${result.url} is ${result.status}.\n`);
    },
    (error: unknown) => {
      const where =
        error instanceof PndError && error.details.where ? ` (${String(error.details.where)})` : '';
      setFailed(`${error instanceof Error ? error.message : String(error)}${where}`);
    },
  );
}
