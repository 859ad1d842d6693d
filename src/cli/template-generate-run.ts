// The work behind `pnd template generate`, loaded only when that command runs (see template.ts).
import { writeFileSync } from 'node:fs';
import { generateTemplate } from '../checklist/template-generate.ts';
import { loadEstate } from '../config/load.ts';
import { formatProblem } from '../config/problems.ts';
import { PndError } from '../core/errors.ts';
import { paint, printJson } from './output.ts';
import type { TemplateGenerateOptions } from './options.ts';

function write(file: string, text: string): void {
  // No recursive mkdir: a mistyped path should fail, not grow a directory tree.
  try {
    writeFileSync(file, text);
  } catch (error) {
    throw new PndError('input-invalid', 'The template file could not be written.', {
      cause: error,
      details: { where: file, hint: 'Check that --output names a file in an existing, writable directory.' },
    });
  }
}

export function runTemplateGenerate(options: TemplateGenerateOptions): number {
  const { estate, warnings } = loadEstate(options.config);
  const { text, stepIds } = generateTemplate(estate);
  if (options.output !== undefined) write(options.output, text);

  if (options.json) {
    printJson({
      config: options.config,
      output: options.output ?? null,
      steps: stepIds,
      warnings,
      ...(options.output === undefined ? { template: text } : {}),
    });
    return 0;
  }

  const err = process.stderr;
  // Placeholders end up in links; say so, on stderr so that stdout stays the template.
  for (const warning of warnings) {
    err.write(`${paint('yellow', formatProblem(warning, 'warning').join('\n'), err)}\n`);
  }
  if (options.output === undefined) process.stdout.write(text);
  else {
    process.stdout.write(
      `${paint('green', 'wrote', process.stdout)} ${options.output}: ${stepIds.length} steps pnd can run\n`,
    );
  }
  return 0;
}
