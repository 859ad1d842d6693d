import { closesHtmlBlock, endsInComment, htmlBlockStart, type HtmlBlock } from './html-blocks.ts';
import { leadingWhitespace, splitLines } from './split-lines.ts';
import { assignIds, derivedId, stepMarkerId, withoutStepMarker } from './step-id.ts';
import type { Checklist, ChecklistLine, ParseOptions, TaskItem } from './task-item.ts';

/**
 * A line scanner for the parts of GitHub-flavoured Markdown that decide whether a line is a task
 * item: containers (block quotes, list items by indentation), fenced and indented code, HTML
 * blocks and comments, headings. It never changes the text, so parsing cannot lose a byte.
 */

interface OpenItem {
  /** Column of the list marker. */
  indent: number;
  /** Column where the item's content starts: lines indented this far belong to it. */
  contentColumn: number;
  task?: TaskItem;
}

interface Fence {
  char: string;
  length: number;
}

/** Where a fence or HTML block sits: it ends when a line no longer continues its container. */
interface Leaf {
  quoteDepth: number;
  /** Content column of the list item holding it; 0 at the top level. */
  column: number;
}

type Heading = { level: number; text: string };

// A tab after `>` is left in the content: one of its columns is the optional space (see below).
const QUOTE_PREFIX = /^(?: {0,3}> ?)+/;
const FENCE_OPEN = /^(`{3,}|~{3,})(.*)$/;
const ATX_HEADING = /^(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const SETEXT_UNDERLINE = /^(=+|-+)[ \t]*$/;
const THEMATIC_BREAK = /^([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const LIST_MARKER = /^(?:([-+*])|(\d{1,9})[.)])(?=[ \t]|$)/;
// GitHub's task-list extension: 1+ spaces after the list marker, then [ ], [x] or [X], then
// whitespace and some text: `- [ ]` alone is a plain item showing "[ ]".
const CHECKBOX = /^\[([ xX])\][ \t]+\S/;
const FRONT_MATTER_END = /^(?:---|\.\.\.)[ \t]*$/;

function quoteDepthOf(prefix: string): number {
  return (prefix.match(/>/g) ?? []).length;
}

function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

function frontMatterLines(lines: readonly ChecklistLine[]): number {
  if (lines[0]?.text.trimEnd() !== '---') return 0;
  const end = lines.findIndex((line, index) => index > 0 && FRONT_MATTER_END.test(line.text));
  return end === -1 ? 0 : end + 1;
}

/** Whether a line continues the quote and list item a fence or HTML block sits in. */
function continuesLeaf(line: string, leaf: Leaf, quoteDepth: number, indent: number): boolean {
  if (quoteDepth < leaf.quoteDepth) return false;
  if (quoteDepth === leaf.quoteDepth) return indent >= leaf.column;
  // A further `>` is the block's own text unless it stands left of the item's content column.
  if (leaf.column === 0) return true;
  const inner = line.replace(new RegExp(`^(?: {0,3}> ?){${leaf.quoteDepth}}`), '');
  return leadingWhitespace(inner).columns >= leaf.column;
}

function listMayInterrupt(number: string | undefined, rest: string): boolean {
  return rest.trim() !== '' && (number === undefined || Number(number) === 1);
}

/**
 * Whether a line that does not continue the block quote holding a paragraph starts a block
 * (otherwise it continues that paragraph lazily). The paragraph is in a container this line does
 * not continue, so even the blocks that cannot interrupt a paragraph may start.
 */
function interruptsParagraph(content: string): boolean {
  if (content.trim() === '') return true;
  const { columns, chars } = leadingWhitespace(content);
  if (columns >= 4) return false;
  const text = content.slice(chars);
  if (FENCE_OPEN.test(text) || ATX_HEADING.test(text) || THEMATIC_BREAK.test(text)) return true;
  if (text.startsWith('<!--') || text.startsWith('>') || htmlBlockStart(text, false)) return true;
  return LIST_MARKER.test(text);
}

export function parseChecklist(body: string, options: ParseOptions = {}): Checklist {
  const lines = splitLines(body);
  const all: TaskItem[] = [];
  const items: TaskItem[] = [];
  const candidates: Array<{ base: string; marked: boolean }> = [];

  let headings: Heading[] = [];
  let open: OpenItem[] = [];
  let openQuoteDepth = 0;
  let fence: Fence | undefined;
  let html: HtmlBlock | undefined;
  let leaf: Leaf = { quoteDepth: 0, column: 0 };
  let inComment = false;
  let afterParagraph = false;
  let paragraphAtTopLevel = false;
  let paragraphText = '';
  let byteOffset = 0;

  const setHeading = (level: number, text: string): void => {
    headings = [...headings.filter((heading) => heading.level < level), { level, text: text.trim() }];
  };

  const skip = options.frontMatter ? frontMatterLines(lines) : 0;

  lines.forEach((line, index) => {
    const lineBytes = byteOffset;
    byteOffset += utf8Length(line.text) + line.eol.length;
    if (index < skip) return;

    const prefix = QUOTE_PREFIX.exec(line.text)?.[0] ?? '';
    const quoteDepth = quoteDepthOf(prefix);
    const content = line.text.slice(prefix.length);
    // Columns count from the line start, so that tabs stop where they do in the whole line.
    const startColumn = leadingWhitespace(prefix.replaceAll('>', ' ')).columns;
    const whitespace = leadingWhitespace(content, startColumn);
    const chars = whitespace.chars;
    const indent = whitespace.columns - (prefix.endsWith('>') && content.startsWith('\t') ? 1 : 0);
    const blank = content.trim() === '';

    if ((fence || html) && !continuesLeaf(line.text, leaf, quoteDepth, blank ? Infinity : indent)) {
      // The quote or list item holding the code or HTML ended, and the block with it.
      fence = undefined;
      html = undefined;
    }
    if (fence) {
      const close = new RegExp(`^[ \\t]*\\${fence.char}{${fence.length},}[ \\t]*$`);
      if (close.test(content)) fence = undefined;
      return;
    }
    if (inComment) {
      inComment = endsInComment(content, true);
      afterParagraph = false;
      return;
    }
    if (html) {
      if (html.kind === 'until-blank' && content.trim() === '') html = undefined;
      else if (closesHtmlBlock(html, content)) html = undefined;
      if (html) inComment = endsInComment(content, inComment);
      afterParagraph = false;
      return;
    }

    if (quoteDepth !== openQuoteDepth) {
      // A line with fewer `>` that starts no block continues the quoted paragraph (lazily).
      if (quoteDepth < openQuoteDepth && afterParagraph && !interruptsParagraph(content)) return;
      // A list does not continue into or out of a block quote.
      open = [];
      openQuoteDepth = quoteDepth;
      afterParagraph = false;
    }
    if (blank) {
      afterParagraph = false;
      return;
    }

    // The innermost open item this line is indented enough to belong to.
    let container = -1;
    for (let i = open.length - 1; i >= 0; i -= 1) {
      if ((open[i]?.contentColumn ?? 0) <= indent) {
        container = i;
        break;
      }
    }
    const base = container >= 0 ? (open[container]?.contentColumn ?? 0) : 0;
    const closeDeeper = (): void => {
      open = open.slice(0, container + 1);
    };
    const text = content.slice(chars);

    if (indent - base >= 4) {
      // Indented code, or the continuation of a paragraph: never a task either way.
      if (!afterParagraph) closeDeeper();
      return;
    }

    const fenceOpen = FENCE_OPEN.exec(text);
    if (fenceOpen && !(fenceOpen[1]?.startsWith('`') && fenceOpen[2]?.includes('`'))) {
      closeDeeper();
      const marker = fenceOpen[1] ?? '```';
      fence = { char: marker[0] ?? '`', length: marker.length };
      leaf = { quoteDepth, column: base };
      afterParagraph = false;
      return;
    }

    const atx = ATX_HEADING.exec(text);
    if (atx) {
      closeDeeper();
      if (quoteDepth === 0) setHeading(atx[1]?.length ?? 1, atx[2] ?? '');
      afterParagraph = false;
      return;
    }

    const setext = SETEXT_UNDERLINE.exec(text);
    if (setext && afterParagraph && paragraphAtTopLevel && open.length === 0 && quoteDepth === 0) {
      setHeading(setext[1]?.startsWith('=') ? 1 : 2, paragraphText);
      afterParagraph = false;
      return;
    }

    if (THEMATIC_BREAK.test(text)) {
      closeDeeper();
      afterParagraph = false;
      return;
    }

    // An HTML block of comments: hidden until the line with `-->`. (A `<!--` later in a paragraph
    // or task line is different: a comment not closed within its paragraph is shown as text, and
    // cannot hide the lines after it.)
    if (text.startsWith('<!--')) {
      closeDeeper();
      inComment = endsInComment(text, false);
      afterParagraph = false;
      return;
    }

    // Like a list, an HTML block of the kind that cannot interrupt a paragraph can start where
    // the paragraph's own container is not continued.
    const block = htmlBlockStart(text, afterParagraph && container === open.length - 1);
    if (block) {
      closeDeeper();
      if (!closesHtmlBlock(block, text)) html = block;
      leaf = { quoteDepth, column: base };
      inComment = endsInComment(text, false);
      afterParagraph = false;
      return;
    }

    const marker = LIST_MARKER.exec(text);
    if (marker) {
      const afterMarker = text.slice(marker[0].length);
      const spacing = leadingWhitespace(afterMarker, startColumn + whitespace.columns + marker[0].length);
      const rest = afterMarker.slice(spacing.chars);
      // Within the container that holds the paragraph, a list may interrupt it only with a
      // non-empty item, and an ordered one only from 1; otherwise the line continues the paragraph.
      const refused = afterParagraph && container === open.length - 1 && !listMayInterrupt(marker[2], rest);
      if (!refused) {
        closeDeeper();
        const markerEnd = indent + marker[0].length;
        const contentColumn =
          markerEnd + (spacing.columns >= 1 && spacing.columns <= 4 ? spacing.columns : 1);
        const checkbox = spacing.columns >= 1 && spacing.columns <= 4 ? CHECKBOX.exec(rest) : null;
        let task: TaskItem | undefined;
        if (checkbox) {
          const mark = (checkbox[1] ?? ' ') as TaskItem['mark'];
          const column = prefix.length + chars + marker[0].length + spacing.chars + 1;
          const after = rest.slice(3);
          const stepId = stepMarkerId(after);
          const itemText = withoutStepMarker(after).trim();
          task = {
            id: '',
            ...(stepId === undefined ? {} : { stepId }),
            checked: mark !== ' ',
            text: itemText,
            line: index + 1,
            depth: open.length,
            headingPath: headings.map((heading) => heading.text),
            children: [],
            markOffset: lineBytes + utf8Length(line.text.slice(0, column)),
            markIndex: line.start + column,
            mark,
          };
          candidates.push({
            base: stepId ?? derivedId(task.headingPath, itemText),
            marked: stepId !== undefined,
          });
          const parent = open.findLast((item) => item.task !== undefined)?.task;
          (parent ? parent.children : items).push(task);
          all.push(task);
          line.task = task;
        }
        open.push({ indent, contentColumn, ...(task ? { task } : {}) });
        afterParagraph = rest.trim() !== '';
        paragraphAtTopLevel = false;
        return;
      }
    }

    // Paragraph text. Right after a paragraph line it may be a lazy continuation, which keeps
    // every open item open even when it is not indented.
    if (!afterParagraph) closeDeeper();
    paragraphAtTopLevel = !afterParagraph ? open.length === 0 : paragraphAtTopLevel;
    paragraphText = afterParagraph ? `${paragraphText} ${text}` : text;
    afterParagraph = true;
  });

  const ids = assignIds(candidates);
  all.forEach((task, index) => {
    task.id = ids[index] ?? task.id;
  });
  return { items, all, lines };
}
