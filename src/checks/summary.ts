import type { DwellOutcome } from './dwell.ts';
import type { CheckResult } from '../capabilities/check.ts';

const MARK: Record<CheckResult['status'], string> = { pass: 'passed', fail: 'FAILED', pending: 'pending' };

/**
 * The evidence as Markdown for the weekly issue's comment: per check its verdict, the reason, and
 * each read with its time and portal link. Values are JSON, so nothing a vendor returned can
 * inject Markdown structure.
 */
export function evidenceMarkdown(
  outcome: Pick<DwellOutcome, 'status' | 'reason' | 'results' | 'firstPassAt' | 'dwellEndedAt'>,
): string {
  const lines = [`**Verification ${outcome.status === 'pass' ? 'passed' : 'FAILED'}**: ${outcome.reason}`];
  if (outcome.firstPassAt)
    lines.push(
      '',
      `First all-pass ${outcome.firstPassAt}${outcome.dwellEndedAt ? `, dwell ended ${outcome.dwellEndedAt}` : ''}.`,
    );
  for (const result of outcome.results) {
    lines.push('', `- ${result.check}: ${MARK[result.status]}. ${result.reason}`);
    for (const e of result.evidence) {
      const link = e.link ? ` ([portal](${e.link}))` : '';
      lines.push(`  - \`${e.read}\` at ${e.at}${link}: \`${JSON.stringify(e.values).replaceAll('`', "'")}\``);
    }
  }
  return `${lines.join('\n')}\n`;
}

/**
 * One plain-text paragraph for an approval comment (Azure DevOps shows comments as plain text and
 * keeps them short): the verdict and each check's reason, cut to `max` characters.
 */
export function evidenceText(
  outcome: Pick<DwellOutcome, 'status' | 'reason' | 'results'>,
  max = 1000,
): string {
  const text = [
    `pnd verification ${outcome.status === 'pass' ? 'passed' : 'FAILED'}: ${outcome.reason}`,
    ...outcome.results.map((r) => `${r.check}: ${MARK[r.status]}. ${r.reason}`),
  ].join(' ');
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
