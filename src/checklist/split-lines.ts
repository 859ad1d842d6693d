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

/** Width of leading spaces and tabs in columns (tab stops every 4), and how many characters they are. */
export function leadingWhitespace(text: string): { columns: number; chars: number } {
  let columns = 0;
  let chars = 0;
  for (const char of text) {
    if (char === ' ') columns += 1;
    else if (char === '\t') columns += 4 - (columns % 4);
    else break;
    chars += 1;
  }
  return { columns, chars };
}
