import { describe, expect, it } from 'vitest';
import { PndError } from '../core/errors.ts';
import {
  applyOwnChange,
  hasAnyTicked,
  renderChecklist,
  sameApartFromTicks,
  setChecked,
  uncheckedItems,
  writeOwnChange,
} from './edit.ts';
import { parseChecklist } from './parse.ts';

const BODY = [
  '<!-- pnd:week=2026-W48 team=tilgangsinfo -->',
  '## Wednesday',
  '',
  '- [ ] Deploy all components to TT02.',
  '  - [ ] Deploy [Authentication] to TT02. <!-- pnd:step id=deploy.authentication.tt02 -->',
  '  - [X] Deploy [Auditlog] to TT02. <!-- pnd:step id=deploy.auditlog.tt02 -->',
  '- [ ] Go grab a coffee',
  '',
].join('\r\n');

describe('setChecked', () => {
  it('flips exactly the one character between the brackets', () => {
    const { body, changed } = setChecked(BODY, 'deploy.authentication.tt02', true);
    expect(changed).toBe(true);
    expect(body).toBe(BODY.replace('- [ ] Deploy [Authentication]', '- [x] Deploy [Authentication]'));
    expect(setChecked(body, 'deploy.authentication.tt02', false).body).toBe(BODY);
  });

  it('changes nothing when the box is already as asked, keeping a capital X', () => {
    expect(setChecked(BODY, 'deploy.auditlog.tt02', true)).toEqual({ body: BODY, changed: false });
  });

  it('throws a not-found PndError for an unknown id', () => {
    expect(() => setChecked(BODY, 'deploy.nothing.tt02', true)).toThrow(PndError);
  });
});

describe('applyOwnChange: a person edits between pnd reading and writing', () => {
  it('keeps the person’s ticks and edits and adds pnd’s own tick', () => {
    // pnd read BODY and decided to tick the Authentication deploy; meanwhile a person ticked the
    // coffee, reworded the parent line and added a note above it.
    const personal = BODY.replace('- [ ] Go grab a coffee', '- [x] Go grab a coffee')
      .replace('Deploy all components to TT02.', 'Deploy all components to TT02 (late today).')
      .replace('## Wednesday\r\n', '## Wednesday\r\nOn call: @someone\r\n');
    const result = applyOwnChange(personal, 'deploy.authentication.tt02', true);
    expect(result.status).toBe('applied');
    expect(result.body).toBe(
      personal.replace('- [ ] Deploy [Authentication]', '- [x] Deploy [Authentication]'),
    );
    expect(result.body).toContain('- [x] Go grab a coffee');
    expect(result.body).toContain('(late today)');
    expect(result.body).toContain('On call: @someone');
  });

  it('finds a derived id again after lines were added above it', () => {
    const id = parseChecklist(BODY).all.find((task) => task.text === 'Go grab a coffee')?.id ?? '';
    const edited = `Top note\r\n\r\n- [ ] a new manual line\r\n${BODY}`;
    expect(applyOwnChange(edited, id, true).body).toContain('- [x] Go grab a coffee');
  });

  it('reports already or missing instead of writing', () => {
    expect(applyOwnChange(BODY, 'deploy.auditlog.tt02', true).status).toBe('already');
    const removed = BODY.replace(/.*Authentication.*\r\n/, '');
    expect(applyOwnChange(removed, 'deploy.authentication.tt02', true)).toEqual({
      body: removed,
      changed: false,
      status: 'missing',
    });
  });

  it('refuses when a person copied the line, so the id could point at the other copy', () => {
    const copied = BODY.replace('- [ ] Go grab a coffee', '- [ ] Go grab a coffee\r\n- [ ] Go grab a coffee');
    const coffee = parseChecklist(BODY).all.find((task) => task.text === 'Go grab a coffee')?.id ?? '';
    expect(applyOwnChange(copied, coffee, true)).toEqual({
      body: copied,
      changed: false,
      status: 'ambiguous',
    });
    const marked = BODY.replace(
      '## Wednesday\r\n',
      '## Wednesday\r\n- [ ] Deploy [Authentication] to TT02. <!-- pnd:step id=deploy.authentication.tt02 -->\r\n',
    );
    expect(applyOwnChange(marked, 'deploy.authentication.tt02', true).status).toBe('ambiguous');
  });

  it('writeOwnChange re-reads before writing, and writes only a change', async () => {
    let remote = BODY;
    const writes: string[] = [];
    const store = {
      read: async () => remote,
      write: async (body: string) => {
        writes.push(body);
        remote = body;
      },
    };
    // pnd's earlier read is stale: a person ticked the coffee since.
    remote = remote.replace('- [ ] Go grab a coffee', '- [x] Go grab a coffee');
    await writeOwnChange(store, 'deploy.authentication.tt02', true);
    await writeOwnChange(store, 'deploy.authentication.tt02', true);
    expect(writes).toHaveLength(1);
    expect(remote).toContain('- [x] Go grab a coffee');
    expect(remote).toContain('- [x] Deploy [Authentication]');
  });
});

describe('carry-over and edit detection', () => {
  it('lists the unticked items in document order', () => {
    expect(uncheckedItems(BODY).map((task) => task.text)).toEqual([
      'Deploy all components to TT02.',
      'Deploy [Authentication] to TT02.',
      'Go grab a coffee',
    ]);
  });

  it('hasAnyTicked sees ticks in task lines only', () => {
    expect(hasAnyTicked(BODY)).toBe(true);
    expect(hasAnyTicked('- [ ] a\n```\n- [x] code\n```\n')).toBe(false);
  });

  it('sameApartFromTicks ignores ticks and line endings, nothing else', () => {
    const ticked = setChecked(BODY, 'deploy.authentication.tt02', true).body;
    expect(sameApartFromTicks(BODY, ticked)).toBe(true);
    expect(sameApartFromTicks(BODY, ticked.replaceAll('\r\n', '\n'))).toBe(true);
    expect(sameApartFromTicks(BODY, BODY.replace('coffee', 'tea'))).toBe(false);
    expect(sameApartFromTicks(BODY, `${BODY}\r\nA note.`)).toBe(false);
    // [x] in code is text, not a tick.
    expect(sameApartFromTicks('```\n- [ ] a\n```', '```\n- [x] a\n```')).toBe(false);
  });

  it('renderChecklist writes the items’ states back', () => {
    const checklist = parseChecklist(BODY);
    for (const task of checklist.all) task.checked = !task.checked;
    const flipped = parseChecklist(renderChecklist(checklist)).all.map((task) => task.checked);
    expect(flipped).toEqual([true, true, false, true]);
  });
});
