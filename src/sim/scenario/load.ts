import { readFile, stat } from 'node:fs/promises';
import { isAlias, parseDocument, visit, type Document } from 'yaml';
import { problemsFromIssues } from '../../config/issues.ts';
import { indexLines, linePosition } from '../../config/line-index.ts';
import { sortProblems, type ConfigProblem } from '../../config/problems.ts';
import { yamlProblem } from '../../config/yaml-errors.ts';
import { PndError } from '../../core/errors.ts';
import { MAX_SCENARIO_ALIASES, MAX_SCENARIO_BYTES } from '../limits.ts';
import { decodeUtf8Strict } from './decode-text.ts';
import { scenarioSchema, type Scenario } from './schema.ts';

/** Reads and validates a scenario file; every problem is reported with file:line:col. */
export async function loadScenario(file: string): Promise<Scenario> {
  let bytes: Buffer;
  try {
    const { size } = await stat(file);
    if (size > MAX_SCENARIO_BYTES)
      throw new PndError('input-invalid', 'The scenario file is too large.', {
        details: {
          where: file,
          size,
          hint: `A scenario is at most ${MAX_SCENARIO_BYTES / 1_048_576} MB; describe fewer things, or generate the estate in code.`,
        },
      });
    bytes = await readFile(file);
  } catch (cause) {
    if (cause instanceof PndError) throw cause;
    throw new PndError('input-invalid', 'The scenario file cannot be read.', {
      cause,
      details: { where: file, hint: 'Check the path given to --scenario.' },
    });
  }
  return parseScenario(decodeUtf8Strict(bytes, file), file);
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
    const data = expand(doc, file, lines);
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

/**
 * The document as plain data, with aliases expanded at most MAX_SCENARIO_ALIASES times: a "billion
 * laughs" alias bomb is refused at its first alias instead of filling memory.
 */
function expand(doc: Document, file: string, lines: ReturnType<typeof indexLines>): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_SCENARIO_ALIASES });
  } catch (cause) {
    if (!(cause instanceof ReferenceError)) throw cause;
    let offset = 0;
    visit(doc, {
      Alias(_key, node) {
        if (!isAlias(node)) return;
        offset = node.range?.[0] ?? 0;
        return visit.BREAK;
      },
    });
    const { line, column } = linePosition(lines, offset);
    throw new PndError('input-invalid', 'The scenario expands YAML aliases too many times.', {
      cause,
      details: {
        where: `${file}:${line}:${column}`,
        hint: `Aliases (*name) may expand to at most ${MAX_SCENARIO_ALIASES} nodes; write the values out or use fewer aliases.`,
      },
    });
  }
}
