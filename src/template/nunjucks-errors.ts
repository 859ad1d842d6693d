/** Where in a template source a nunjucks error points, as an offset into that source. */
export interface NunjucksFailure {
  message: string;
  offset: number;
}

const HEADER = /^(?:Template render error: )?\(unknown path\)(?: \[Line (\d+), Column (\d+)\])?\n {2}/;

function lineStarts(source: string): number[] {
  const starts = [0];
  for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** When nunjucks gives no position, the construct its message names is the best place to point. */
function guessOffset(source: string, message: string): number {
  const filter = /^filter not found: (\S+)/.exec(message);
  if (filter?.[1]) {
    const name = filter[1].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const at = new RegExp(`\\|\\s*${name}\\b`).exec(source);
    if (at) return at.index + at[0].length - filter[1].length;
  }
  if (/^template not found/.test(message)) {
    const at = /\{%-?\s*(?:include|import|from|extends)\b/.exec(source);
    if (at) return at.index;
  }
  if (/^expected (?:variable|block) end/.test(message)) {
    const opener = message.startsWith('expected variable') ? '{{' : '{%';
    const at = source.lastIndexOf(opener);
    if (at !== -1) return at;
  }
  return 0;
}

/**
 * nunjucks reports "(unknown path) [Line L, Column C]\n  message", nesting the header when an error
 * passes through more than one template. Parse errors count lines and columns from 1, errors
 * raised while rendering from 0 (the compiled code records the lexer's 0-based positions).
 */
export function readNunjucksError(
  error: unknown,
  source: string,
  phase: 'compile' | 'render',
): NunjucksFailure {
  let text = error instanceof Error ? error.message : String(error);
  let line: number | undefined;
  let column: number | undefined;
  for (let header = HEADER.exec(text); header; header = HEADER.exec(text)) {
    if (header[1] !== undefined && line === undefined) {
      const base = phase === 'compile' ? 1 : 0;
      line = Number(header[1]) - base;
      column = Number(header[2]) - base;
    }
    text = text.slice(header[0].length);
  }
  const message = text.replace(/^Error: /, '').trim();
  if (line === undefined || column === undefined) return { message, offset: guessOffset(source, message) };
  const starts = lineStarts(source);
  const start = starts[Math.min(Math.max(line, 0), starts.length - 1)] ?? 0;
  return { message, offset: Math.min(start + Math.max(column, 0), source.length) };
}
