import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseChecklist } from './parse.ts';

// A copy of the team's real template (../shared/seed/tilgangsinfo-pnd.md), kept in the repository
// (.txt: the formatter must not touch a byte of it).
const SEED = new URL('./fixtures/tilgangsinfo-pnd.md.txt', import.meta.url);

function tasks(body: string): Array<[string, boolean]> {
  return parseChecklist(body).all.map((task) => [task.text, task.checked]);
}

describe('parseChecklist: which lines are tasks', () => {
  it('takes every list marker GitHub renders as a task', () => {
    expect(tasks('- [ ] a\n* [x] b\n+ [X] c\n\n1. [ ] d\n2) [x] e\n')).toEqual([
      ['a', false],
      ['b', true],
      ['c', true],
      ['d', false],
      ['e', true],
    ]);
  });

  it('needs one character between the brackets, then whitespace and text', () => {
    expect(tasks('- [ ]x\n- [xx] a\n- [] b\n-[ ] c\n- [ ]\n- [x] \n- [ ]\ttab\n')).toEqual([['tab', false]]);
  });

  it('ignores task lines in fenced code of any length, fence character and indentation', () => {
    const body = [
      '```',
      '- [ ] in backticks',
      '```',
      '~~~~markdown',
      '- [ ] in tildes',
      '~~~',
      '- [ ] still in tildes: the closing fence is too short',
      '~~~~~',
      '- [ ] after',
      '  ````',
      '  - [ ] indented fence',
      '  ````',
      '- [x] last',
    ].join('\n');
    expect(tasks(body)).toEqual([
      ['after', false],
      ['last', true],
    ]);
  });

  it('ignores task lines in HTML comments, <pre> and HTML blocks until their end', () => {
    const body = [
      '<!--',
      '- [ ] commented out',
      '-->',
      '- [ ] visible <!-- trailing comment -->',
      '  <!-- an indented comment block',
      '  - [ ] hidden',
      '-->',
      '<details>',
      '<summary>Old steps</summary>',
      '<!--',
      '',
      '- [ ] hidden: the comment opened in raw HTML',
      '',
      '-->',
      '</details>',
      '',
      // A comment not closed in its own paragraph is shown as text; the list item after it is a task.
      'text <!-- never closed',
      '- [ ] shown',
      'ends --> here',
      '',
      '<pre>',
      '- [ ] preformatted',
      '</pre>',
      '<details>',
      '- [ ] raw HTML block',
      '',
      '- [ ] after the blank line',
      '`<!--` in a code span opens nothing',
      '- [x] end',
    ].join('\n');
    expect(tasks(body)).toEqual([
      ['visible <!-- trailing comment -->', false],
      ['shown', false],
      ['after the blank line', false],
      ['end', true],
    ]);
  });

  it('takes task lines in block quotes, and indented code is not a task', () => {
    expect(tasks('> - [ ] quoted\n> > * [x] deeper\n\n    - [ ] indented code\n')).toEqual([
      ['quoted', false],
      ['deeper', true],
    ]);
  });

  it('reads CRLF, LF, CR and a mix the same way', () => {
    const lf = '## Day\n\n- [ ] a\n  - [x] b\n- [ ] c';
    const expected = parseChecklist(lf).all.map(({ id, text, checked, depth }) => ({
      id,
      text,
      checked,
      depth,
    }));
    for (const eol of ['\r\n', '\r']) {
      const other = parseChecklist(lf.replaceAll('\n', eol));
      expect(other.all.map(({ id, text, checked, depth }) => ({ id, text, checked, depth }))).toEqual(
        expected,
      );
    }
    const mixed = parseChecklist('## Day\r\n\n- [ ] a\r  - [x] b\r\n- [ ] c');
    expect(mixed.all.map(({ id, text, checked, depth }) => ({ id, text, checked, depth }))).toEqual(expected);
  });

  it('keeps links, footnotes, reference links and a trailing comment in the text', () => {
    const [task] = parseChecklist(
      '- [ ] Deploy[^1] [Auth] via [ADO](https://x.test/a?b=1) <!-- note -->\n',
    ).all;
    expect(task?.text).toBe('Deploy[^1] [Auth] via [ADO](https://x.test/a?b=1) <!-- note -->');
    expect(task?.id).toBe('h:deploy-auth-via-ado');
  });

  // Expected values as cmark-gfm 0.29.0.gfm.6 renders them.
  it('does not let a non-1 ordered item interrupt a paragraph in its own container', () => {
    expect(tasks('Some text\n2. [ ] continuation\n\n1. [ ] item\n2. [ ] sibling\n')).toEqual([
      ['item', false],
      ['sibling', false],
    ]);
    expect(tasks('- [ ] a\n  2. [ ] continuation')).toEqual([['a', false]]);
    // The paragraph is in an item or quote this line does not continue: a new list starts.
    expect(tasks('  - [ ] a\n2. [ ] b')).toEqual([
      ['a', false],
      ['b', false],
    ]);
    expect(tasks('> - [ ] a\n2. [ ] b')).toEqual([
      ['a', false],
      ['b', false],
    ]);
    expect(tasks('    - [ ] code\n2. [ ] b')).toEqual([['b', false]]);
  });

  it('ends code and HTML blocks with the list item or quote that holds them', () => {
    expect(tasks('- plain\n  ```\n- [ ] after the item')).toEqual([['after the item', false]]);
    expect(tasks('> ```\n- [ ] after the quote')).toEqual([['after the quote', false]]);
    expect(tasks('- plain\n  <div>\n- [ ] after the item')).toEqual([['after the item', false]]);
    expect(tasks('- plain\n  ```\n  > - [ ] code\n  ```')).toEqual([]);
    // A lone tag after an item starts an HTML block outside it, which runs to the blank line.
    expect(tasks('- [ ] a\n<br>\n- [ ] in the HTML block\n\n- [ ] b')).toEqual([
      ['a', false],
      ['b', false],
    ]);
  });

  it('continues a quoted paragraph lazily on a line without `>`', () => {
    expect(tasks('> - [ ] a\n\t- [ ] lazy\n>     - [ ] child')).toEqual([
      ['a', false],
      ['child', false],
    ]);
    expect(parseChecklist('> - [ ] a\nlazy\n>   - [ ] child').items[0]?.children.map((t) => t.text)).toEqual([
      'child',
    ]);
  });
});

describe('parseChecklist: nesting, headings and positions', () => {
  it('nests by indentation as CommonMark does, through non-task items', () => {
    const body = [
      '- [ ] parent',
      '  - [ ] child',
      '    - [x] grandchild',
      ' - [ ] sibling: indented less than the content column',
      '1. [ ] ordered',
      '   - plain item',
      '     - [ ] under a plain item',
      'lazy continuation',
      '     - [ ] still nested',
    ].join('\n');
    const checklist = parseChecklist(body);
    const shape = (items: typeof checklist.items): unknown =>
      items.map((task) => [task.text, task.depth, shape(task.children)]);
    expect(shape(checklist.items)).toEqual([
      ['parent', 0, [['child', 1, [['grandchild', 2, []]]]]],
      ['sibling: indented less than the content column', 0, []],
      [
        'ordered',
        0,
        [
          ['under a plain item', 2, []],
          ['still nested', 2, []],
        ],
      ],
    ]);
  });

  it('records the heading path, ATX and setext', () => {
    const body =
      '# Week\n## Tuesday\n- [ ] a\n### Detail ###\n- [ ] b\n## Wednesday\n- [ ] c\n\nSetext\n---\n- [ ] d\n- [ ] e\nLazy\n---\n- [ ] f\n';
    expect(parseChecklist(body).all.map((task) => task.headingPath)).toEqual([
      ['Week', 'Tuesday'],
      ['Week', 'Tuesday', 'Detail'],
      ['Week', 'Wednesday'],
      ['Week', 'Setext'],
      ['Week', 'Setext'],
      // "Lazy" continues item e's paragraph, so the dashes are a thematic break, not a heading.
      ['Week', 'Setext'],
    ]);
  });

  it('points markOffset (UTF-8 bytes) and markIndex (string index) at the mark', () => {
    const body = 'ÆØÅ 😀\r\n> - [x] blåbær\n';
    const [task] = parseChecklist(body).all;
    expect(body[task?.markIndex ?? -1]).toBe('x');
    expect(Buffer.from(body, 'utf8')[task?.markOffset ?? -1]).toBe('x'.charCodeAt(0));
    expect(task?.line).toBe(2);
  });

  it('skips front matter only when asked', () => {
    const template = '---\ntitle: x\nlabels: a\n---\n- [ ] a\n';
    expect(parseChecklist(template, { frontMatter: true }).all[0]?.headingPath).toEqual([]);
    expect(parseChecklist('---\n- [ ] a\n---\n').all).toHaveLength(1);
  });
});

describe('parseChecklist: ids', () => {
  it('uses the step marker, and derives readable ids from headings and text otherwise', () => {
    const body = [
      '## Tuesday',
      '- [ ] Deploy [Authentication] to production. <!-- pnd:step id=deploy.authentication.production -->',
      '- [ ] Deploy [Authentication](https://dev.azure.com/x) to **production**.',
      '- [ ] Deploy Authentication to production',
      '- [ ] Go grab a coffee',
    ].join('\n');
    const [marked, derived, repeat, coffee] = parseChecklist(body).all;
    expect(marked).toMatchObject({
      id: 'deploy.authentication.production',
      stepId: 'deploy.authentication.production',
      text: 'Deploy [Authentication] to production.',
    });
    expect(derived?.id).toBe('h:tuesday/deploy-authentication-to-production');
    expect(derived?.stepId).toBeUndefined();
    expect(repeat?.id).toBe('h:tuesday/deploy-authentication-to-production-2');
    expect(coffee?.id).toBe('h:tuesday/go-grab-a-coffee');
  });

  it('keeps a marked id even when a line above would collide with it', () => {
    const body = '- [ ] a <!-- pnd:step id=x -->\n- [ ] b <!-- pnd:step id=x -->\n- [ ] x\n';
    expect(parseChecklist(body).all.map((task) => task.id)).toEqual(['x', 'x-2', 'h:x']);
  });

  it('parses the seed checklist: 26 tasks, the per-day ids distinct', () => {
    const seed = readFileSync(SEED, 'utf8');
    const { all, items } = parseChecklist(seed, { frontMatter: true });
    expect(all).toHaveLength(26);
    expect(items).toHaveLength(12);
    expect(new Set(all.map((task) => task.id)).size).toBe(26);
    expect(all.map((task) => task.id)).toContain('h:tuesday/deploy-authentication-to-production');
    expect(all.map((task) => task.id)).toContain('h:wednesday/deploy-auditlog-to-tt02');
  });
});
