import type { HistoryEvent } from './events.ts';

/**
 * Delivery figures in the sense of DORA's four keys (https://dora.dev/guides/dora-metrics-four-keys/),
 * computed from the train's history events. Pure functions: the events of the window in, figures
 * out. Definitions (docs/history.md):
 *  - deployment frequency: deploys that reached the environment (`deployed`) per environment, and
 *    per week of the window;
 *  - lead time for changes: from the commit (the version's creation when the commit time was not
 *    journaled) to the version's successful deploy to production; median and 90th percentile;
 *  - change failure rate: deployments (deployed or failed) that failed — the deploy failed, its
 *    verification failed, its post-deploy approval was rejected, or it was rolled back — over
 *    deployments; each failed deployment counted once, under its first cause;
 *  - time to restore: from a failed verification of a component in an environment to the next
 *    passing verification of that component there; a run of failures is one incident.
 */

export interface DeploymentFrequency {
  env: string;
  deployments: number;
  perWeek: number;
}

export interface LeadTime {
  env: string | null;
  changes: number;
  medianHours: number | null;
  p90Hours: number | null;
  /** How many were measured from the commit time and how many from the version's creation. */
  fromCommit: number;
  fromVersionCreated: number;
}

export interface ChangeFailure {
  env: string | null;
  deployments: number;
  failed: number;
  rate: number | null;
  causes: { deployFailed: number; verificationFailed: number; rejected: number; rolledBack: number };
}

export interface TimeToRestore {
  incidents: number;
  restored: number;
  medianHours: number | null;
}

export interface DeliveryFigures {
  deploymentFrequency: DeploymentFrequency[];
  leadTime: LeadTime;
  changeFailureRate: ChangeFailure;
  changeFailureRateByEnv: ChangeFailure[];
  timeToRestore: TimeToRestore;
}

const HOUR_MS = 3_600_000;

export function deploymentFrequency(
  events: readonly HistoryEvent[],
  envs: readonly string[],
  weeks: number,
): DeploymentFrequency[] {
  return envs.map((env) => {
    const deployments = events.filter(
      (e) => e.type === 'deploy' && e.env === env && e.outcome === 'deployed',
    ).length;
    return { env, deployments, perWeek: weeks > 0 ? deployments / weeks : 0 };
  });
}

/** The q-quantile (nearest rank) of numbers, or null for none. */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  if (q === 0.5 && sorted.length % 2 === 0) {
    const mid = sorted.length / 2;
    return (sorted[mid - 1]! + sorted[mid]!) / 2;
  }
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export function leadTime(events: readonly HistoryEvent[], production: string | null): LeadTime {
  const hours: number[] = [];
  let fromCommit = 0;
  let fromVersionCreated = 0;
  for (const e of events) {
    if (e.type !== 'deploy' || e.outcome !== 'deployed' || production === null || e.env !== production)
      continue;
    const start = e.committedAt ?? e.versionCreatedAt;
    if (!start) continue;
    if (e.committedAt) fromCommit++;
    else fromVersionCreated++;
    hours.push(Math.max(0, Date.parse(e.at) - Date.parse(start)) / HOUR_MS);
  }
  return {
    env: production,
    changes: hours.length,
    medianHours: quantile(hours, 0.5),
    p90Hours: quantile(hours, 0.9),
    fromCommit,
    fromVersionCreated,
  };
}

/**
 * Each deployment (deployed or failed) of the window, and whether it failed and why. Verifications,
 * rejections and rollbacks are matched to the deployment of the same component, environment and
 * version (a rollback: to the deployment it replaced).
 */
export function changeFailures(events: readonly HistoryEvent[], env: string | null = null): ChangeFailure {
  const causes = { deployFailed: 0, verificationFailed: 0, rejected: 0, rolledBack: 0 };
  const deployments = events.filter(
    (e) =>
      e.type === 'deploy' &&
      (e.outcome === 'deployed' || e.outcome === 'failed') &&
      (env === null || e.env === env),
  );
  const replacedBy = new Map<string, HistoryEvent>();
  // What happened to each version in each slot, for matching to its deployment.
  const byChange = new Map<string, HistoryEvent[]>();
  const change = (e: HistoryEvent) => `${e.component}\u0000${e.env}\u0000${e.versionId}`;
  const rolledBack = new Set<HistoryEvent>();
  /** Per slot, the deployment now running: what a rollback replaces. */
  const running = new Map<string, HistoryEvent>();
  for (const e of events) {
    if (e.versionId !== null) {
      const list = byChange.get(change(e));
      if (list) list.push(e);
      else byChange.set(change(e), [e]);
    }
    const slot = `${e.component}\u0000${e.env}`;
    if (e.type === 'rollback') {
      // Its deploy event came just before it and is `running` now; what it replaced is saved below.
      const replaced = replacedBy.get(slot);
      if (replaced) rolledBack.add(replaced);
    } else if (e.type === 'deploy' && e.outcome === 'deployed') {
      const before = running.get(slot);
      if (before) replacedBy.set(slot, before);
      else replacedBy.delete(slot);
      running.set(slot, e);
    }
  }
  let failed = 0;
  for (const d of deployments) {
    const after = d.versionId === null ? [] : (byChange.get(change(d)) ?? []).filter((e) => e.at >= d.at);
    let cause: keyof typeof causes | undefined;
    if (d.outcome === 'failed') cause = 'deployFailed';
    else if (after.some((e) => e.type === 'verification' && e.outcome === 'fail'))
      cause = 'verificationFailed';
    else if (after.some((e) => e.type === 'rejection')) cause = 'rejected';
    else if (rolledBack.has(d)) cause = 'rolledBack';
    if (!cause) continue;
    causes[cause]++;
    failed++;
  }
  return {
    env,
    deployments: deployments.length,
    failed,
    rate: deployments.length ? failed / deployments.length : null,
    causes,
  };
}

/**
 * Failed verification → next passing one, per component and environment. Incidents start only
 * up to `openedUntil` (the window's end): later events are read only to find restorations.
 */
export function timeToRestore(events: readonly HistoryEvent[], openedUntil?: string): TimeToRestore {
  const open = new Map<string, string>();
  const hours: number[] = [];
  let incidents = 0;
  for (const e of events) {
    if (e.type !== 'verification') continue;
    const slot = `${e.component}\u0000${e.env}`;
    if (e.outcome === 'fail' && !open.has(slot) && (openedUntil === undefined || e.at <= openedUntil)) {
      open.set(slot, e.at);
      incidents++;
    } else if (e.outcome === 'pass' && open.has(slot)) {
      hours.push((Date.parse(e.at) - Date.parse(open.get(slot)!)) / HOUR_MS);
      open.delete(slot);
    }
  }
  return { incidents, restored: hours.length, medianHours: quantile(hours, 0.5) };
}

export function deliveryFigures(
  events: readonly HistoryEvent[],
  options: { envs: readonly string[]; production: string | null; weeks: number },
  /** Events after the window, read only to find when its incidents were restored. */
  after: readonly HistoryEvent[] = [],
): DeliveryFigures {
  return {
    deploymentFrequency: deploymentFrequency(events, options.envs, options.weeks),
    leadTime: leadTime(events, options.production),
    changeFailureRate: changeFailures(events),
    changeFailureRateByEnv: options.envs.map((env) => changeFailures(events, env)),
    timeToRestore: timeToRestore([...events, ...after], events.at(-1)?.at ?? ''),
  };
}
