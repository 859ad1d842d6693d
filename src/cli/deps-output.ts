import { formatDuration } from '../core/duration.ts';
import type { PatchDayPlan, PlannedPull } from '../deps/plan.ts';
import { BLOCKER_TEXT } from '../deps/policy.ts';
import type { MergeResult } from '../deps/run.ts';
import type { PatchDaySummary } from '../deps/summary.ts';
import { REASON_TEXT } from '../deps/triage.ts';
import type { WeeklyIssueOutcome } from '../deps/weekly.ts';
import { paint } from './output.ts';
import { renderTable } from './table.ts';

/** `pnd deps` output: the table for people and the documented --json object (docs/patch-day.md). */

export interface DepsReport {
  week: string;
  mergeSafe: boolean;
  dryRun: boolean;
  plan: PatchDayPlan;
  results: MergeResult[];
  summary: PatchDaySummary;
  weeklyIssue: WeeklyIssueOutcome | null;
  now: number;
}

function resultFor(results: MergeResult[], p: PlannedPull): MergeResult | undefined {
  return results.find((r) => r.repo === p.pull.repo && r.number === p.pull.number);
}

export function pullJson(p: PlannedPull, result: MergeResult | undefined): Record<string, unknown> {
  const c = p.classification;
  return {
    repo: p.pull.repo,
    number: p.pull.number,
    title: p.pull.title,
    url: p.pull.url,
    bot: p.pull.author,
    createdAt: p.pull.createdAt,
    updateType: c.updateType,
    dependency: c.dependency,
    from: c.from,
    to: c.to,
    requirement: c.requirement,
    groupMax: c.groupMax,
    security: c.security,
    ci: p.pull.ci,
    mergeable: p.pull.mergeable,
    draft: p.pull.draft,
    labels: p.pull.labels,
    headSha: p.pull.headSha,
    needsHuman: p.needsHuman,
    reasons: p.reasons,
    mergeSafe: p.merge.safe,
    blockers: p.merge.blockers,
    outcome: result?.outcome ?? null,
    ...(result?.detail ? { outcomeDetail: result.detail } : {}),
    ...(result?.status ? { status: result.status } : {}),
  };
}

export function depsJson(report: DepsReport): Record<string, unknown> {
  // schema/deps.schema.json (src/cli/output-schemas.ts).
  return {
    schemaVersion: 1,
    week: report.week,
    mergeSafe: report.mergeSafe,
    dryRun: report.dryRun,
    pulls: report.plan.repositories.flatMap((r) =>
      r.pulls.map((p) => pullJson(p, resultFor(report.results, p))),
    ),
    merges: report.results,
    summary: report.summary,
    weeklyIssue: report.weeklyIssue,
    missing: report.plan.missing,
  };
}

function versions(p: PlannedPull): string {
  const { from, to, requirement } = p.classification;
  // The kind of requirement stays visible: "^8.12.0 → ^9.0.0 (range)", "= 1.64.1 → = 1.65.0 (pin)".
  const kind = requirement ? ` (${requirement})` : '';
  if (from && to) return `${from} → ${to}${kind}`;
  return to ? `→ ${to}${kind}` : requirement === 'pin' ? 'pin' : '';
}

function status(p: PlannedPull, result: MergeResult | undefined): string {
  if (p.needsHuman) return `needs a human: ${p.reasons.map((r) => REASON_TEXT[r]).join(', ')}`;
  if (result) {
    const detail = result.detail ? ` (${result.status ? `${result.status} ` : ''}${result.detail})` : '';
    return `${result.outcome === 'planned' ? 'would merge' : result.outcome}${detail}`;
  }
  if (p.merge.safe) return 'merge-safe';
  return `waiting: ${p.merge.blockers.map((b) => BLOCKER_TEXT[b]).join(', ')}`;
}

function age(now: number, createdAt: string): string {
  const ms = now - Date.parse(createdAt);
  const days = Math.floor(ms / 86_400_000);
  return days >= 1 ? `${days}d` : formatDuration(Math.max(0, ms - (ms % 60_000)) || 60_000);
}

export function printDepsTable(report: DepsReport): void {
  const out = process.stdout;
  for (const repo of report.plan.repositories) {
    const human = repo.pulls.filter((p) => p.needsHuman).length;
    out.write(
      `${paint('bold', repo.repo)}  ${repo.pulls.length} bot PR${repo.pulls.length === 1 ? '' : 's'}` +
        (human > 0 ? `, ${paint('yellow', `${human} need${human === 1 ? 's' : ''} a human`)}` : '') +
        '\n',
    );
    if (repo.pulls.length === 0) {
      out.write('\n');
      continue;
    }
    const rows = repo.pulls.map((p) => [
      `#${p.pull.number}`,
      [p.classification.updateType, p.classification.security ? 'security' : '', p.pull.draft ? 'draft' : '']
        .filter(Boolean)
        .join(', '),
      versions(p),
      p.pull.ci,
      p.pull.mergeable,
      age(report.now, p.pull.createdAt),
      status(p, resultFor(report.results, p)),
      p.pull.title,
    ]);
    out.write(
      `${renderTable(['PR', 'UPDATE', 'VERSIONS', 'CI', 'MERGEABLE', 'AGE', 'STATUS', 'TITLE'], rows)}\n\n`,
    );
  }
  for (const missing of report.plan.missing)
    process.stderr.write(`warning: GitHub does not have ${missing}, or the token cannot see it.\n`);
  const s = report.summary;
  const verb = report.dryRun ? 'would merge' : 'merged';
  out.write(
    `${report.week}: ${s.pulls} bot PRs, ${s.needsHuman} need a human, ${s.mergeSafe} merge-safe` +
      (report.mergeSafe
        ? `; ${verb} ${report.dryRun ? report.results.filter((r) => r.outcome === 'planned').length : s.merged}` +
          (s.refused + s.failed > 0 ? `, ${paint('red', `${s.refused + s.failed} not merged`)}` : '') +
          (s.skipped > 0 ? `, ${s.skipped} changed since the plan` : '')
        : '') +
      '\n',
  );
  const w = report.weeklyIssue;
  if (w?.issue) {
    const ticks = w.ticked.filter((t) => t.status === 'applied' || t.status === 'planned').map((t) => t.repo);
    out.write(
      `weekly issue #${w.issue.number}: ${ticks.length > 0 ? `${report.dryRun ? 'would tick' : 'ticked'} ${ticks.join(', ')}; ` : ''}summary comment ${w.comment}\n`,
    );
  } else if (report.mergeSafe) out.write(paint('dim', 'no weekly issue for this week: nothing ticked\n'));
}

export function printPlan(plan: PatchDayPlan): void {
  process.stderr.write(`pnd deps will, one at a time:\n`);
  for (const a of plan.actions)
    process.stderr.write(
      `  - ${a.approve ? 'approve and ' : ''}${a.method}-merge ${a.repo}#${a.number} ${a.title}\n`,
    );
}
