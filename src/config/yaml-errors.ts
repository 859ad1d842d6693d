import type { ErrorCode, YAMLError } from 'yaml';
import { linePosition, type LineIndex } from './line-index.ts';
import { formatValue, type ConfigProblem } from './problems.ts';

/** What to write instead, for the YAML mistakes people actually make in a config file. */
const ALLOWED: Partial<Record<ErrorCode, string>> = {
  TAB_AS_INDENT: 'spaces for indentation (YAML does not allow tabs)',
  DUPLICATE_KEY: 'each key once per mapping',
  BLOCK_AS_IMPLICIT_KEY: 'quote a value that contains ": ", e.g. "Staging: beta"',
  MULTIPLE_DOCS: 'one YAML document: remove the second "---"',
};

/** Messages that would send a person to the yaml package's API instead of their file. */
const MESSAGES: Partial<Record<ErrorCode, string>> = {
  MULTIPLE_DOCS: 'The file holds more than one YAML document.',
};

/**
 * The yaml package's messages are sentences, some with the offending token after ": " — split it
 * off so the message stays a static sentence and the token becomes the value.
 */
function splitMessage(raw: string): { message: string; detail?: string } {
  const first = raw.split('\n')[0]?.trim() ?? '';
  const at = first.indexOf(': ');
  const sentence = at === -1 ? first : first.slice(0, at);
  const message = /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
  return at === -1 ? { message } : { message, detail: first.slice(at + 2) };
}

export function yamlProblem(error: YAMLError, file: string, text: string, lines: LineIndex): ConfigProblem {
  const [start] = error.pos;
  const { line, column } = linePosition(lines, start);
  const { message: parsed, detail } = splitMessage(error.message);
  const message = MESSAGES[error.code] ?? parsed;
  const problem: ConfigProblem = { where: `${file}:${line}:${column}`, line, column, path: '', message };
  // The parser's error range is often one character; the token there is what a person recognises.
  const token = /^(?:"[^"\n]*"?|'[^'\n]*'?|[^\s:,[\]{}#]+)/.exec(text.slice(start))?.[0];
  if (token !== undefined) problem.value = formatValue(token);
  else if (detail !== undefined) problem.value = detail;
  const allowed = ALLOWED[error.code];
  if (allowed !== undefined) problem.allowed = allowed;
  return problem;
}
