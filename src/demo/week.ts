import { simProviderSettings } from './sim-providers.ts';
import { deployDayRequest } from '../train/deploy/request.ts';
import { runWeeklyIssueJob } from '../app/weekly-issue-job.ts';
import { generateTemplate } from '../checklist/template-generate.ts';
import { loadEstate } from '../config/load.ts';
import type { Estate } from '../config/schema.ts';
import { VirtualClock } from '../core/clock.ts';
import { actOnPatchDay, gatherPatchDay } from '../deps/patch-day.ts';
import { SqliteJournal, type Journal } from '../journal/index.ts';
import { GitHubDependencyPRs } from '../providers/github/dependency-prs.ts';
import { GitHubIssueTracker } from '../providers/github/issue-tracker.ts';
import type { ProviderContext } from '../providers/registry.ts';
import { composeProviders } from '../app/compose.ts';
import { loadScenario } from '../sim/scenario/load.ts';
import { startSimulator, type Simulator } from '../sim/simulator.ts';
import { StatusReader } from '../status/reader.ts';
import type { StatusReport } from '../status/schema.ts';
import { runDeployDay } from '../train/deploy/deploy-day.ts';
import type { DeployDayResult } from '../train/deploy/model.ts';
import { simAccess } from './sim-access.ts';
import { weeklyIssueView, type DemoIssue } from './issue-view.ts';

/**
 * `pnd demo`: a week of the seed team's train, played by pnd's own engine functions against the
 * in-process simulator. One virtual clock (auto-advancing: every wait the engine makes moves it)
 * drives both, so a week of deploys, dwells and soak takes seconds. This module is the only place
 * that points pnd's providers at the simulator: its URLs, its CA and the scenario's fake tokens.
 */

export interface DemoOutcome {
  /** A component id, or a repository for patch day. */
  component: string;
  env?: string;
  outcome: string;
  version?: string;
  detail: string;
}

export interface DemoDay {
  id: 'monday' | 'wednesday' | 'thursday' | 'next-monday' | 'tuesday';
  /** Virtual time, ISO. */
  at: string;
  title: string;
  /** What a person would run (or the schedule runs) that day. */
  command: string;
  /** The narrative, one sentence a line. */
  lines: string[];
  outcomes: DemoOutcome[];
}

export interface DemoWeek {
  estate: { file: string; team: string; components: string[]; environments: string[] };
  simulator: { scenario: string; start: string; end: string; requests: number };
  days: DemoDay[];
  /** The weekly issues at the end, as a person sees them on GitHub. */
  issues: DemoIssue[];
}

export interface PlayOptions {
  configFile: string;
  scenarioFile: string;
  /** Called as each day ends, so the CLI can print it at once. */
  onDay?: (day: DemoDay) => void;
}

interface World {
  sim: Simulator;
  clock: VirtualClock;
  estate: Estate;
  journal: Journal;
  /** A fresh context per command, as each `pnd` run builds its own (caches do not outlive a run). */
  providers: () => ProviderContext;
}

export async function playWeek(options: PlayOptions): Promise<DemoWeek> {
  const { estate } = loadEstate(options.configFile, {});
  const scenario = await loadScenario(options.scenarioFile);
  const clock = new VirtualClock(scenario.start, { autoAdvance: true });
  const sim = await startSimulator({ scenario, clock, warn: () => {} });
  const journal = new SqliteJournal({ path: ':memory:', clock });
  try {
    const world: World = {
      sim,
      clock,
      estate,
      journal,
      providers: () => demoProviders(sim, clock),
    };
    const days: DemoDay[] = [];
    const play = async (day: () => Promise<DemoDay>) => {
      const done = await day();
      days.push(done);
      options.onDay?.(done);
    };
    const start = clock.now();
    await play(() => monday(world, 'monday', start));
    await play(() => deployDay(world, 'wednesday', atOslo(start, 2, '09:00'), 'tt02'));
    await play(() => patchDay(world, atOslo(start, 3, '07:30')));
    await play(() => nextMonday(world, atOslo(start, 7, '05:00')));
    await play(() => deployDay(world, 'tuesday', atOslo(start, 8, '09:00'), 'production'));
    const issues = await weeklyIssueView(world.providers().github, estate, clock.now());
    const problems = sim.problems();
    if (problems.length > 0)
      throw new Error(`The simulator saw problems: ${problems.map((p) => p.message).join('; ')}`);
    return {
      estate: {
        file: options.configFile,
        team: estate.team.name,
        components: estate.components.map((c) => c.id),
        environments: estate.environments.map((e) => e.id),
      },
      simulator: {
        scenario: scenario.name,
        start: new Date(start).toISOString(),
        end: new Date(clock.now()).toISOString(),
        requests: sim.log.lastSeq,
      },
      days,
      issues,
    };
  } finally {
    await journal.close();
    await sim.stop();
  }
}

function demoProviders(sim: Simulator, clock: VirtualClock): ProviderContext {
  return composeProviders(simProviderSettings(simAccess(sim), clock));
}

/** Epoch ms of an Oslo wall-clock time `days` after the start's date (the scenario's Monday). */
function atOslo(start: number, days: number, hhmm: string): number {
  const date = new Date(start + days * 86_400_000 + 12 * 3_600_000).toISOString().slice(0, 10);
  // Oslo is UTC+1 in late November and early December, when the seed scenario's week runs.
  return Date.parse(`${date}T${hhmm}:00+01:00`);
}

function moveTo(world: World, at: number): void {
  if (at > world.clock.now()) world.clock.set(at);
}

async function ensureIssue(world: World) {
  const { estate } = world;
  const [owner, repo] = estate.team.issueRepository.split('/') as [string, string];
  return runWeeklyIssueJob({
    team: estate.team.name,
    repo: { owner, repo },
    teamLabels: estate.team.labels,
    timeZone: estate.calendar.timeZone,
    template: { text: generateTemplate(estate).text, file: 'template generated from pnd.yaml' },
    now: world.clock.now(),
    env: {},
    closeLastWeek: estate.team.closeLastWeeksIssue,
    updateExisting: false,
    dryRun: false,
    github: world.providers().github,
  });
}

async function monday(world: World, id: 'monday', at: number): Promise<DemoDay> {
  moveTo(world, at);
  const first = await ensureIssue(world);
  const again = await ensureIssue(world);
  return {
    id,
    at: iso(world),
    title: 'Monday 05:00: the scheduled workflow creates the week’s issue',
    command: 'pnd issue create',
    lines: [
      `${first.status} #${first.number} "${first.title}" (${first.week}), ${first.carriedOver} open items carried over from last week.`,
      `A rerun of the schedule finds it by its hidden week marker: ${again.status}.`,
    ],
    outcomes: [
      { component: 'weekly-issue', outcome: first.status, detail: `#${first.number} ${first.title}` },
    ],
  };
}

async function deployDay(
  world: World,
  id: 'wednesday' | 'tuesday',
  at: number,
  env: string,
): Promise<DemoDay> {
  const lines: string[] = [];
  if (id === 'tuesday') {
    moveTo(world, at - 15 * 60_000);
    lines.push(...statusLines(await statusOf(world, env)));
  }
  moveTo(world, at);
  const result = await runDeployDay(
    deployDayRequest(world.estate, {
      env,
      dryRun: false,
      clock: world.clock,
      journal: world.journal,
      providers: world.providers(),
    }),
  );
  lines.push(...deployLines(result));
  const name = world.estate.environments.find((e) => e.id === env)?.name ?? env;
  return {
    id,
    at: new Date(at).toISOString(),
    title:
      id === 'wednesday'
        ? `Wednesday 09:00: ${name} deploy day — open the gates, watch, verify through the dwell, post-deploy`
        : `Tuesday 09:00: ${name} deploy day — promote what soaked in TT02 since Wednesday`,
    command: `pnd deploy ${env} --yes`,
    lines,
    outcomes: result.components.map((c) => ({
      component: c.component.id,
      env,
      outcome: c.outcome,
      ...(c.version ? { version: c.version.label } : {}),
      detail: c.detail,
    })),
  };
}

function deployLines(result: DeployDayResult): string[] {
  const lines: string[] = [];
  for (const feed of result.feeds)
    lines.push(
      feed.needed
        ? `${feed.name} (${feed.id}): deploy needed — ${feed.changes.map((c) => `${c.label} ${c.hashtags.join(' ')}`).join(', ')}.`
        : `${feed.name} (${feed.id}): no build in the last 7 days mentions the components: not needed.`,
    );
  for (const c of result.components) {
    const plan = result.plan.components.find((p) => p.component.id === c.component.id);
    const superseded = plan?.decision.superseded.map((s) => s.version.label) ?? [];
    const version = c.version ? ` ${c.version.label}` : '';
    lines.push(`${c.component.name}${version}: ${c.outcome} — ${c.detail}`);
    if (superseded.length > 0)
      lines.push(`  also waiting, superseded and never approved: ${superseded.join(', ')}`);
    const done = c.actions.filter((a) => a.outcome === 'done').map((a) => `${a.action} ${a.target}`);
    if (done.length > 0) lines.push(`  pnd did: ${done.join('; ')}`);
    if (c.verification)
      lines.push(`  verification: ${c.verification.reason} (post-deploy gate ${c.verification.gate})`);
  }
  if (result.issue)
    lines.push(`Ticked the lines and commented the evidence on issue #${result.issue.number}.`);
  return lines;
}

async function patchDay(world: World, at: number): Promise<DemoDay> {
  moveTo(world, at);
  const { estate } = world;
  const providers = world.providers();
  const config = estate.patchDay;
  if (!config)
    return {
      id: 'thursday',
      at: iso(world),
      title: 'Thursday: no patch day configured',
      command: 'pnd deps --merge-safe --yes',
      lines: [],
      outcomes: [],
    };
  const job = {
    prs: new GitHubDependencyPRs(providers.github),
    repositories: config.repositories,
    bots: config.bots,
    policy: config.mergePolicy,
    timeZone: estate.calendar.timeZone,
    now: world.clock.now(),
    merge: true,
  };
  const gathered = await gatherPatchDay(job);
  const [owner, repo] = estate.team.issueRepository.split('/') as [string, string];
  const done = await actOnPatchDay(job, gathered, {
    journal: world.journal,
    tracker: new GitHubIssueTracker(providers.github),
    team: estate.team.name,
    issueRepo: { owner, repo },
    dryRun: false,
  });
  const lines = [
    `Read ${done.summary.pulls} open bot pull requests in ${gathered.plan.repositories.length} repositories with one GraphQL query.`,
  ];
  for (const r of gathered.plan.repositories) {
    const merged = done.results.filter((m) => m.repo === r.repo && m.outcome === 'merged');
    const human = r.pulls.filter((p) => p.needsHuman);
    lines.push(
      `${r.repo}: merged ${merged.length}${merged.length ? ` (${merged.map((m) => `#${m.number}`).join(', ')})` : ''}; needs a human ${human.length}${human.length ? ` (${human.map((p) => `#${p.pull.number} ${p.reasons.join('+')}`).join(', ')})` : ''}.`,
    );
  }
  for (const r of done.results.filter((m) => m.outcome === 'refused' || m.outcome === 'failed'))
    lines.push(`${r.repo}#${r.number}: ${r.outcome}${r.detail ? ` — ${r.detail}` : ''}; the others went on.`);
  if (done.weeklyIssue?.issue)
    lines.push(
      `Issue #${done.weeklyIssue.issue.number}: ${
        done.weeklyIssue.ticked.length === 0
          ? 'no repository line ticked (each still has a pull request that needs a human)'
          : `${done.weeklyIssue.ticked.length} repository line(s) ticked`
      }; the summary comment posted.`,
    );
  return {
    id: 'thursday',
    at: iso(world),
    title: 'Thursday 07:30: patch day — every dependency-bot PR triaged, the safe ones merged',
    command: 'pnd deps --merge-safe --yes',
    lines,
    outcomes: done.results.map((r) => ({
      component: `${r.repo}#${r.number}`,
      outcome: r.outcome,
      detail: r.detail ?? r.title,
    })),
  };
}

/** Next Monday: the new week's issue, then a person puts a hotfix of Authentication into TT02. */
async function nextMonday(world: World, at: number): Promise<DemoDay> {
  moveTo(world, at);
  const created = await ensureIssue(world);
  const lines = [
    `05:00: ${created.status} #${created.number} "${created.title}" (${created.week}) for the new week.`,
  ];
  const outcomes: DemoOutcome[] = [
    { component: 'weekly-issue', outcome: created.status, detail: `#${created.number} ${created.title}` },
  ];
  const auth = world.estate.components.find((c) => c.environments.tt02?.deployer.kind === 'ado-release');
  const deployer = auth?.environments.tt02?.deployer;
  if (auth && deployer?.kind === 'ado-release') {
    moveTo(world, at + 5 * 3_600_000);
    // Not pnd: Azure DevOps makes a release and a person approves its TT02 stage in the portal.
    world.sim.world.fire('azure-devops.release-created', {
      definitionId: deployer.definitionId,
      version: '20261130.1',
      description: 'hotfix',
    });
    const ado = world.providers().ado(deployer.organization, deployer.project);
    let approved: string | undefined;
    const pending = [];
    for await (const a of ado.approvals({ statusFilter: 'pending', typeFilter: 'preDeploy' }))
      if (
        a.releaseDefinition.id === deployer.definitionId &&
        a.releaseEnvironment.name === deployer.environmentName
      )
        pending.push(a);
    const newest = pending.sort((a, b) => b.release.id - a.release.id)[0];
    if (newest) {
      await ado.updateApproval(newest.id, { status: 'approved', comments: 'hotfix, approved by hand' });
      approved = newest.release.name ?? String(newest.release.id);
    }
    await world.clock.sleep(30 * 60_000);
    lines.push(
      `10:00: Azure DevOps creates a hotfix release of ${auth.name}; a person approves ${approved ?? 'it'} for ${deployer.environmentName} by hand, outside pnd. It deploys.`,
    );
    const status = await statusOf(world, 'tt02');
    const row = status.components.find((c) => c.id === auth.id)?.environments[0];
    if (row?.running) lines.push(`pnd status: ${auth.name} in TT02 runs ${row.running.version.label} now.`);
    outcomes.push({
      component: auth.id,
      env: 'tt02',
      outcome: 'deployed by a person',
      ...(row?.running ? { version: row.running.version.label } : {}),
      detail: 'approved by hand in Azure DevOps; pnd did not verify it',
    });
  }
  return {
    id: 'next-monday',
    at: new Date(at).toISOString(),
    title: 'Next Monday: the new week’s issue, and a hotfix reaches TT02 by hand',
    command: 'pnd issue create (a person approves in Azure DevOps)',
    lines,
    outcomes,
  };
}

function statusOf(world: World, env: string): Promise<StatusReport> {
  return new StatusReader({
    estate: world.estate,
    providers: world.providers(),
    journal: world.journal,
    clock: world.clock,
    env,
  }).read();
}

function statusLines(report: StatusReport): string[] {
  const lines = ['08:45, pnd status --env production:'];
  for (const c of report.components)
    for (const e of c.environments) {
      const waiting = e.waiting
        ? `${e.waiting.version.label} waits (${e.waiting.verdict}${e.waiting.verdict === 'ok' ? '' : `: ${e.waiting.reasons.join('; ')}`})`
        : 'nothing waits';
      lines.push(
        `  ${c.name}: runs ${e.running?.version.label ?? 'nothing'}; ${waiting}; soak ${e.soak?.text ?? '-'}.`,
      );
    }
  return lines;
}

function iso(world: World): string {
  return new Date(world.clock.now()).toISOString();
}
