import type { ErrorObject } from 'ajv';

export interface SpecProblem {
  /** Where the problem is, e.g. `response body /items/0/user/login` or `query parameter per_page`. */
  where: string;
  message: string;
}

/** Enough to fix the first few problems; a drifted list response would otherwise report thousands. */
export const MAX_PROBLEMS = 10;

/**
 * Turns Ajv errors into problems a person can act on: the location points at the offending value
 * (or at the missing/forbidden property itself), and the message says what was expected and what
 * was found. Errors that only restate others are dropped:
 * - the `type: null` branch of a nullable wrapper (`anyOf: [{type: null}, X]`) always fails next
 *   to X's own, more specific errors;
 * - `anyOf`/`oneOf` summaries when their branches already reported something at or below that spot.
 */
export function problemsFromAjv(
  errors: readonly ErrorObject[],
  base: string,
  data: unknown,
  isParams = false,
): SpecProblem[] {
  const relevant = errors.filter((error, _i, all) => {
    if (error.keyword === 'type' && error.params['type'] === 'null' && error.schemaPath.endsWith('/anyOf/0/type')) {
      return false;
    }
    if (error.keyword === 'anyOf' || error.keyword === 'oneOf') {
      if (error.params['passingSchemas'] != null) return true; // oneOf matched twice: nothing else explains it
      return !all.some(
        (other) =>
          other !== error &&
          other.keyword !== 'anyOf' &&
          other.keyword !== 'oneOf' &&
          !(other.keyword === 'type' && other.params['type'] === 'null') &&
          (other.instancePath === error.instancePath || other.instancePath.startsWith(`${error.instancePath}/`)),
      );
    }
    return true;
  });
  const problems = relevant.slice(0, MAX_PROBLEMS).map((error) => toProblem(error, base, data, isParams));
  if (relevant.length > MAX_PROBLEMS) {
    problems.push({ where: base, message: `${relevant.length - MAX_PROBLEMS} more problems not shown` });
  }
  return problems;
}

function toProblem(error: ErrorObject, base: string, data: unknown, isParams: boolean): SpecProblem {
  let pointer = error.instancePath;
  let message: string;
  const params = error.params;
  // Looked up here rather than with Ajv's `verbose`, which slows every successful validation too.
  const found = valueAt(data, pointer);
  switch (error.keyword) {
    case 'required':
      pointer += `/${String(params['missingProperty'])}`;
      message = 'is required but missing';
      break;
    case 'additionalProperties':
      pointer += `/${String(params['additionalProperty'])}`;
      message = 'is not allowed here (the schema sets additionalProperties: false)';
      break;
    case 'enum': {
      const allowed = Array.isArray(params['allowedValues']) ? params['allowedValues'] : [];
      message = `must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}; got ${show(found)}`;
      break;
    }
    case 'type':
      message = `must be ${String(params['type'])}; got ${show(found)}`;
      break;
    case 'format':
      message = `must be a valid ${String(params['format'])}; got ${show(found)}`;
      break;
    default:
      message = `${error.message ?? error.keyword}; got ${show(found)}`;
  }
  return { where: formatWhere(base, pointer, isParams), message };
}

export function valueAt(data: unknown, pointer: string): unknown {
  let current = data;
  for (const token of pointerTokens(pointer)) {
    if (Array.isArray(current)) current = current[Number(token)];
    else if (typeof current === 'object' && current !== null) current = (current as Record<string, unknown>)[token];
    else return undefined;
  }
  return current;
}

function pointerTokens(pointer: string): string[] {
  return pointer
    .split('/')
    .slice(1)
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Parameters read better by name (`query parameter state`) than as a pointer (`query /state`). */
function formatWhere(base: string, pointer: string, isParams: boolean): string {
  const tokens = pointerTokens(pointer);
  if (isParams && tokens.length > 0) {
    const [name, ...rest] = tokens;
    return `${base} ${name ?? ''}${rest.length > 0 ? ` /${rest.join('/')}` : ''}`;
  }
  return `${base} ${pointer === '' ? '/' : pointer}`;
}

export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
