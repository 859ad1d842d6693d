import nunjucksRuntime from 'nunjucks/src/runtime.js';

const { SafeString, markSafe } = nunjucksRuntime;

// nunjucks 3.2.3's lib.escape. 3.2.4 also turns a backslash into &#92;, so `escape`, `e` and
// `forceescape` would print differently from create-an-issue for text with a backslash.
const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '"': '&quot;',
  "'": '&#39;',
  '<': '&lt;',
  '>': '&gt;',
};
const ESCAPED = /[&"'<>]/g;

function escapeText(value: unknown): string {
  const text = (value === null || value === undefined ? '' : value) as { toString(): string };
  return text.toString().replace(ESCAPED, (char) => ESCAPES[char] ?? char);
}

/** The `escape` (and `e`) filter as nunjucks 3.2.3 has it: text already marked safe passes. */
export function escapeFilter(value: unknown): unknown {
  if (value instanceof SafeString) return value;
  return markSafe(escapeText(value));
}

/** `forceescape`: escapes even text marked safe. */
export function forceEscapeFilter(value: unknown): unknown {
  return markSafe(escapeText(value));
}
