import type { Journal, JournalEntry, RunRecord, TeamLock } from '../journal/index.ts';

/**
 * The train's history as events, read from what the engine journals (docs/journal.md): a deploy
 * is a `deploy-outcome` evidence entry, a verification a `verification` entry, an override an
 * `override` entry, a rejection a `post-deploy-outcome` whose gate was rejected, a rollback a
 * deploy of a version that had been running in that environment before something newer. Pure:
 * the journal is read once by the caller (`readHistory`).
 */
export type HistoryEventType =
  'deploy' | 'verification' | 'override' | 'rejection' | 'rollback' | 'lock' | 'unlock';

export interface HistoryEvent {
  at: string;
  type: HistoryEventType;
  env: string | null;
  component: string | null;
  /** The train's ISO week (`2026-W48`) when the run had one. */
  week: string | null;
  /**
   * deploy: deployed, failed, timed-out, blocked, needs-person, nothing-waiting; verification:
   * pass, fail; override: overridden; rejection: rejected; rollback: rolled-back; lock: held;
   * unlock: released.
   */
  outcome: string;
  version: string | null;
  versionId: string | null;
  detail: string;
  runId: number | null;
  actor: string | null;
  /** deploy: when the version was made (the release or run), from the run's deploy plan. */
  versionCreatedAt?: string;
  /** deploy: when its commit was made, when the deployer knew it (journaled since issue 15). */
  committedAt?: string;
}

/** The evidence kinds (the `action` of evidence entries) history reads, plus overrides. */
export const HISTORY_ACTIONS = [
  'deploy-plan',
  'deploy-outcome',
  'verification',
  'post-deploy-outcome',
  'override',
] as const;

/** A team lock (`pnd lock`) taken or released, as `lock`/`unlock` events. */
export interface LockEvent {
  at: string;
  env: string;
  component: string | null;
  type: 'lock' | 'unlock';
  /** Who took or released it. */
  holder: string;
  detail: string;
}

/**
 * The journal's team locks as events: each lock taken (with its reason and until), and each
 * release (by whom). A lock that lapsed at its `until` has no release event: it says so in its
 * detail.
 */
export function teamLockEvents(locks: readonly TeamLock[]): LockEvent[] {
  return locks.flatMap((lock): LockEvent[] => [
    {
      at: lock.createdAt,
      env: lock.env,
      component: lock.component,
      type: 'lock',
      holder: lock.author,
      detail: `${lock.reason}${lock.until ? ` (until ${lock.until})` : ''}`,
    },
    ...(lock.releasedAt
      ? [
          {
            at: lock.releasedAt,
            env: lock.env,
            component: lock.component,
            type: 'unlock' as const,
            holder: lock.releasedBy ?? lock.author,
            detail: `released by ${lock.releasedBy ?? lock.author}`,
          },
        ]
      : []),
  ]);
}

interface VersionData {
  id?: string;
  label?: string;
  committedAt?: string;
}

export function historyEvents(
  runs: readonly RunRecord[],
  entries: readonly JournalEntry[],
  locks: readonly LockEvent[] = [],
): HistoryEvent[] {
  const runById = new Map(runs.map((r) => [r.id, r]));
  /** The plan of a deploy, by run and step: it holds the candidate's creation time. */
  const plans = new Map<string, { createdAt?: string; version?: VersionData }>();
  const events: HistoryEvent[] = [];
  /** Per component/env: versions deployed so far, for rollbacks. */
  const deployed = new Map<string, string[]>();
  for (const entry of entries) {
    const run = runById.get(entry.runId);
    const base = {
      at: entry.at,
      week: run?.week ?? null,
      runId: entry.runId,
      actor: run?.actor ?? null,
    };
    if (entry.kind === 'override') {
      const data = (entry.data ?? {}) as { reason?: string; context?: { version?: VersionData } };
      const where = stepParts(entry.step, run?.env ?? null);
      events.push({
        ...base,
        type: 'override',
        ...where,
        outcome: 'overridden',
        version: data.context?.version?.label ?? null,
        versionId: data.context?.version?.id ?? null,
        detail: data.reason ?? '',
      });
      continue;
    }
    if (entry.kind !== 'evidence') continue;
    if (entry.action === 'deploy-plan') {
      const data = (entry.data ?? {}) as { candidate?: { createdAt?: string; version?: VersionData } };
      plans.set(`${entry.runId}:${entry.step}`, data.candidate ?? {});
    } else if (entry.action === 'deploy-outcome') {
      const data = (entry.data ?? {}) as { outcome?: string; detail?: string; version?: VersionData };
      const where = entry.key ? deployKeyParts(entry.key) : stepParts(entry.step, run?.env ?? null);
      const plan = plans.get(`${entry.runId}:${entry.step}`);
      const version = data.version ?? plan?.version;
      const committedAt = version?.committedAt ?? plan?.version?.committedAt;
      const event: HistoryEvent = {
        ...base,
        type: 'deploy',
        ...where,
        outcome: data.outcome ?? 'unknown',
        version: version?.label ?? null,
        versionId: version?.id ?? null,
        detail: data.detail ?? '',
        ...(plan?.createdAt ? { versionCreatedAt: plan.createdAt } : {}),
        ...(committedAt ? { committedAt } : {}),
      };
      events.push(event);
      if (event.outcome === 'deployed' && event.versionId) {
        const slot = `${event.component}/${event.env}`;
        const before = deployed.get(slot) ?? [];
        // Back to a version that ran here before something newer: a rollback.
        if (before.includes(event.versionId) && before.at(-1) !== event.versionId)
          events.push({
            ...event,
            type: 'rollback',
            outcome: 'rolled-back',
            detail: `back to ${event.version}`,
          });
        deployed.set(slot, [...before.filter((v) => v !== event.versionId), event.versionId]);
      }
    } else if (entry.action === 'verification' && entry.key) {
      const data = (entry.data ?? {}) as { status?: string; reason?: string };
      const [, component = null, env = null, ...rest] = entry.key.split(':');
      const versionId = rest.length ? rest.join(':') : null;
      events.push({
        ...base,
        type: 'verification',
        component,
        env,
        outcome: data.status ?? 'unknown',
        version: versionId,
        versionId,
        detail: data.reason ?? '',
      });
    } else if (entry.action === 'post-deploy-outcome') {
      const data = (entry.data ?? {}) as { gate?: string; reason?: string; version?: VersionData };
      if (data.gate !== 'rejected') continue;
      const where = entry.key ? deployKeyParts(entry.key) : stepParts(entry.step, run?.env ?? null);
      events.push({
        ...base,
        type: 'rejection',
        ...where,
        outcome: 'rejected',
        version: data.version?.label ?? null,
        versionId: data.version?.id ?? null,
        detail: data.reason ?? '',
      });
    }
  }
  for (const lock of locks)
    events.push({
      at: lock.at,
      type: lock.type,
      env: lock.env,
      component: lock.component,
      week: null,
      outcome: lock.type === 'lock' ? 'held' : 'released',
      version: null,
      versionId: null,
      detail: lock.detail,
      runId: null,
      actor: lock.holder,
    });
  // Stable: entries are in write order already; locks are merged in by time.
  return events
    .map((e, i) => [e, i] as const)
    .sort(([a, i], [b, j]) => (a.at < b.at ? -1 : a.at > b.at ? 1 : i - j))
    .map(([e]) => e);
}

/** `deploy:<week>:<env>:<component>` (planKey). */
function deployKeyParts(key: string): { env: string | null; component: string | null } {
  const [, , env = null, component = null] = key.split(':');
  return { env, component };
}

/** `deploy.<component>.<env>` / `post-deploy.<component>.<env>` (step-ids.ts), env from the run. */
function stepParts(
  step: string | null,
  env: string | null,
): { env: string | null; component: string | null } {
  if (!step) return { env, component: null };
  const rest = step.slice(step.indexOf('.') + 1);
  if (env && rest.endsWith(`.${env}`)) return { env, component: rest.slice(0, -env.length - 1) };
  const cut = rest.lastIndexOf('.');
  return cut > 0
    ? { env: env ?? rest.slice(cut + 1), component: rest.slice(0, cut) }
    : { env, component: rest };
}

export interface HistoryFilter {
  env?: string;
  component?: string;
}

export function filterHistory(events: readonly HistoryEvent[], filter: HistoryFilter): HistoryEvent[] {
  return events.filter(
    (e) =>
      (filter.env === undefined || e.env === filter.env) &&
      (filter.component === undefined || e.component === filter.component),
  );
}

const WEEK_MS = 7 * 86_400_000;

/**
 * The events between two instants, read with two range queries (entries by `at`, runs by start).
 * Runs are read from a week earlier: a long deploy day's entries belong to a run started before.
 */
export async function readHistory(
  journal: Pick<Journal, 'runs' | 'entries' | 'teamLocks'>,
  range: { since?: string; until?: string },
): Promise<HistoryEvent[]> {
  const runsSince = range.since ? new Date(Date.parse(range.since) - WEEK_MS).toISOString() : undefined;
  const [runs, entries, locks] = await Promise.all([
    journal.runs({
      ...(runsSince ? { since: runsSince } : {}),
      ...(range.until ? { until: range.until } : {}),
    }),
    journal.entries({ ...range, actions: HISTORY_ACTIONS }),
    journal.teamLocks(),
  ]);
  const inRange = (at: string) =>
    (range.since === undefined || at >= range.since) && (range.until === undefined || at < range.until);
  return historyEvents(
    runs,
    entries,
    teamLockEvents(locks).filter((l) => inRange(l.at)),
  );
}
