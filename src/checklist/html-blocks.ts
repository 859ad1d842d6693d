/**
 * The raw-HTML parts of Markdown that hide task lines: comment blocks (which may span lines) and
 * CommonMark HTML blocks, whose lines GitHub passes through as HTML instead of rendering a list.
 */

/** HTML block kinds that matter here: `raw` ends at its closing tag, `until-blank` at a blank line. */
export type HtmlBlock = { kind: 'raw'; closing: RegExp } | { kind: 'until-blank' };

const RAW_TAGS = /^<(pre|script|style|textarea)(?=[\s>]|$)/i;

// CommonMark's HTML block start condition 6: these tags start a block that ends at a blank line.
const BLOCK_TAGS = new Set(
  (
    'address article aside base basefont blockquote body caption center col colgroup dd details dialog ' +
    'dir div dl dt fieldset figcaption figure footer form frame frameset h1 h2 h3 h4 h5 h6 head header ' +
    'hr html iframe legend li link main menu menuitem nav noframes ol optgroup option p param search ' +
    'section summary table tbody td tfoot th thead title tr track ul'
  ).split(' '),
);

const BLOCK_TAG = /^<\/?([A-Za-z][A-Za-z0-9]*)(?=[\s>]|\/>|$)/;
// Condition 7: a complete open or closing tag alone on its line.
const LONE_TAG =
  /^(?:<[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?)*\s*\/?>|<\/[A-Za-z][A-Za-z0-9-]*\s*>)\s*$/;

/**
 * The HTML block a line starts, given the line without its indentation. `afterParagraph`: condition 7
 * cannot interrupt a paragraph.
 */
export function htmlBlockStart(text: string, afterParagraph: boolean): HtmlBlock | undefined {
  const raw = RAW_TAGS.exec(text);
  if (raw) return { kind: 'raw', closing: new RegExp(`</${raw[1]}>`, 'i') };
  const tag = BLOCK_TAG.exec(text);
  if (tag && BLOCK_TAGS.has((tag[1] ?? '').toLowerCase())) return { kind: 'until-blank' };
  // Raw tags opening were taken above; `</pre>` alone is this kind, as in the CommonMark reference.
  if (!afterParagraph && LONE_TAG.test(text)) {
    return { kind: 'until-blank' };
  }
  return undefined;
}

/** Whether a raw block (pre, script, style, textarea) closes on this line. */
export function closesHtmlBlock(block: HtmlBlock, text: string): boolean {
  return block.kind === 'raw' && block.closing.test(text);
}

/**
 * Follows HTML comments through one line of raw HTML (a comment block or an HTML block): given
 * whether the line starts inside a comment, says whether it ends inside one. GitHub passes raw
 * HTML to the browser's parser, where an unclosed comment hides what follows.
 */
export function endsInComment(text: string, startsInComment: boolean): boolean {
  let inside = startsInComment;
  let at = 0;
  for (;;) {
    if (inside) {
      const end = text.indexOf('-->', at);
      if (end === -1) return true;
      inside = false;
      at = end + 3;
    } else {
      const start = text.indexOf('<!--', at);
      if (start === -1) return false;
      inside = true;
      at = start + 4;
    }
  }
}
