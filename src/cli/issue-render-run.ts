// The work behind `pnd issue render`, loaded only when that command runs (see issue.ts). It imports
// the template renderer alone: no config schema, providers or simulator.
import { formatProblem } from '../config/problems.ts';
import { EXIT, PndError } from '../core/errors.ts';
import { loadActionsContext } from '../template/context.ts';
import { loadIssueTemplate } from '../template/load.ts';
import { renderInSandbox } from '../template/sandbox.ts';
import type { TemplateWarning } from '../template/lints.ts';
import type { IssueRenderOptions } from './options.ts';
import { paint, printJson } from './output.ts';

// An instant: a calendar date, a time and an offset (Z or ±hh:mm), as ISO 8601 / RFC 3339 write it.
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;

export function parseInstant(text: string): number {
  const instant = ISO_INSTANT.test(text) ? Date.parse(text.replace(',', '.')) : Number.NaN;
  if (Number.isNaN(instant))
    throw new PndError('input-invalid', 'The --date value is not an ISO 8601 instant.', {
      details: {
        where: '--date',
        value: text,
        hint: 'Give a date, a time and an offset, e.g. --date 2027-01-04T05:00:00Z or 2027-01-04T06:00:00+01:00.',
      },
    });
  return instant;
}

function printWarnings(warnings: TemplateWarning[]): void {
  const err = process.stderr;
  for (const warning of warnings) {
    const [first = '', ...rest] = formatProblem(warning, 'warning');
    err.write(`${paint('yellow', warning.where, err)}${first.slice(warning.where.length)}\n`);
    for (const line of [...rest, ...(warning.details ?? []).map((d) => `    ${d}`)])
      err.write(`${paint('dim', line, err)}\n`);
  }
}

function listText(items: string[]): string {
  return items.length === 0 ? paint('dim', '(none)') : items.join(', ');
}

export async function runIssueRender(options: IssueRenderOptions): Promise<number> {
  const now = options.date === undefined ? Date.now() : parseInstant(options.date);
  const [text, actionsContext] = await Promise.all([
    loadIssueTemplate(options.template),
    loadActionsContext(process.env),
  ]);
  const issue = await renderInSandbox(text, {
    file: options.template,
    now,
    env: process.env,
    actionsContext,
  });
  if (options.json) {
    const { title, body, labels, assignees, milestone } = issue;
    // Only the five fields create-an-issue takes: schema/issue-render.schema.json (version 1 in its $id).
    printJson({ title, body, labels, assignees, milestone });
  } else {
    const out = process.stdout;
    out.write(`${paint('bold', 'title')}      ${issue.title}\n`);
    out.write(`${paint('bold', 'labels')}     ${listText(issue.labels)}\n`);
    out.write(`${paint('bold', 'assignees')}  ${listText(issue.assignees)}\n`);
    out.write(`${paint('bold', 'milestone')}  ${issue.milestone ?? paint('dim', '(none)')}\n`);
    out.write(`${paint('dim', '─'.repeat(40))}\n${issue.body}${issue.body.endsWith('\n') ? '' : '\n'}`);
  }
  printWarnings(issue.warnings);
  return EXIT.ok;
}
