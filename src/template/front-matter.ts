import frontMatterModule from 'front-matter';
import { indexLines, linePosition, type LineIndex } from '../config/line-index.ts';
import type { ConfigProblem } from '../config/problems.ts';
import { PndError } from '../core/errors.ts';

/**
 * The front matter exactly as create-an-issue reads it (the `front-matter` package, js-yaml 3
 * safeLoad), plus where things are in the file so errors and lints can point at them.
 */
export interface FrontMatter {
  attributes: unknown;
  body: string;
  /** Where the body starts in the file; the body is the file without [start, start + removed). */
  removedStart: number;
  removedLength: number;
  /** Offset of the YAML text (as parsed, after trimming) in the file; -1 without front matter. */
  yamlStart: number;
  yaml: string;
  /** Top-level keys as written, with the offset of the key and of its value in the file. */
  keys: Map<string, { keyOffset: number; valueOffset: number }>;
  lines: LineIndex;
}

// The package is CommonJS typed as `export default`: Node gives ESM the function itself.
const fm = frontMatterModule as unknown as typeof frontMatterModule.default;

// front-matter 4.0.2's own pattern (non-Windows): the match is what it removes from the file.
const FRONT_MATTER = /^(\ufeff?(= yaml =|---)$([\s\S]*?)^(?:\2|\.\.\.)\s*$(?:\n)?)/m;
const TOP_LEVEL_KEY =
  /^(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)'|([^\s#:'"?\-[\]{},][^#\n]*?))[ \t]*:(?=[ \t]|\r?$)/;

export function locate(
  file: string,
  lines: LineIndex,
  offset: number,
): Pick<ConfigProblem, 'where' | 'line' | 'column'> {
  const { line, column } = linePosition(lines, offset);
  return { where: `${file}:${line}:${column}`, line, column };
}

function locateKeys(yaml: string, yamlStart: number): FrontMatter['keys'] {
  const keys: FrontMatter['keys'] = new Map();
  let offset = 0;
  for (const line of yaml.split('\n')) {
    const match = TOP_LEVEL_KEY.exec(line);
    if (match) {
      const name = match[1] ?? (match[2] === undefined ? match[3] : match[2].replaceAll("''", "'"));
      const rest = line.slice(match[0].length);
      const valueOffset = offset + match[0].length + (rest.length - rest.trimStart().length);
      if (name !== undefined && !keys.has(name))
        keys.set(name, { keyOffset: yamlStart + offset, valueOffset: yamlStart + valueOffset });
    }
    offset += line.length + 1;
  }
  return keys;
}

export function splitFrontMatter(text: string, file: string): FrontMatter {
  const lines = indexLines(text);
  let parsed: ReturnType<typeof fm>;
  try {
    parsed = fm(text);
  } catch (error) {
    throw yamlError(error, text, file, lines);
  }
  const match = /= yaml =|---/.test(text.split(/(\r?\n)/)[0] ?? '') ? FRONT_MATTER.exec(text) : null;
  if (match === null)
    return {
      attributes: parsed.attributes,
      body: parsed.body,
      removedStart: 0,
      removedLength: 0,
      yamlStart: -1,
      yaml: '',
      keys: new Map(),
      lines,
    };
  const raw = match[3] ?? '';
  const rawStart = match.index + match[0].indexOf(match[2] ?? '---') + (match[2] ?? '---').length;
  const yaml = raw.replace(/^\s+|\s+$/g, '');
  const yamlStart = rawStart + (raw.length - raw.replace(/^\s+/, '').length);
  return {
    attributes: parsed.attributes,
    body: parsed.body,
    // String.prototype.replace removes the first occurrence of the matched text.
    removedStart: text.indexOf(match[0]),
    removedLength: match[0].length,
    yamlStart,
    yaml,
    keys: locateKeys(yaml, yamlStart),
    lines,
  };
}

/** A file offset for an offset into the body. */
export function bodyOffsetToFile(front: FrontMatter, offset: number): number {
  return offset < front.removedStart ? offset : offset + front.removedLength;
}

interface YamlException {
  name: string;
  reason?: string;
  mark?: { position?: number };
}

function yamlError(error: unknown, text: string, file: string, lines: LineIndex): unknown {
  const yamlException = error as YamlException;
  if (yamlException?.name !== 'YAMLException') return error;
  const match = FRONT_MATTER.exec(text);
  const raw = match?.[3] ?? '';
  const rawStart = match ? match.index + match[0].indexOf(match[2] ?? '---') + (match[2] ?? '---').length : 0;
  const yamlStart = rawStart + (raw.length - raw.replace(/^\s+/, '').length);
  const position = locate(file, lines, yamlStart + (yamlException.mark?.position ?? 0));
  const message = `The front matter is not valid YAML: ${yamlException.reason ?? 'syntax error'}.`;
  return new PndError('input-invalid', 'The issue template cannot be read.', {
    details: {
      where: position.where,
      hint: 'Fix the YAML between the --- lines at the top of the template.',
      problems: [{ ...position, path: '', message }],
    },
    cause: error,
  });
}
