import { Option, type Command } from 'commander';
import type { DeployOptions } from './options.ts';
import { runAction, type GlobalOptions } from './run-action.ts';

const collect = (value: string, previous: string[]) => [...previous, value];

/** `pnd deploy <env>`: the deploy day of one environment. */
export function registerDeployCommand(program: Command): void {
  program
    .command('deploy')
    .description("open every component's deploy gate for an environment, with the soak policy enforced")
    .argument('<env>', 'environment id from the config, e.g. tt02 or production')
    .addOption(
      new Option('-c, --config <file>', 'the estate configuration').env('PND_CONFIG').default('pnd.yaml'),
    )
    .option('--component <id>', 'only this component (repeatable)', collect, [])
    .option('--dry-run', 'read everything and print the plan; change nothing', false)
    .option('-y, --yes', 'act without asking (CI)', false)
    .option(
      '--override <reason>',
      'promote despite a failing soak policy, a team lock (pnd lock) or a freeze day; the reason is journaled (and written to the issue for the soak policy)',
    )
    .option(
      '--timeout <duration>',
      'how long the command may wait (a deploy, a rate limit) before giving up with exit code 5',
      '2h',
    )
    .option(
      '--wait <duration>',
      'when another run is acting on the environment, wait this long for it (default: exit 6 at once)',
      '0s',
    )
    .addOption(
      new Option('--until <stage>', 'how far the day goes')
        .choices(['deployed', 'verified', 'post-deployed'])
        .default('post-deployed'),
    )
    .option(
      '--reject-on-fail',
      'reject the post-deployment approval when verification fails (default: leave it for a person)',
      false,
    )
    .addOption(
      new Option('--journal <file|url>', 'the journal: a SQLite file or a postgres:// URL').env(
        'PND_JOURNAL',
      ),
    )
    .addHelpText(
      'after',
      `
What it does, per component of the environment:
  1. gathers what waits at the pre-deploy gate (Azure DevOps approvals, GitHub draft releases and
     runs waiting on the environment), what runs there and upstream, and the APIM change feeds;
  2. applies the soak policy (production takes only what ran in TT02 for the soak time, still
     runs there and passed verification); of several waiting versions the newest that passes is
     taken and the others are shown as superseded;
  3. prints one plan and asks once (an environment with a soak policy, such as production: type its
     name; --yes in CI);
  4. approves the pre-deployment approvals, publishes drafts, approves environment reviews —
     each journaled before and after, each preceded by a fresh read;
  5. watches each deploy to success or failure, ticks its line in the week's issue and comments
     the evidence;
  6. "go grab a coffee": runs the component's checks (rollout, pods, container app revision,
     function app deployment) until they pass, keeps re-checking for the environment's dwell,
     records the verdict, and only then gives the post-deployment approval (Azure DevOps) — a
     failure withholds it (--reject-on-fail rejects it) and the issue says why.
--until deployed stops after step 5; --until verified records the verdict but leaves the gate.
Run the same command again after a crash or Ctrl-C: it finishes the day without approving,
publishing or commenting twice.

Credentials: GITHUB_TOKEN (a required reviewer of the environments), PND_GITHUB_PUBLISH_TOKEN
(optional: publishes drafts as another identity, for environments that prevent self-review),
AZURE_DEVOPS_TOKEN (PAT with Release read, write & execute and Build read) or an Entra sign-in.

Exit codes: 0 every component deployed (and verified) or nothing waited; 1 a deploy failed
or failed verification; 2 bad input; 3 a component is blocked by the soak policy or needs
another person; 4 a credential was refused or is missing; 5 a wait (a deploy, GitHub's or
Azure DevOps' Retry-After) went past --timeout; 6 another run is acting on the environment (its
holder and since when are printed; --wait DURATION waits for it instead; a run that died frees
the lock by itself); 7 a person locked the environment (pnd lock) or today is a freeze day
(freezes, holidays in pnd.yaml) — the reason and author are printed, nothing is changed, and
--override REASON goes ahead and records the override. A locked component is skipped (blocked).

Examples:
  pnd deploy tt02 --dry-run
  pnd deploy production --yes
  pnd deploy production --component authentication --override "CVE-2026-1234 hotfix"`,
    )
    .action(
      runAction(async (env: string, options: Omit<DeployOptions, 'json'>, command: Command) => {
        const { runDeploy } = await import('./deploy-run.ts');
        return runDeploy(env, { ...options, json: Boolean(command.optsWithGlobals<GlobalOptions>().json) });
      }),
    );
}
