import { appendFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { PatchDaySummary } from '../deps/summary.ts';
import type { DeployDayResult } from '../train/deploy/model.ts';

/**
 * In a GitHub Actions step (GITHUB_ACTIONS=true) pnd writes what a person looks for in the run's
 * page — the plan and the evidence, as Markdown — to $GITHUB_STEP_SUMMARY, and the values a later
 * step needs to $GITHUB_OUTPUT. Outside Actions the variables are left alone even if set.
 * Nothing here carries a credential: only what `--json` prints already.
 */

function inActions(env: NodeJS.ProcessEnv): boolean {
  return env.GITHUB_ACTIONS === 'true';
}

export function writeStepSummary(markdown: string, env: NodeJS.ProcessEnv = process.env): void {
  const file = env.GITHUB_STEP_SUMMARY;
  if (!inActions(env) || !file) return;
  appendFileSync(file, `${markdown.trimEnd()}\n\n`);
}

/** `name<<DELIMITER` blocks, as @actions/core writes them, so a value may hold any text. */
export function writeStepOutputs(
  outputs: Record<string, string | number | null | undefined>,
  env: NodeJS.ProcessEnv = process.env,
): void {
  const file = env.GITHUB_OUTPUT;
  if (!inActions(env) || !file) return;
  const lines = Object.entries(outputs).flatMap(([name, value]) => {
    const delimiter = `ghadelimiter_${randomUUID()}`;
    return [`${name}<<${delimiter}`, value === null || value === undefined ? '' : String(value), delimiter];
  });
  appendFileSync(file, `${lines.join('\n')}\n`);
}

function cell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replaceAll('|', '\\|');
}

export function markdownTable(headers: string[], rows: string[][]): string {
  return [
    `| ${headers.map(cell).join(' | ')} |`,
    `| ${headers.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ].join('\n');
}

/** The plan (policy per component), the outcome and the evidence of a deploy day. */
export function deploySummary(result: DeployDayResult, dryRun: boolean): string {
  const { plan } = result;
  const rows = plan.components.map((p) => {
    const done = result.components.find((c) => c.component.id === p.component.id);
    return [
      p.component.name,
      p.decision.chosen?.version.label ?? '-',
      `${p.decision.status}${p.decision.reasons.length > 0 ? `: ${p.decision.reasons.join('; ')}` : ''}`,
      done?.outcome ?? '-',
      done?.detail ?? '',
    ];
  });
  const lines = [
    `### pnd deploy ${plan.env.name}, ${plan.week}${dryRun ? ' (dry run: nothing was changed)' : ''}`,
    '',
    markdownTable(['component', 'version', 'policy', 'outcome', 'detail'], rows),
  ];
  for (const feed of plan.feeds)
    lines.push(
      '',
      `- ${feed.name} (${feed.id}): ${feed.needed ? `deploy needed: ${feed.changes.map((c) => c.label).join(', ')}` : 'not needed'}`,
    );
  const evidence = result.components.filter((c) => c.verification);
  if (evidence.length > 0) {
    lines.push('', '<details><summary>Evidence</summary>', '');
    for (const c of evidence) {
      const v = c.verification!;
      lines.push(`**${c.component.name}**: ${v.status}${v.reason ? ` (${v.reason})` : ''}`, '');
      for (const check of v.checks) lines.push(`- ${check.check}: ${check.status}: ${check.reason}`);
      lines.push('');
    }
    lines.push('</details>');
  }
  lines.push(
    '',
    result.issue
      ? `Weekly issue: ${result.issue.url}`
      : `No weekly issue for ${plan.week}: nothing was ticked or commented.`,
  );
  return lines.join('\n');
}

export function patchDaySummary(week: string, summary: PatchDaySummary, dryRun: boolean): string {
  return [
    `### pnd deps, ${week}${dryRun ? ' (dry run: nothing was changed)' : ''}`,
    '',
    markdownTable(
      ['pull requests', 'merge-safe', 'merged', 'need a person', 'refused', 'failed'],
      [
        [
          summary.pulls,
          summary.mergeSafe,
          summary.merged,
          summary.needsHuman,
          summary.refused,
          summary.failed,
        ].map(String),
      ],
    ),
  ].join('\n');
}
