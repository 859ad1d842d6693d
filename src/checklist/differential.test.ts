import fc from 'fast-check';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmTaskListItemFromMarkdown } from 'mdast-util-gfm-task-list-item';
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item';
import { describe, expect, it } from 'vitest';
import { parseChecklist } from './parse.ts';
import type { TaskItem } from './task-item.ts';

/**
 * The line scanner against a full CommonMark + GFM task-list parser (micromark, test-only, which
 * follows github.com): for generated Markdown both must find the same task lines, ticked the
 * same, nested the same.
 */

/** The little of an mdast node this test reads. */
interface MdNode {
  type: string;
  checked?: boolean | null;
  position?: { start: { line: number } };
  children?: MdNode[];
}

/** Per task line: [line, checked, depth (enclosing list items), line of the enclosing task or 0]. */
type Shape = [number, boolean, number, number];

function referenceTasks(body: string): Shape[] {
  const tree: MdNode = fromMarkdown(body, {
    extensions: [gfmTaskListItem()],
    mdastExtensions: [gfmTaskListItemFromMarkdown()],
  });
  const found: Shape[] = [];
  const visit = (node: MdNode, depth: number, parentTask: number): void => {
    let childDepth = depth;
    let childParent = parentTask;
    if (node.type === 'listItem') {
      childDepth = depth + 1;
      if (typeof node.checked === 'boolean') {
        const line = node.position?.start.line ?? 0;
        found.push([line, node.checked, depth, parentTask]);
        childParent = line;
      }
    }
    for (const child of node.children ?? []) visit(child, childDepth, childParent);
  };
  visit(tree, 0, 0);
  return found.sort((a, b) => a[0] - b[0]);
}

function ours(body: string): Shape[] {
  const shapes: Shape[] = [];
  const visit = (tasks: TaskItem[], parent: number): void => {
    for (const task of tasks) {
      shapes.push([task.line, task.checked, task.depth, parent]);
      visit(task.children, task.line);
    }
  };
  visit(parseChecklist(body).items, 0);
  return shapes.sort((a, b) => a[0] - b[0]);
}

// PND_DIFF_RUNS=50000 for a long search; the default keeps the suite quick.
const RUNS = Number(process.env.PND_DIFF_RUNS) || 1000;

const word = fc.constantFrom('a', 'Deploy', 'x', '[Auth]', '`code`', '*em*', 'Æøå', '😀');
const text = fc.array(word, { minLength: 1, maxLength: 3 }).map((words) => words.join(' '));
const indent = fc.constantFrom('', ' ', '  ', '   ', '    ', '     ', '      ', '\t');
const taskLine = fc
  .tuple(
    fc.constantFrom('', '', '', '> ', '>'),
    indent,
    // Ordered lists start at 1 here: micromark refuses to start a list at 2 after any non-blank
    // line, where cmark-gfm (GitHub's parser) and pnd start it unless it would interrupt a
    // paragraph in the same container; parse.test.ts has those cases, checked with cmark-gfm.
    fc.constantFrom('-', '*', '+', '1.', '1)'),
    fc.constantFrom(' ', ' ', '  ', '\t'),
    fc.constantFrom(' ', 'x', 'X'),
    text,
  )
  .map(([quote, ws, marker, space, mark, rest]) => `${quote}${ws}${marker}${space}[${mark}] ${rest}`);

// Raw HTML pieces stay apart from comments here: inside an HTML block, pnd follows the browser
// (an unclosed comment hides what follows), which a Markdown parser alone does not model.
const block = (withHtml: boolean) =>
  fc.constantFrom(
    '',
    '',
    '```',
    '~~~',
    '  ```',
    '````',
    '# Heading',
    '## Day',
    '---',
    '===',
    '***',
    '> quote',
    '- plain',
    '  - plain nested',
    '1. plain',
    '    code?',
    // No lone tags (`<br>`, `</pre>`): micromark keeps such a line in the list item before it,
    // where cmark-gfm starts an HTML block (parse.test.ts has that case).
    ...(withHtml ? ['<pre>', '<details>', '<div>', '<div class="x">'] : ['<!--', '-->', '<!-- one line -->']),
  );

const body = (withHtml: boolean) =>
  fc
    .array(
      fc.oneof(
        { weight: 4, arbitrary: taskLine },
        { weight: 2, arbitrary: text },
        { weight: 3, arbitrary: block(withHtml) },
      ),
      {
        maxLength: 25,
      },
    )
    .map((lines) => lines.join('\n'));

describe('task lines agree with a full GFM parser', () => {
  it('on the examples', () => {
    const examples = [
      '- [ ] a\n  - [x] b\n    - [X] c\n',
      '> - [ ] quoted\n>\n> 1. [x] ordered\n',
      '```\n- [ ] code\n```\n- [ ] after',
      'para\n2. [ ] not a list\n1. [ ] list',
      '<details>\n- [ ] raw\n\n- [ ] rendered\n</details>',
      '- a\n    - [ ] nested deep',
    ];
    for (const example of examples) expect(ours(example), example).toEqual(referenceTasks(example));
  });

  for (const withHtml of [false, true]) {
    it(`on generated Markdown ${withHtml ? 'with HTML blocks' : 'with comment blocks'}`, () => {
      fc.assert(
        fc.property(body(withHtml), (markdown) => {
          expect(ours(markdown)).toEqual(referenceTasks(markdown));
        }),
        { numRuns: RUNS },
      );
    });
  }
});
