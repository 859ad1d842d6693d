import { deployDayRequest } from '../train/deploy/request.ts';
import { localDate } from '../core/local-date.ts';
import { parseChecklist } from '../checklist/index.ts';
import type { Estate } from '../config/schema.ts';
import type { Clock } from '../core/clock.ts';
import { formatDuration } from '../core/duration.ts';
import { PndError } from '../core/errors.ts';
import { gatherPatchDay } from '../deps/patch-day.ts';
import type { Journal } from '../journal/index.ts';
import type { IssueTracker } from '../capabilities/issue-tracker.ts';
import type { DependencyPRs } from '../capabilities/dependency-prs.ts';
import type { ComponentPlan, DeployTarget, FeedPlan } from '../train/deploy/model.ts';
import { gatherPlan } from '../train/deploy/gather.ts';
import { soakedFor } from '../train/deploy/soak-policy.ts';
import type { Deployer, Deployment, Version } from '../capabilities/deployer.ts';
import type { ProviderContext } from '../providers/registry.ts';
import { lastVerification } from '../train/verification-record.ts';
import { weekMarker } from '../train/week-marker.ts';
import { isoWeekOf } from '../template/index.ts';
import { gitHubDeployerSignature } from '../providers/github/deployer-signature.ts';
import { DeployerReads } from './memo-deployer.ts';
import type { EnvironmentStatus, HoldsStatus, PatchDayStatus, StatusReport } from './schema.ts';
import { freezeDaysBetween, freezeHolds } from '../train/holds/freeze-days.ts';

const DAY = 86_400_000;

/**
 * Everything `pnd status` reads, in one parallel gather: per environment the deploy day's own
 * plan (what runs, what waits, the soak verdict — the same functions `pnd deploy` uses, with
 * no write offered), the journal's verifications, the APIM feeds, patch day and the weekly issue.
 */
export interface StatusSources {
  estate: Estate;
  /** Fresh per refresh (Azure DevOps approvals are cached per context); GitHub's client is shared. */
  providers: ProviderContext;
  journal: Journal;
  clock: Clock;
  tracker: IssueTracker;
  prs: DependencyPRs;
  /** Only this environment's rows and feeds. */
  env?: string;
  /** Patch day as read before, when still fresh enough: not read again (watch mode). */
  patchDay?: () => PatchDayStatus | undefined;
  /** Deployer reads of this refresh; in watch mode it knows the last refresh's answers. */
  reads?: DeployerReads;
  /** Probe GitHub deployers for changes with conditional requests before reading them (watch mode). */
  probeChanges?: boolean;
}

export async function gatherStatus(sources: StatusSources): Promise<StatusReport> {
  const { estate, clock } = sources;
  const now = clock.now();
  const timeZone = estate.calendar.timeZone;
  const week = isoWeekOf(now, timeZone).label;
  const envs = estate.environments.filter((e) => !sources.env || e.id === sources.env);
  const reads = sources.reads ?? new DeployerReads();
  const cachedPatchDay = sources.patchDay?.();
  const problems: StatusReport['problems'] = [];
  // One unreadable part (a refused credential, an API down) leaves the rest of the status standing.
  const settle = async <T>(section: string, read: () => Promise<T>, fallback: T): Promise<T> => {
    try {
      return await read();
    } catch (error) {
      problems.push(problemOf(section, error));
      return fallback;
    }
  };
  const [plans, patchDay, weeklyIssue, holds] = await Promise.all([
    Promise.all(envs.map((env) => planEnvironment(sources, env.id, reads, settle))),
    cachedPatchDay
      ? Promise.resolve(cachedPatchDay)
      : settle('patch day', () => readPatchDay(sources, now), null),
    settle('weekly issue', () => readWeeklyIssue(sources, week, now), null),
    settle('locks and freezes', () => readHolds(sources, now), { locks: [], freezes: [] }),
  ]);
  const rows = plans.flatMap((p) => p.components);
  const components = await Promise.all(
    estate.components.map(async (component) => ({
      id: component.id,
      name: component.name,
      environments: await Promise.all(
        rows
          .filter((r) => r.plan.component.id === component.id)
          .map((r) => environmentStatus(sources, r.plan, r.target, r.upstream)),
      ),
    })),
  );
  return {
    schemaVersion: 2,
    at: new Date(now).toISOString(),
    week,
    timeZone,
    today: today(estate, now),
    components: components.filter((c) => c.environments.length > 0),
    holds,
    apim: plans.flatMap((p) => p.feeds),
    patchDay,
    weeklyIssue,
    problems,
  };
}

/** Team locks in force now, and freeze days from today through the next six (the week ahead). */
async function readHolds(sources: StatusSources, now: number): Promise<HoldsStatus> {
  const { estate, env } = sources;
  const today = localDate(now, estate.calendar.timeZone);
  const last = new Date(Date.parse(`${today}T00:00:00Z`) + 6 * 86_400_000).toISOString().slice(0, 10);
  const [locks, days] = await Promise.all([
    sources.journal.activeTeamLocks(new Date(now).toISOString()),
    freezeDaysBetween(estate, today, last),
  ]);
  return {
    locks: locks
      .filter((l) => !env || l.env === env)
      .map((l) => ({
        id: l.id,
        env: l.env,
        component: l.component,
        reason: l.reason,
        author: l.author,
        authorSource: l.authorSource,
        since: l.createdAt,
        until: l.until,
      })),
    freezes: days
      .filter((d) => !env || freezeHolds(d, env))
      .map((d) => ({
        date: d.date,
        kind: d.kind,
        reason: d.reason,
        environments: d.environments,
        today: d.date === today,
      })),
  };
}

type Settle = <T>(section: string, read: () => Promise<T>, fallback: T) => Promise<T>;

interface PlannedRow {
  plan: ComponentPlan;
  target: DeployTarget;
  upstream: Deployment[] | undefined;
}

/**
 * The deploy day's own plan, one component at a time (each gathered in parallel, sharing the
 * context's caches and batches), so that one unreadable component does not hide the others.
 */
async function planEnvironment(
  sources: StatusSources,
  envId: string,
  reads: DeployerReads,
  settle: Settle,
): Promise<{ components: PlannedRow[]; feeds: StatusReport['apim'] }> {
  const request = deployDayRequest(sources.estate, {
    env: envId,
    dryRun: true,
    issue: false,
    clock: sources.clock,
    journal: sources.journal,
    providers: sources.providers,
  });
  const wrap = (componentId: string, env: string, deployer: Deployer) =>
    reads.wrap(`${componentId}:${env}`, deployer, probeFor(sources, componentId, env));
  const targets = request.targets.map((t) => ({
    ...t,
    deployer: wrap(t.component.id, t.env.id, t.deployer),
    ...(t.upstream
      ? {
          upstream: {
            ...t.upstream,
            deployer: wrap(t.component.id, t.upstream.rule.upstream, t.upstream.deployer),
          },
        }
      : {}),
  }));
  const now = sources.clock.now();
  const [components, feeds] = await Promise.all([
    Promise.all(
      targets.map((target) =>
        settle(
          `${target.component.name} in ${target.env.name}`,
          async (): Promise<PlannedRow | undefined> => {
            // The upstream reads are the plan's own (memoised): the soak clock costs no request.
            const [plan, upstream] = await Promise.all([
              gatherPlan({ ...request, targets: [target], feeds: [] }),
              target.upstream?.deployer.deployments(),
            ]);
            return { plan: plan.components[0]!, target, upstream };
          },
          undefined,
        ),
      ),
    ),
    Promise.all(
      request.feeds.map((feed) =>
        settle(
          `APIM feed ${feed.id}`,
          async () => {
            const since = now - feed.lookbackMs;
            const changes = await feed.reader.changes(since);
            return apimVerdict(envId, {
              id: feed.id,
              step: feed.step,
              needed: changes.length > 0,
              changes,
              since: new Date(since).toISOString(),
            });
          },
          undefined,
        ),
      ),
    ),
  ]);
  return {
    components: components.filter((c): c is PlannedRow => c !== undefined),
    feeds: feeds.filter((f): f is StatusReport['apim'][number] => f !== undefined),
  };
}

function problemOf(section: string, error: unknown): StatusReport['problems'][number] {
  if (error instanceof PndError) {
    const { where, hint } = error.details;
    return {
      section,
      code: error.code,
      message: error.message,
      ...(typeof where === 'string' ? { where } : {}),
      ...(typeof hint === 'string' ? { hint } : {}),
    };
  }
  return { section, code: 'internal', message: error instanceof Error ? error.message : String(error) };
}

/** A free change probe for the deployers that read with GraphQL (GitHub environments), in watch mode. */
function probeFor(
  sources: StatusSources,
  componentId: string,
  env: string,
): (() => Promise<string>) | undefined {
  if (!sources.probeChanges) return undefined;
  const config = sources.estate.components.find((c) => c.id === componentId)?.environments[env]?.deployer;
  if (config?.kind !== 'github-environment') return undefined;
  return () => gitHubDeployerSignature(sources.providers.github, config);
}

async function environmentStatus(
  sources: StatusSources,
  plan: ComponentPlan,
  target: DeployTarget,
  upstream: Deployment[] | undefined,
): Promise<EnvironmentStatus> {
  const { decision } = plan;
  const running = plan.running;
  const newest =
    decision.chosen ?? (decision.status === 'blocked' ? decision.verdicts[0]?.candidate : undefined);
  const verdict = plan.resumed
    ? 'resumed'
    : decision.status === 'overridden'
      ? 'overridden'
      : decision.status === 'blocked'
        ? 'blocked'
        : 'ok';
  const record = running
    ? await lastVerification(sources.journal, plan.component.id, plan.env.id, running.version.id)
    : undefined;
  const verification = record
    ? {
        status: record.status,
        at: record.at,
        ...(record.reason ? { reason: record.reason } : {}),
        source: 'journal' as const,
      }
    : running?.postDeployApproved
      ? { status: 'pass' as const, at: null, source: 'post-deploy-approval' as const }
      : null;
  const hasPostGate = typeof target.deployer.postDeployGate === 'function';
  const postDeploy = !running
    ? 'not-reached'
    : !hasPostGate
      ? 'none'
      : running.postDeployApproved
        ? 'passed'
        : record?.status === 'fail'
          ? 'withheld'
          : 'open';
  return {
    env: plan.env,
    running: running ? { version: slim(running.version), deployedAt: running.deployedAt } : null,
    waiting: newest
      ? {
          version: slim(newest.version),
          createdAt: newest.createdAt,
          ...(newest.url ? { url: newest.url } : {}),
          verdict,
          reasons: decision.reasons,
          ...(newest.blockedReason ? { blockedReason: newest.blockedReason } : {}),
        }
      : null,
    superseded: decision.superseded.filter((c) => c !== newest).map((c) => slim(c.version)),
    gates: { preDeploy: newest ? 'open' : running ? 'passed' : 'not-reached', postDeploy },
    soak: soakClock(sources, target, upstream),
    verification,
  };
}

function soakClock(
  sources: StatusSources,
  target: DeployTarget,
  upstream: Deployment[] | undefined,
): EnvironmentStatus['soak'] {
  const rule = target.upstream?.rule;
  const runningUpstream = upstream?.[0];
  if (!rule || !upstream || !runningUpstream) return null;
  const since = Math.min(
    ...upstream
      .filter((d) => d.version.id === runningUpstream.version.id)
      .map((d) => Date.parse(d.deployedAt)),
  );
  const now = sources.clock.now();
  const soaked = soakedFor(since, now, rule.minimumMs, sources.estate.calendar.timeZone);
  const calendarDays = rule.minimumMs % DAY === 0 ? Number.parseInt(soaked.elapsed, 10) : null;
  const elapsed = dayHours(now - since);
  const required = formatDuration(rule.minimumMs);
  const days = calendarDays === null ? '' : ` (calendar day ${calendarDays} of ${rule.minimumMs / DAY})`;
  return {
    upstream: { id: rule.upstream, name: rule.upstreamName },
    version: slim(runningUpstream.version),
    since: new Date(since).toISOString(),
    elapsed,
    required,
    calendarDays,
    ok: soaked.ok,
    text: `in ${rule.upstreamName} ${elapsed} of ${required}${days}${soaked.ok ? ': soaked' : ''}`,
  };
}

function dayHours(ms: number): string {
  const hours = Math.floor(Math.max(0, ms) / 3_600_000);
  if (hours >= 24) return `${Math.floor(hours / 24)}d ${hours % 24}h`;
  return `${hours}h ${Math.floor((Math.max(0, ms) % 3_600_000) / 60_000)}m`;
}

function slim(version: Version): { id: string; label: string } {
  return { id: version.id, label: version.label };
}

function apimVerdict(env: string, feed: FeedPlan): StatusReport['apim'][number] {
  return {
    id: feed.id,
    env,
    needed: feed.needed,
    since: feed.since,
    changes: feed.changes.map((c) => ({
      id: c.id,
      label: c.label,
      at: c.at,
      hashtags: c.hashtags,
      message: c.message,
      ...(c.url ? { url: c.url } : {}),
    })),
  };
}

export async function readPatchDay(sources: StatusSources, now: number): Promise<PatchDayStatus | null> {
  const config = sources.estate.patchDay;
  if (!config) return null;
  const { plan } = await gatherPatchDay({
    prs: sources.prs,
    repositories: config.repositories,
    bots: config.bots,
    policy: config.mergePolicy,
    timeZone: sources.estate.calendar.timeZone,
    now,
    merge: false,
  });
  const repositories = plan.repositories.map((r) => ({
    repo: r.repo,
    open: r.pulls.length,
    needsHuman: r.pulls.filter((p) => p.needsHuman).length,
    mergeSafe: r.pulls.filter((p) => p.merge.safe).length,
  }));
  const sum = (key: 'open' | 'needsHuman' | 'mergeSafe') => repositories.reduce((n, r) => n + r[key], 0);
  return {
    asOf: new Date(now).toISOString(),
    open: sum('open'),
    needsHuman: sum('needsHuman'),
    mergeSafe: sum('mergeSafe'),
    repositories,
    missing: plan.missing,
  };
}

async function readWeeklyIssue(
  sources: StatusSources,
  week: string,
  now: number,
): Promise<StatusReport['weeklyIssue']> {
  const { estate } = sources;
  const [owner, repo] = estate.team.issueRepository.split('/') as [string, string];
  const found = await sources.tracker.findByMarker({ owner, repo }, weekMarker(week, estate.team.name), {
    since: now - 14 * DAY,
  });
  const issue = found[0];
  if (!issue) return null;
  const items = parseChecklist(issue.body).all;
  return {
    number: issue.number,
    url: issue.url,
    title: issue.title,
    state: issue.state,
    ticked: items.filter((i) => i.checked).length,
    total: items.length,
    open: items.filter((i) => !i.checked).map((i) => i.text),
  };
}

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;

function today(estate: Estate, now: number): StatusReport['today'] {
  const date = localDate(now, estate.calendar.timeZone);
  const weekday = WEEKDAYS[new Date(`${date}T12:00:00Z`).getUTCDay()]!;
  const day = estate.calendar.trainDays[weekday];
  const due: StatusReport['today']['due'] = [];
  if (day?.deploy) due.push({ kind: 'deploy', env: day.deploy, command: `pnd deploy ${day.deploy}` });
  if (day?.patch) due.push({ kind: 'patch', command: 'pnd deps --merge-safe' });
  return { date, weekday, due };
}
