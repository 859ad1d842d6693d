import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseChecklist } from '../checklist/index.ts';
import { rollUp } from './issue-progress.ts';

const BODY = [
  '## Wednesday',
  '',
  '- [ ] Deploy all components to TT02.',
  '  - [x] Deploy A. <!-- pnd:step id=deploy.a.tt02 -->',
  '  - [x] Deploy B. <!-- pnd:step id=deploy.b.tt02 -->',
  '- [ ] Go grab a coffee.',
  '- [ ] Post-deploy all components in TT02.',
  '  - [ ] Post-deploy A. <!-- pnd:step id=post-deploy.a.tt02 -->',
  '  - [x] Post-deploy B. <!-- pnd:step id=post-deploy.b.tt02 -->',
  '',
].join('\n');

describe('rollUp', () => {
  it('ticks the parent line when all its items are ticked, and nothing else', () => {
    const after = rollUp(BODY, 'deploy.b.tt02');
    const ticked = parseChecklist(after)
      .all.filter((t) => t.checked)
      .map((t) => t.text);
    expect(ticked).toContain('Deploy all components to TT02.');
    expect(ticked).not.toContain('Post-deploy all components in TT02.');
    expect(ticked).not.toContain('Go grab a coffee.');
    // Exactly one character changed.
    expect([...after].filter((c, i) => c !== BODY[i])).toEqual(['x']);
  });

  it('leaves a parent alone while one of its items is open', () => {
    expect(rollUp(BODY, 'post-deploy.b.tt02')).toBe(BODY);
  });

  it('never unticks and never changes anything but boxes (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }), (marks) => {
        let i = 0;
        const body = BODY.replace(/\[[ x]\](?= (?:Deploy|Post-deploy) [AB])/g, () =>
          marks[i++] ? '[x]' : '[ ]',
        );
        const after = rollUp(body, 'deploy.a.tt02');
        const before = parseChecklist(body).all;
        const later = parseChecklist(after).all;
        return (
          after.length === body.length &&
          before.every((t, k) => !t.checked || later[k]!.checked) &&
          after.replace(/\[[ x]\]/g, '[]') === body.replace(/\[[ x]\]/g, '[]')
        );
      }),
      { numRuns: 200 },
    );
  });
});
