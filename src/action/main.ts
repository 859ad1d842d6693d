/**
 * The GitHub Action (action.yml): create-an-issue's inputs and outputs, pnd's weekly issue.
 * Bundled into dist/action/index.cjs by `npm run bundle:action`.
 */
import { join } from 'node:path';
import { notice, setFailed, setOutput, setSecret, warning } from '@actions/core';
import { providersFor } from '../app/compose.ts';
import { heldGitHubCredentials } from '../app/credentials.ts';
import { runWeeklyIssueJob, type WeeklyIssueJob } from '../app/weekly-issue-job.ts';
import { applyGithubApiUrl } from '../config/github-api-url.ts';
import { loadEstate } from '../config/load.ts';
import { PndError } from '../core/errors.ts';
import { SECRET_VARIABLES } from '../journal/redact.ts';
import { resolveGitHubApiUrl } from '../providers/github/client.ts';
import { loadIssueTemplate } from '../template/load.ts';
import { SANDBOX_ARGUMENT, serveSandboxedRender } from '../template/sandbox-serve.ts';
import { eventLabels, labelFilterInput, labelMismatch } from './label-filter.ts';
import { boardInput, booleanInput, fieldsInput, input, listInput, milestoneInput } from './inputs.ts';

/**
 * Every credential the Action reads, masked in the run's log before anything can print it: the
 * runner replaces a masked value with *** wherever it appears later.
 */
function maskCredentials(env: NodeJS.ProcessEnv): void {
  for (const name of SECRET_VARIABLES) {
    const value = env[name];
    if (value) setSecret(value);
  }
}

/**
 * GITHUB_API_URL when no config names the API: https only, as the CLI's config loader has it
 * (config/github-api-url.ts), so the token never travels in clear text.
 */
function githubApiUrlFromEnv(env: NodeJS.ProcessEnv): string {
  const data: { endpoints?: { github?: { apiUrl?: string } } } = {};
  const problem = applyGithubApiUrl(data, env);
  if (problem) {
    throw new PndError(
      'input-invalid',
      'GITHUB_API_URL is not an https URL; the token is sent only over https.',
      {
        details: {
          where: problem.where,
          value: problem.value,
          hint: 'Set GITHUB_API_URL to the https:// URL of the GitHub API (the runner sets it), or name endpoints.github.apiUrl in the config.',
          problems: [problem],
        },
      },
    );
  }
  return data.endpoints?.github?.apiUrl ?? resolveGitHubApiUrl(undefined, env);
}

export interface ActionResult {
  number?: number;
  url?: string;
  /** created, updated, unchanged, or skipped (the labels did not match). */
  status: string;
  /** The board item (add-to-project's output); none when nothing was put on a board. */
  itemId?: string;
}

/**
 * actions/add-to-project's inputs, so its step can be copied: `github-token` (else env
 * GITHUB_TOKEN) and `project-url` (pnd's `project`); giving both names differently is refused.
 */
function dropInInputs(env: NodeJS.ProcessEnv): { env: NodeJS.ProcessEnv; project: string } {
  const token = input(env, 'github-token');
  if (token) setSecret(token);
  const project = input(env, 'project');
  const projectUrl = input(env, 'project-url');
  if (project && projectUrl && project !== projectUrl) {
    throw new PndError('input-invalid', 'The inputs project and project-url name different boards.', {
      details: {
        where: 'inputs project, project-url',
        hint: 'Give one of them (project-url as add-to-project has it).',
      },
    });
  }
  if (token && env.GITHUB_TOKEN && token !== env.GITHUB_TOKEN)
    warning('Both the github-token input and env GITHUB_TOKEN are set: the github-token input is used.');
  return { env: token ? { ...env, GITHUB_TOKEN: token } : env, project: project || projectUrl };
}

export async function runAction(processEnv: NodeJS.ProcessEnv): Promise<ActionResult> {
  maskCredentials(processEnv);
  const { env, project } = dropInInputs(processEnv);
  const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
  const filename = input(env, 'filename') || '.github/ISSUE_TEMPLATE.md';
  const configFile = input(env, 'config');
  const configPath = configFile ? join(workspace, configFile) : undefined;
  const estate = configPath ? loadEstate(configPath, env).estate : undefined;
  // Without a config the API URL comes from GITHUB_API_URL: refused unless https, before any token is used.
  if (!estate) githubApiUrlFromEnv(env);
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
    boardInput(project) ??
    (configuredBoard
      ? { ownerType: configuredBoard.ownerType, owner: configuredBoard.owner, number: configuredBoard.number }
      : undefined);
  const fields = { ...(configuredBoard?.fields ?? {}), ...fieldsInput(input(env, 'project-fields')) };
  const filter = labelFilterInput(input(env, 'labeled'), input(env, 'label-operator'));
  if (filter) {
    if (!boardRef)
      throw new PndError('input-invalid', 'labeled and label-operator are given, but no project board.', {
        details: {
          where: 'inputs labeled, label-operator',
          hint: 'They decide whether the issue goes on the board: give project-url (or project, or team.projectBoard in the config).',
        },
      });
    const event = await eventLabels(env);
    const mismatch = labelMismatch(filter, event.labels);
    if (mismatch) {
      // add-to-project skips the step here; so does pnd, but never without a word.
      notice(
        `Skipping: ${event.subject} does not match the labeled filter (${filter.operator.toUpperCase()}): ${mismatch}. No issue was written and nothing was added to the project.`,
      );
      return { status: 'skipped' };
    }
  }
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
    template: { text: await loadIssueTemplate(join(workspace, filename)), file: filename },
    now: Date.now(),
    env,
    // providersFor refused a missing token already.
    credentials: heldGitHubCredentials(env),
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
  return {
    number: result.number,
    url: result.url,
    status: result.status,
    ...(result.board ? { itemId: result.board.itemId } : {}),
  };
}

// The bundle is also the template renderer's program (template/sandbox.ts starts it with this
// argument); otherwise run when loaded as the action's entry point, not when imported by tests.
if (process.argv[2] === SANDBOX_ARGUMENT) {
  serveSandboxedRender();
} else if (process.env.GITHUB_ACTIONS === 'true' || process.env.PND_ACTION_RUN === '1') {
  runAction(process.env).then(
    (result) => {
      setOutput('number', result.number ?? '');
      setOutput('url', result.url ?? '');
      setOutput('status', result.status);
      if (result.itemId) setOutput('itemId', result.itemId);
      if (result.status !== 'skipped')
        process.stdout.write(`Issue #${result.number} ${result.url} is ${result.status}.\n`);
    },
    (error: unknown) => {
      const where =
        error instanceof PndError && error.details.where ? ` (${String(error.details.where)})` : '';
      setFailed(`${error instanceof Error ? error.message : String(error)}${where}`);
    },
  );
}
