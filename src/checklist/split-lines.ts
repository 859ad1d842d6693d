import type { ChecklistLine } from './task-item.ts';

/** Splits on every line ending CommonMark knows (LF, CRLF, lone CR), keeping each ending. */
export function splitLines(body: string): ChecklistLine[] {
  const lines: ChecklistLine[] = [];
  const pattern = /\r\n|\n|\r/g;
  let start = 0;
  for (let match = pattern.exec(body); match !== null; match = pattern.exec(body)) {
    lines.push({ start, text: body.slice(start, match.index), eol: match[0] });
    start = match.index + match[0].length;
  }
  lines.push({ start, text: body.slice(start), eol: '' });
  return lines;
}

/**
 * Width of leading spaces and tabs in columns, and how many characters they are. Tabs stop every
 * 4 columns counted from `startColumn`, the column the text starts at in its line.
 */
export function leadingWhitespace(text: string, startColumn = 0): { columns: number; chars: number } {
  let column = startColumn;
  let chars = 0;
  for (const char of text) {
    if (char === ' ') column += 1;
    else if (char === '\t') column += 4 - (column % 4);
    else break;
    chars += 1;
  }
  return { columns: column - startColumn, chars };
}
