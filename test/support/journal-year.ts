/**
 * A generated year of journal entries (issue 15): `weeks` weekly trains over `components`
 * components and a few environments in promotion order, written in the shapes the deploy day
 * journals (src/train/deploy/deploy-day.ts, verify-phase.ts, verification-record.ts) with a
 * realistic mix: nothing waiting, blocked by the soak policy, overrides, failed deploys, failed
 * verifications (some rejected, some restored by a later `pnd verify`, some rolled back).
 * Deterministic for a seed. Returned as tables for `Journal.loadTables` (one transaction), so a
 * year is written in well under a second (with a few team locks, `pnd lock`); used by the report tests and bench/journal.ts.
 */
import type { TableRows } from '../../src/journal/index.ts';
import { isoWeekMonday, shiftWeek } from '../../src/history/weeks.ts';

export interface YearOptions {
  seed: number;
  weeks?: number;
  components?: number;
  /** Promotion order; the last is production. */
  envs?: readonly string[];
  /** The first week, e.g. `2026-W01`. */
  firstWeek?: string;
}

export interface GeneratedYear {
  tables: TableRows[];
  envs: string[];
  components: string[];
  weeks: string[];
  /** What was generated, for tests to compare figures against. */
  counts: {
    runs: number;
    entries: number;
    deployed: number;
    failedDeploys: number;
    failedVerifications: number;
  };
}

/** mulberry32: a small, good-enough PRNG with a 32-bit seed (deterministic across platforms). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const RUN_COLUMNS = [
  'id',
  'command',
  'week',
  'env',
  'args',
  'actor',
  'started_at',
  'finished_at',
  'outcome',
  'summary',
];
const LOCK_COLUMNS = [
  'id',
  'env',
  'component',
  'reason',
  'author',
  'author_source',
  'created_at',
  'until',
  'released_at',
  'released_by',
];
const ENTRY_COLUMNS = [
  'id',
  'run_id',
  'at',
  'kind',
  'step',
  'key',
  'action',
  'target',
  'outcome',
  'intent_id',
  'data',
];

export function generateJournalYear(options: YearOptions): GeneratedYear {
  const random = prng(options.seed);
  const weeksCount = options.weeks ?? 52;
  const envs = [...(options.envs ?? ['dev', 'staging', 'prod'])];
  const components = Array.from(
    { length: options.components ?? 10 },
    (_, i) => `svc-${String(i + 1).padStart(2, '0')}`,
  );
  const first = options.firstWeek ?? '2026-W01';
  const weeks = Array.from({ length: weeksCount }, (_, i) => shiftWeek(first, i));
  const runs: unknown[][] = [];
  const entries: unknown[][] = [];
  const counts = { runs: 0, entries: 0, deployed: 0, failedDeploys: 0, failedVerifications: 0 };
  const iso = (t: number) => new Date(t).toISOString();
  const json = (v: unknown) => JSON.stringify(v);
  /** Per component and env: the version running (for rollbacks). */
  const running = new Map<string, { id: string; label: string }>();

  const startRun = (command: string, week: string | null, env: string, at: number) => {
    const id = runs.length + 1;
    runs.push([id, command, week, env, json({ yes: true }), 'ci@runner', iso(at), null, 'running', null]);
    counts.runs++;
    return id;
  };
  const finishRun = (id: number, at: number, outcome: string, summary: unknown) => {
    const row = runs[id - 1]!;
    row[7] = iso(at);
    row[8] = outcome;
    row[9] = json(summary);
  };
  const entry = (
    runId: number,
    at: number,
    kind: string,
    f: {
      step?: string;
      key?: string;
      action?: string;
      target?: string;
      outcome?: string;
      intentId?: number;
      data?: unknown;
    },
  ) => {
    const id = entries.length + 1;
    entries.push([
      id,
      runId,
      iso(at),
      kind,
      f.step ?? null,
      f.key ?? null,
      f.action ?? null,
      f.target ?? null,
      f.outcome ?? null,
      f.intentId ?? null,
      f.data === undefined ? null : json(f.data),
    ]);
    counts.entries++;
    return id;
  };
  const verify = (runId: number, at: number, c: string, env: string, versionId: string, pass: boolean) => {
    if (!pass) counts.failedVerifications++;
    entry(runId, at, 'evidence', {
      key: `verification:${c}:${env}:${versionId}`,
      step: `post-deploy.${c}.${env}`,
      action: 'verification',
      data: {
        status: pass ? 'pass' : 'fail',
        reason: pass ? 'every check passed' : 'readiness probe failing',
        checks: [],
      },
    });
  };

  const locks: unknown[][] = [];
  for (const [w, week] of weeks.entries()) {
    const monday = isoWeekMonday(week);
    // Now and then a person holds production for a day or two (`pnd lock`), released by someone.
    if (random() < 0.12) {
      const taken = monday + Math.floor(random() * 4 * DAY);
      const component = random() < 0.5 ? null : components[Math.floor(random() * components.length)]!;
      locks.push([
        locks.length + 1,
        envs.at(-1)!,
        component,
        'database maintenance',
        'kari',
        'github',
        iso(taken),
        null,
        iso(taken + Math.floor((6 + random() * 30) * HOUR)),
        'ola',
      ]);
    }
    // This week's version of each component: made on Monday morning, committed up to two days before.
    const versions = components.map((c, i) => {
      const createdAt = monday + 6 * HOUR + Math.floor(random() * 3 * HOUR);
      const committedAt = createdAt - Math.floor((1 + random() * 47) * HOUR);
      const id = `${c}-${w + 1}.${i}`;
      return {
        id,
        label: `${c} ${w + 1}`,
        commitSha: id.padEnd(40, '0').slice(0, 40),
        committedAt: iso(committedAt),
        createdAt,
      };
    });
    for (const [e, env] of envs.entries()) {
      const day = monday + (1 + e) * DAY + 8 * HOUR;
      let t = day;
      const runId = startRun(`deploy ${env}`, week, env, t);
      entry(runId, (t += 1000), 'evidence', {
        action: 'plan',
        data: { env, week, components: components.length },
      });
      const summary: { component: string; outcome: string }[] = [];
      for (const [i, c] of components.entries()) {
        const v = versions[i]!;
        const step = `deploy.${c}.${env}`;
        const key = `deploy:${week}:${env}:${c}`;
        const roll = random();
        if (roll < 0.12) {
          entry(runId, (t += 1000), 'evidence', {
            step,
            action: 'deploy-outcome',
            data: { outcome: 'nothing-waiting', detail: 'nothing waits at the gate' },
          });
          summary.push({ component: c, outcome: 'nothing-waiting' });
          continue;
        }
        const overridden = e > 0 && roll < 0.2 && roll >= 0.16;
        if (e > 0 && roll < 0.16) {
          entry(runId, (t += 1000), 'evidence', {
            step,
            action: 'deploy-outcome',
            data: { outcome: 'blocked', detail: `not verified in ${envs[e - 1]}` },
          });
          summary.push({ component: c, outcome: 'blocked' });
          continue;
        }
        const version = { id: v.id, label: v.label, commitSha: v.commitSha, committedAt: v.committedAt };
        if (overridden)
          entry(runId, (t += 1000), 'override', {
            step,
            action: 'override',
            data: {
              reason: 'hotfix needed before the soak ends',
              context: { version, reasons: ['soak not over'] },
            },
          });
        entry(runId, (t += 1000), 'evidence', {
          key,
          step,
          action: 'deploy-plan',
          data: {
            candidate: {
              version,
              ref: `gen:${c}:${v.id}:${env}`,
              createdAt: iso(v.createdAt),
              steps: [`approve ${env}`],
            },
            decision: { status: overridden ? 'overridden' : 'ok', reasons: [] },
          },
        });
        const target = `gen:${c}:${v.id}:${env}:approve`;
        const intent = entry(runId, (t += 1000), 'intent', {
          key: target,
          step,
          action: 'approve',
          target,
          data: { version },
        });
        entry(runId, (t += 2000), 'result', {
          key: target,
          step,
          action: 'approve',
          target,
          outcome: 'done',
          intentId: intent,
        });
        t += 10 * 60_000;
        const deployFailed = random() < 0.04;
        entry(runId, (t += 1000), 'evidence', {
          key,
          step,
          action: 'deploy-outcome',
          data: {
            outcome: deployFailed ? 'failed' : 'deployed',
            detail: deployFailed ? 'the deploy job failed' : 'succeeded',
            version,
          },
        });
        if (deployFailed) {
          counts.failedDeploys++;
          summary.push({ component: c, outcome: 'failed' });
          continue;
        }
        counts.deployed++;
        const slot = `${c}/${env}`;
        const before = running.get(slot);
        running.set(slot, version);
        const pass = random() >= 0.08;
        t += 10 * 60_000;
        verify(runId, t, c, env, v.id, pass);
        const rejected = !pass && random() < 0.5;
        entry(runId, (t += 1000), 'evidence', {
          key,
          step: `post-deploy.${c}.${env}`,
          action: 'post-deploy-outcome',
          data: {
            version,
            status: pass ? 'pass' : 'fail',
            reason: pass ? 'every check passed' : 'readiness probe failing',
            gate: pass ? 'approved' : rejected ? 'rejected' : 'withheld',
            checks: [],
          },
        });
        summary.push({ component: c, outcome: pass ? 'verified' : 'unhealthy' });
        if (pass) continue;
        // Restored the next day: by a fix verified in place, or by a rollback to what ran before.
        const next = day + DAY + Math.floor(random() * 6 * HOUR);
        if (before && random() < 0.3) {
          const back = startRun(`deploy ${env}`, week, env, next);
          entry(back, next + 1000, 'evidence', {
            key,
            step,
            action: 'deploy-outcome',
            data: { outcome: 'deployed', detail: 'succeeded', version: before },
          });
          counts.deployed++;
          running.set(slot, before);
          verify(back, next + 60_000, c, env, before.id, true);
          finishRun(back, next + 120_000, 'succeeded', [{ component: c, outcome: 'verified' }]);
        } else {
          const fix = startRun(`verify ${env}`, null, env, next);
          verify(fix, next + 60_000, c, env, v.id, true);
          finishRun(fix, next + 120_000, 'succeeded', null);
        }
      }
      const outcome = summary.some((s) => s.outcome === 'failed' || s.outcome === 'unhealthy')
        ? 'failed'
        : summary.some((s) => s.outcome === 'blocked')
          ? 'blocked'
          : 'succeeded';
      finishRun(runId, t + 1000, outcome, summary);
    }
  }
  // Ids in write order: entries written by the restoring runs (next day) are interleaved by time.
  const ordered = [...entries].sort((a, b) =>
    String(a[2]) < String(b[2]) ? -1 : String(a[2]) > String(b[2]) ? 1 : Number(a[0]) - Number(b[0]),
  );
  const renumber = new Map(ordered.map((row, i) => [Number(row[0]), i + 1]));
  const entryRows = ordered.map((row) => {
    const copy = [...row];
    copy[0] = renumber.get(Number(row[0]));
    if (copy[9] !== null) copy[9] = renumber.get(Number(copy[9]));
    return copy;
  });
  return {
    tables: [
      { name: 'runs', columns: RUN_COLUMNS, references: [], rows: runs },
      { name: 'entries', columns: ENTRY_COLUMNS, references: ['runs', 'entries'], rows: entryRows },
      { name: 'team_locks', columns: LOCK_COLUMNS, references: [], rows: locks },
    ],
    envs,
    components,
    weeks,
    counts,
  };
}
