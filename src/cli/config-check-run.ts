// The work behind `pnd config check`, loaded only when that command runs (see commands.ts).
import { EXIT } from '../core/errors.ts';
import { configProblemsOf, loadEstate } from '../config/load.ts';
import { formatProblem, type ConfigProblem } from '../config/problems.ts';
import { summarizeEstate, summaryLine, summaryTable } from '../config/summary.ts';
import { paint, printJson } from './output.ts';

function printProblems(severity: 'error' | 'warning', problems: ConfigProblem[]): void {
  for (const problem of problems) {
    const [first = '', ...rest] = formatProblem(problem, severity);
    // file:line:col starts the line, so editors and CI problem matchers can jump to it.
    const where = paint(severity === 'error' ? 'red' : 'yellow', problem.where);
    process.stdout.write(`${where}${first.slice(problem.where.length)}\n`);
    for (const line of rest) process.stdout.write(`${paint('dim', line)}\n`);
  }
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

export function checkConfig(file: string, json: boolean): number {
  try {
    const { estate, warnings } = loadEstate(file);
    const summary = summarizeEstate(estate);
    if (json) {
      printJson({ ok: true, file, problems: [], warnings, summary });
      return EXIT.ok;
    }
    process.stdout.write(`${paint('green', 'ok')} ${file}: ${summaryLine(summary)}\n\n`);
    for (const line of summaryTable(summary)) process.stdout.write(`  ${line}\n`);
    if (warnings.length > 0) {
      process.stdout.write(`\n${plural(warnings.length, 'warning')}:\n`);
      printProblems('warning', warnings);
    }
    return EXIT.ok;
  } catch (error) {
    const report = configProblemsOf(error);
    if (!report) throw error;
    if (json) {
      printJson({ ok: false, file, problems: report.problems, warnings: report.warnings, summary: null });
      return EXIT.badInput;
    }
    printProblems('error', report.problems);
    printProblems('warning', report.warnings);
    const counts = [plural(report.problems.length, 'problem')];
    if (report.warnings.length > 0) counts.push(plural(report.warnings.length, 'warning'));
    process.stdout.write(`\n${paint('red', `${file}: ${counts.join(', ')}.`)}\n`);
    if (report.advice) process.stdout.write(`${paint('dim', 'hint:')} ${report.advice}\n`);
    return EXIT.badInput;
  }
}
