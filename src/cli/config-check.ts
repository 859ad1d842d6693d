import { Option, type Command } from 'commander';
import { EXIT } from '../core/errors.ts';
import { renderJsonSchema } from '../config/json-schema.ts';
import { configProblemsOf, loadEstate } from '../config/load.ts';
import { formatProblem, type ConfigProblem } from '../config/problems.ts';
import { summarizeEstate, summaryLine, summaryTable } from '../config/summary.ts';
import { paint, printJson } from './output.ts';
import { runAction, type GlobalOptions } from './run-action.ts';

interface CheckOptions {
  config: string;
}

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

function check(file: string, json: boolean): number {
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

/** `pnd config check` and `pnd config schema`. */
export function registerConfigCommands(program: Command): void {
  const config = program.command('config').description('check pnd.yaml, or print its JSON Schema');

  config
    .command('check')
    .description('validate pnd.yaml and list every problem with file:line:col (exit 2 when invalid)')
    .addOption(
      new Option('-c, --config <file>', 'the estate configuration').env('PND_CONFIG').default('pnd.yaml'),
    )
    .action(
      runAction((options: CheckOptions, command: Command) =>
        check(options.config, Boolean(command.optsWithGlobals<GlobalOptions>().json)),
      ),
    );

  config
    .command('schema')
    .description('print the JSON Schema of pnd.yaml (for editors: yaml-language-server)')
    .action(
      runAction(() => {
        process.stdout.write(renderJsonSchema());
      }),
    );
}
