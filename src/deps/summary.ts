import type { PatchDayPlan, PlannedPull } from './plan.ts';
import type { MergeResult } from './run.ts';
import { REASON_TEXT } from './triage.ts';

/** The counts at the end of a run, and the same as the weekly issue's summary comment. */
export interface PatchDaySummary {
  pulls: number;
  needsHuman: number;
  mergeSafe: number;
  merged: number;
  alreadyMerged: number;
  refused: number;
  failed: number;
  skipped: number;
}

export function summarise(plan: PatchDayPlan, results: MergeResult[]): PatchDaySummary {
  const all = plan.repositories.flatMap((r) => r.pulls);
  const count = (o: MergeResult['outcome']) => results.filter((r) => r.outcome === o).length;
  return {
    pulls: all.length,
    needsHuman: all.filter((p) => p.needsHuman).length,
    mergeSafe: all.filter((p) => p.merge.safe).length,
    merged: count('merged'),
    alreadyMerged: count('already-merged'),
    refused: count('refused'),
    failed: count('failed'),
    skipped: count('skipped'),
  };
}

function pullLink(p: PlannedPull): string {
  return `[${p.pull.repo}#${p.pull.number}](${p.pull.url}) ${p.pull.title.replace(/[[\]]/g, '\\$&')}`;
}

/**
 * What earlier runs of the same week did: the pull requests they found open and their merge
 * results (journaled as `deps.week` evidence). A rerun's plan holds only what is still open.
 */
export interface EarlierPatchDay {
  pulls: { repo: string; number: number }[];
  results: MergeResult[];
}

/**
 * The week so far: this run's results over earlier ones (a later attempt at the same pull request
 * decides, unless pnd had already merged it), and every pull request seen open this week.
 */
export function weekResults(results: MergeResult[], earlier: EarlierPatchDay | undefined): MergeResult[] {
  const byPull = new Map<string, MergeResult>();
  for (const result of [...(earlier?.results ?? []), ...results]) {
    const id = `${result.repo}#${result.number}`;
    if (byPull.get(id)?.outcome === 'merged' && result.outcome !== 'merged') continue;
    byPull.set(id, result);
  }
  return [...byPull.values()];
}

/** Markdown for the weekly issue: per repository what was merged and what is left for people. */
export function summaryComment(
  week: string,
  plan: PatchDayPlan,
  runResults: MergeResult[],
  earlier?: EarlierPatchDay,
): string {
  const results = weekResults(runResults, earlier);
  const open = new Map<string, Set<number>>(plan.repositories.map((r) => [r.repo, new Set()]));
  for (const p of [
    ...(earlier?.pulls ?? []),
    ...plan.repositories.flatMap((r) => r.pulls.map((x) => x.pull)),
  ]) {
    if (!open.has(p.repo)) open.set(p.repo, new Set());
    open.get(p.repo)!.add(p.number);
  }
  const s = summarise(plan, results);
  const seen = [...open.values()].reduce((sum, numbers) => sum + numbers.size, 0);
  const lines = [
    `### Patch day ${week}: dependency-bot pull requests`,
    '',
    `${seen} open, ${s.merged} merged by pnd, ${s.needsHuman} need a human` +
      (s.refused + s.failed > 0 ? `, ${s.refused + s.failed} could not be merged` : '') +
      '.',
    '',
    '| repository | open | merged | need a human |',
    '| --- | --- | --- | --- |',
  ];
  for (const [repo, numbers] of open) {
    const merged = results.filter((r) => r.repo === repo && r.outcome === 'merged').length;
    const human =
      plan.repositories.find((r) => r.repo === repo)?.pulls.filter((p) => p.needsHuman).length ?? 0;
    lines.push(`| ${repo} | ${numbers.size} | ${merged} | ${human} |`);
  }
  const human = plan.repositories.flatMap((r) => r.pulls.filter((p) => p.needsHuman));
  if (human.length > 0) {
    lines.push('', '**Needs a human**', '');
    for (const p of human) lines.push(`- ${pullLink(p)}: ${p.reasons.map((r) => REASON_TEXT[r]).join(', ')}`);
  }
  const notMerged = results.filter((r) => r.outcome === 'refused' || r.outcome === 'failed');
  if (notMerged.length > 0) {
    lines.push('', '**GitHub did not merge**', '');
    for (const r of notMerged)
      lines.push(
        `- [${r.repo}#${r.number}](${r.url}): ${r.status ? `${r.status} ` : ''}${r.detail ?? ''}`.trimEnd(),
      );
  }
  return lines.join('\n');
}
