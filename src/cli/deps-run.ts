// The work behind `pnd deps`, loaded only when that command runs (see deps.ts).
import { providersFor } from '../app/compose.ts';
import type { ProviderContext } from '../providers/registry.ts';
import { confirm, requireConfirmable } from './confirm.ts';
import { loadEstate } from '../config/load.ts';
import { EXIT, PndError } from '../core/errors.ts';
import { actOnPatchDay, gatherPatchDay, type PatchDayJob } from '../deps/patch-day.ts';
import { summarise } from '../deps/summary.ts';
import { journalLocation, openJournal, type HeldLock } from '../journal/index.ts';
import { budgetUntil, DEFAULT_COMMAND_TIMEOUT, durationOption, reportWait } from './waits.ts';
import { GitHubDependencyPRs } from '../providers/github/dependency-prs.ts';
import { GitHubIssueTracker } from '../providers/github/issue-tracker.ts';
import type { DepsOptions } from './options.ts';
import { depsJson, printDepsTable, printPlan, type DepsReport } from './deps-output.ts';
import { printJson } from './output.ts';
import { patchDaySummary, writeStepOutputs, writeStepSummary } from './step-summary.ts';

const OWNER_REPO = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

/**
 * Gather and show; with --merge-safe: plan (a dry run that reads everything), confirm once, act.
 * `providers`: the command builds them from pnd.yaml and the environment; a caller that already
 * has them passes them (the process tests, whose GitHub client does not space its writes).
 */
export async function runDeps(
  options: DepsOptions,
  env: NodeJS.ProcessEnv = process.env,
  providers?: Pick<ProviderContext, 'github'>,
): Promise<number> {
  const { estate } = loadEstate(options.config, env);
  const patchDay = estate.patchDay;
  if (!patchDay) {
    throw new PndError('config-invalid', 'pnd.yaml has no patchDay section.', {
      details: { where: options.config, hint: 'Add patchDay.repositories (see docs/configuration.md).' },
    });
  }
  for (const repo of options.repo ?? []) {
    if (!OWNER_REPO.test(repo))
      throw new PndError('input-invalid', 'A --repo value is not owner/name.', {
        details: {
          where: '--repo',
          value: repo,
          hint: 'Write it as on GitHub: Altinn/altinn-authentication.',
        },
      });
  }
  const waitMs = durationOption('--wait', options.wait ?? '0s');
  // How long a rate limit's Retry-After may be waited out (GitHub's answers only): longer, exit 5.
  const deadline = Date.now() + durationOption('--timeout', options.timeout ?? DEFAULT_COMMAND_TIMEOUT);
  const { github } =
    providers ??
    (await providersFor(estate, options.config, env, {
      purpose:
        'pnd reads dependency-bot pull requests (and with --merge-safe approves and merges them); see docs/patch-day.md',
      azureDevOps: false,
      onWait: reportWait(options.json),
      waitBudgetMs: budgetUntil(deadline),
    }));
  const now = Date.now();
  const job: PatchDayJob = {
    prs: new GitHubDependencyPRs(github),
    repositories: options.repo && options.repo.length > 0 ? options.repo : patchDay.repositories,
    bots: patchDay.bots,
    policy: patchDay.mergePolicy,
    timeZone: estate.calendar.timeZone,
    now,
    merge: options.mergeSafe,
  };
  const report = (r: Omit<DepsReport, 'now' | 'mergeSafe'>): void => {
    const full = { ...r, now, mergeSafe: options.mergeSafe };
    writeStepSummary(patchDaySummary(r.week, r.summary, r.dryRun));
    writeStepOutputs({ week: r.week, merged: r.summary.merged, 'needs-person': r.summary.needsHuman });
    if (options.json) printJson(depsJson(full));
    else printDepsTable(full);
  };
  if (!options.mergeSafe) {
    const gathered = await gatherPatchDay(job);
    report({
      ...gathered,
      dryRun: options.dryRun,
      results: [],
      summary: summarise(gathered.plan, []),
      weeklyIssue: null,
    });
    return EXIT.ok;
  }

  const [owner, repo] = estate.team.issueRepository.split('/') as [string, string];
  const journal = await openJournal({
    path: journalLocation({ location: options.journal, configUrl: estate.journal?.url }, env),
    env,
  });
  let lock: HeldLock | undefined;
  try {
    // One patch-day run at a time, team-wide (every --repo set): two runs approved every pull
    // request twice and raced to merge, and whatever their repositories both write the one weekly
    // issue's comment and ticks. Taken before the pull requests are read, so a run that waited
    // plans from what the run before it left.
    if (!options.dryRun)
      lock = await journal.lockEnvironment(PATCH_DAY_LOCK, {
        waitMs,
        onWait: (held) =>
          process.stderr.write(
            `Another run is acting on ${PATCH_DAY_LOCK}: ${held.holder} since ${held.since}. Waiting up to ${options.wait}…\n`,
          ),
      });
    const gathered = await gatherPatchDay(job);
    const act = {
      journal,
      tracker: new GitHubIssueTracker(github),
      team: estate.team.name,
      issueRepo: { owner, repo },
      args: { repo: options.repo ?? null, mergeSafe: true },
    };
    const plan = await actOnPatchDay(job, gathered, { ...act, dryRun: true });
    const writes = plan.results.some((r) => r.outcome === 'planned') || plannedOnIssue(plan.weeklyIssue);
    if (options.dryRun || !writes) {
      // Nothing to write is reported as done, not as a dry run.
      report({ ...plan, dryRun: options.dryRun });
      return EXIT.ok;
    }
    if (!options.yes) {
      requireConfirmable('pnd deps --merge-safe', { yes: false, dryRun: false });
      printPlan(gathered.plan);
      if (!(await confirm('Go ahead?'))) {
        process.stderr.write('Nothing was changed.\n');
        return EXIT.failed;
      }
    }
    const done = await actOnPatchDay(job, gathered, {
      ...act,
      dryRun: false,
      onResult: options.json
        ? undefined
        : (r) =>
            process.stderr.write(`${r.repo}#${r.number}: ${r.outcome}${r.detail ? ` (${r.detail})` : ''}\n`),
    });
    report(done);
    return done.summary.refused + done.summary.failed > 0 ? EXIT.failed : EXIT.ok;
  } finally {
    await lock?.release();
    await journal.close();
  }
}

/**
 * The lock name of patch day in the journal's lock table: not an environment id (those are one
 * word), so it never shares a lock with `pnd deploy`.
 */
export const PATCH_DAY_LOCK = 'patch day';

function plannedOnIssue(w: DepsReport['weeklyIssue']): boolean {
  return Boolean(w && (w.comment === 'planned' || w.ticked.some((t) => t.status === 'planned')));
}
