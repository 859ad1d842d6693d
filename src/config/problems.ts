/**
 * One thing wrong (or worth a warning) in a configuration file. `message` is a static sentence;
 * the specifics live in the other fields so the CLI, JSON output and tests can use them directly.
 */
export interface ConfigProblem {
  /** "file:line:col", or the environment variable the value came from. */
  where: string;
  /** 1-based; absent when the problem is not in the file. */
  line?: number;
  column?: number;
  /** Path of the value in the estate, e.g. components[0].environments.staging.deployer.kind; empty for YAML syntax. */
  path: string;
  message: string;
  /** The offending value, short and quoted as YAML would show it. */
  value?: string;
  /** What is allowed there. */
  allowed?: string;
  /** A close match for a misspelt key or option. */
  suggestion?: string;
}

export type PathSegment = string | number;

export function formatPath(path: readonly PathSegment[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (/^[A-Za-z_][\w-]*$/.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}

const MAX_VALUE_LENGTH = 60;

/** A value as a person would recognise it from the file: strings quoted, collections named, long text cut. */
export function formatValue(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (value === null) return 'nothing (an empty value)';
  if (Array.isArray(value)) return `a list of ${value.length} item${value.length === 1 ? '' : 's'}`;
  if (typeof value === 'object') return 'a mapping';
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH - 1)}…` : text;
}

/** Problems in reading order; those outside the file (environment variables) first. */
export function sortProblems(problems: ConfigProblem[]): ConfigProblem[] {
  return [...problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

/** Lines for a terminal: `file:line:col: message` first, so editors and CI can jump to it. */
export function formatProblem(problem: ConfigProblem, severity: 'error' | 'warning' = 'error'): string[] {
  const head = [`${problem.where}: ${severity === 'warning' ? 'warning: ' : ''}${problem.message}`];
  const facts: string[] = [];
  if (problem.path !== '') facts.push(`at ${problem.path}`);
  if (problem.value !== undefined) facts.push(`found ${problem.value}`);
  if (facts.length > 0) head.push(`(${facts.join(', ')})`);
  const lines = [head.join(' ')];
  if (problem.suggestion !== undefined) lines.push(`    did you mean ${JSON.stringify(problem.suggestion)}?`);
  if (problem.allowed !== undefined) lines.push(`    allowed: ${problem.allowed}`);
  return lines;
}
