import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { problemsFromIssues } from '../../config/issues.ts';
import { indexLines } from '../../config/line-index.ts';
import { sortProblems, type ConfigProblem } from '../../config/problems.ts';
import { yamlProblem } from '../../config/yaml-errors.ts';
import { PndError } from '../../core/errors.ts';
import { scenarioSchema, type Scenario } from './schema.ts';

/** Reads and validates a scenario file; every problem is reported with file:line:col. */
export async function loadScenario(file: string): Promise<Scenario> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new PndError('input-invalid', 'The scenario file cannot be read.', {
      cause,
      details: { where: file, hint: 'Check the path given to --scenario.' },
    });
  }
  return parseScenario(text, file);
}

/**
 * Scenario files get the same located, every-problem reporting as pnd.yaml (src/config): YAML
 * errors first; the schema is checked once the YAML parses.
 */
export function parseScenario(text: string, file = '<scenario>'): Scenario {
  const lines = indexLines(text);
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const problems: ConfigProblem[] = doc.errors.map((error) => yamlProblem(error, file, text, lines));
  if (problems.length === 0) {
    const data: unknown = doc.toJS({ maxAliasCount: 1000 });
    const result = scenarioSchema.safeParse(data);
    if (result.success) return result.data;
    problems.push(
      ...problemsFromIssues(result.error.issues, { file, doc, lines, data, schema: scenarioSchema }),
    );
  }
  const sorted = sortProblems(problems);
  throw new PndError('input-invalid', 'The scenario is invalid.', {
    details: {
      where: sorted[0]?.where ?? file,
      problems: sorted,
      hint: 'Fix the listed lines; docs/scenario.md and schema/scenario.schema.json describe every key.',
    },
  });
}
