import { readFileSync } from 'node:fs';
import { parseDocument, type Document } from 'yaml';
import { PndError } from '../core/errors.ts';
import { aliasProblems } from './aliases.ts';
import { applyEndpointEnvironment } from './endpoint-env.ts';
import { applyGithubApiUrl } from './github-api-url.ts';
import { problemsFromIssues } from './issues.ts';
import { indexLines } from './line-index.ts';
import { placeholderPaths } from './placeholders.ts';
import { formatPath, formatValue, sortProblems, type ConfigProblem } from './problems.ts';
import { estateSchema, type Estate } from './schema.ts';
import { keysOf } from './schema-walk.ts';
import { decodeStrictUtf8 } from './strict-utf8.ts';
import { yamlProblem } from './yaml-errors.ts';
import { positionOf } from './yaml-locate.ts';

export interface LoadedEstate {
  estate: Estate;
  /** Placeholders still to fill in and YAML warnings: the estate is usable, but not finished. */
  warnings: ConfigProblem[];
}

/** Beyond this, an alias-heavy file is an attack (billion laughs), not a configuration. */
const MAX_ALIAS_COUNT = 100;

const HINT_FIX = 'Fix the problems listed; `pnd config check` lists them all with what is allowed.';

function isEmptyDocument(doc: Document): boolean {
  return (
    doc.contents === null || (doc.contents.range?.[0] === doc.contents.range?.[1] && doc.toJS() === null)
  );
}

/** `advice` is what to do beyond fixing each problem, for this kind of failure. */
function fail(problems: ConfigProblem[], warnings: ConfigProblem[], advice?: string): never {
  const sorted = sortProblems(problems);
  throw new PndError('config-invalid', 'The configuration is invalid.', {
    details: {
      where: sorted[0]?.where,
      problems: sorted,
      warnings,
      ...(advice ? { advice } : {}),
      hint: advice ? `${advice} ${HINT_FIX}` : HINT_FIX,
    },
  });
}

/** Validates pnd.yaml text; throws one PndError('config-invalid') listing every problem found. */
export function parseEstate(
  text: string,
  fileName: string,
  env: NodeJS.ProcessEnv = process.env,
): LoadedEstate {
  const lines = indexLines(text);
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const problems = doc.errors.map((error) => yamlProblem(error, fileName, text, lines));
  const warnings = doc.warnings.map((warning) => yamlProblem(warning, fileName, text, lines));

  // Past a syntax error the parser's recovery guesses; schema errors on a guess would only mislead.
  // Duplicate keys are the exception: the rest of the document is sound.
  if (problems.length > 0 && doc.errors.some((error) => error.code !== 'DUPLICATE_KEY')) {
    fail(problems, warnings, 'Fix the YAML syntax first; the settings are checked once it parses.');
  }
  if (isEmptyDocument(doc)) {
    fail(
      [
        {
          where: `${fileName}:1:1`,
          line: 1,
          column: 1,
          path: '',
          message: 'The configuration file is empty.',
          allowed: `a mapping with keys ${keysOf(estateSchema).join(', ')}`,
        },
      ],
      warnings,
      'Start from examples/tilgangsinfo/pnd.yaml.',
    );
  }

  const broken = aliasProblems(doc, fileName, lines);
  if (broken.length > 0) fail([...problems, ...broken], warnings);

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch {
    // Unresolved and cyclic aliases were reported above; what is left is the alias count limit.
    const problem = { where: `${fileName}:1:1`, line: 1, column: 1, path: '' };
    fail(
      [
        {
          ...problem,
          message: 'The file uses too many aliases.',
          allowed: `at most ${MAX_ALIAS_COUNT} alias uses`,
        },
      ],
      warnings,
      'Write the values out instead of aliasing them.',
    );
  }

  const envProblem = applyGithubApiUrl(data, env);
  if (envProblem) problems.push(envProblem);
  problems.push(...applyEndpointEnvironment(data, env));
  const result = estateSchema.safeParse(data);
  if (!result.success) {
    problems.push(
      ...problemsFromIssues(result.error.issues, { file: fileName, doc, lines, data, schema: estateSchema }),
    );
  }

  for (const { path, value } of placeholderPaths(data)) {
    const { line, column } = positionOf(doc, lines, path, 'value');
    warnings.push({
      where: `${fileName}:${line}:${column}`,
      line,
      column,
      path: formatPath(path),
      message: 'The value is a placeholder; fill it in before pnd acts on this part of the estate.',
      value: formatValue(value),
    });
  }

  if (problems.length > 0 || !result.success) fail(problems, sortProblems(warnings));
  return { estate: result.data, warnings: sortProblems(warnings) };
}

/** Reads and validates a pnd.yaml file. */
export function loadEstate(file: string, env: NodeJS.ProcessEnv = process.env): LoadedEstate {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const missing = code === 'ENOENT';
    const message = missing
      ? 'The configuration file does not exist.'
      : 'The configuration file could not be read.';
    const advice = missing
      ? 'Create pnd.yaml (start from examples/tilgangsinfo/pnd.yaml), or name the file with --config or PND_CONFIG.'
      : 'Check that the path names a readable file, not a directory, and its permissions.';
    throw new PndError('config-invalid', message, {
      cause: error,
      details: {
        where: file,
        problems: [{ where: file, path: '', message }],
        warnings: [],
        advice,
        hint: advice,
      },
    });
  }
  const decoded = decodeStrictUtf8(bytes, file);
  if (decoded.problem) {
    const advice = 'Save pnd.yaml as UTF-8 text (a byte order mark is allowed), without NUL characters.';
    throw new PndError('config-invalid', decoded.problem.message, {
      details: {
        where: decoded.problem.where,
        problems: [decoded.problem],
        warnings: [],
        advice,
        hint: advice,
      },
    });
  }
  return parseEstate(decoded.text, file, env);
}

export interface ConfigInvalidReport {
  problems: ConfigProblem[];
  warnings: ConfigProblem[];
  /** What to do beyond fixing each problem (fix the syntax first; where to start from). */
  advice?: string;
}

function isProblemList(value: unknown): value is ConfigProblem[] {
  return (
    Array.isArray(value) &&
    value.every((item) => typeof item === 'object' && item !== null && 'where' in item && 'message' in item)
  );
}

/** The problems a config-invalid PndError carries, or undefined for any other error. */
export function configProblemsOf(error: unknown): ConfigInvalidReport | undefined {
  if (!(error instanceof PndError) || error.code !== 'config-invalid') return undefined;
  const { problems, warnings, advice } = error.details;
  return {
    problems: isProblemList(problems)
      ? problems
      : [{ where: error.details.where ?? '', path: '', message: error.message }],
    warnings: isProblemList(warnings) ? warnings : [],
    ...(typeof advice === 'string' ? { advice } : {}),
  };
}
