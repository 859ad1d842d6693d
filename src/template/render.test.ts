import fc from 'fast-check';
import moment from 'moment';
import { describe, expect, it } from 'vitest';
import { PndError } from '../core/errors.ts';
import { weekDifferences } from './lints.ts';
import { renderIssueTemplate } from './render.ts';

const now = Date.parse('2027-01-04T05:00:00Z');
const render = (text: string, at = now) => renderIssueTemplate(text, { file: 't.md', now: at, env: {} });

function failure(text: string): PndError {
  try {
    render(text);
  } catch (error) {
    if (error instanceof PndError) return error;
    throw error;
  }
  throw new Error('expected the template to fail');
}

describe('front matter', () => {
  it('takes labels and assignees as lists or as text split on exactly ", "', () => {
    const issue = render("---\ntitle: t 2027\nlabels: [a, 'b, c']\nassignees: 'x, y,z,  w'\n---\n");
    expect(issue.labels).toEqual(['a', 'b, c']);
    expect(issue.assignees).toEqual(['x', 'y,z', ' w']);
  });

  it.each([
    ['7', 7],
    ["'12'", 12],
    ['v1.0', null],
    ['0', null],
    ["''", null],
    ['0x1F', 31],
    ['true', null],
  ])('milestone %s is %s', (value, expected) => {
    expect(render(`---\ntitle: t 2027\nmilestone: ${value}\n---\n`).milestone).toBe(expected);
  });

  it('accepts name and about and ignores them', () => {
    const issue = render('---\nname: n\nabout: a\ntitle: t 2027\n---\nbody');
    expect(issue).toMatchObject({
      title: 't 2027',
      body: 'body',
      labels: [],
      assignees: [],
      milestone: null,
    });
  });

  it('names an unknown key with its line and column', () => {
    const error = failure('---\ntitle: t\nlabel: x\n---\n');
    expect(error.code).toBe('input-invalid');
    expect(error.details.problems).toEqual([
      expect.objectContaining({ where: 't.md:3:1', path: 'label', value: '"label"' }),
    ]);
  });

  it('requires a title, as text', () => {
    expect(failure('no front matter').details.problems).toEqual([
      expect.objectContaining({ path: 'title', message: expect.stringMatching(/no title/) }),
    ]);
    expect(failure('---\ntitle: 2027\n---\n').details.problems).toEqual([
      expect.objectContaining({ where: 't.md:2:1', path: 'title', value: '2027' }),
    ]);
  });

  it('refuses labels that are neither a list of text nor text', () => {
    expect(failure('---\ntitle: t\nlabels: [1, 2]\n---\n').details.problems).toEqual([
      expect.objectContaining({ where: 't.md:3:1', path: 'labels' }),
    ]);
  });

  it('points YAML syntax errors into the file', () => {
    const error = failure('---\ntitle: t\nlabels: [a, b\n---\n');
    expect(error.details.where).toMatch(/^t\.md:[34]:\d+$/);
  });
});

describe('template errors point into the file', () => {
  it('maps a body syntax error past the front matter and the blank lines it eats', () => {
    const error = failure('---\ntitle: t\n---\n\n\nline one\n  {% if %}\n');
    expect(error.details.problems).toEqual([
      expect.objectContaining({ where: 't.md:7:9', path: 'body', message: 'unexpected token: %}' }),
    ]);
  });

  it('maps a runtime error (0-based in nunjucks) in a CRLF file', () => {
    const error = failure('---\r\ntitle: t\r\n---\r\nline\r\nx {{ foo() }}\r\n');
    expect(error.details.problems).toEqual([
      expect.objectContaining({
        where: 't.md:5:9',
        message: 'Unable to call `foo`, which is undefined or falsey',
      }),
    ]);
  });

  it('finds an unknown filter, which nunjucks reports without a place', () => {
    const error = failure('---\ntitle: t\n---\nok\nA {{ date | nope }}\n');
    expect(error.details.problems).toEqual([
      expect.objectContaining({ where: 't.md:5:13', message: 'filter not found: nope' }),
    ]);
  });

  it('maps an error in the title to the title line, past an opening quote', () => {
    const error = failure('---\nname: x\ntitle: "W{{ date | date(\'ww\') | oops }}"\n---\n');
    expect(error.details.problems).toEqual([expect.objectContaining({ where: 't.md:3:33', path: 'title' })]);
  });

  it('reports both the body and the title when both fail', () => {
    const error = failure('---\ntitle: "{{ a( }}"\n---\n{{ b( }}\n');
    expect((error.details.problems as unknown[]).length).toBe(2);
  });

  it('refuses include: pnd reads no files a template names', () => {
    const error = failure('---\ntitle: t\n---\n{% include "other.md" %}\n');
    expect(error.details.problems).toEqual([
      expect.objectContaining({ where: 't.md:4:1', message: expect.stringMatching(/template not found/) }),
    ]);
  });
});

describe('lints', () => {
  it('warns where ww is used, with the computed dates it differs from WW', () => {
    const { warnings } = render(
      "---\ntitle: W{{ date | date('ww') }} 2027\n---\n{{ date | date('[ww] gggg-ww') }}\n",
    );
    expect(warnings.map((w) => [w.where, w.value])).toEqual([
      ['t.md:2:25', 'ww'],
      ['t.md:4:27', 'ww'],
    ]);
    expect(warnings[0]?.details?.[0]).toBe('2027: ww differs from WW on 365 days: 2027-01-01..2027-12-31');
    expect(warnings[0]?.details?.[1]).toMatch(/^2028: ww differs from WW on 366 days/);
  });

  it("lists exactly the dates where moment's week() and isoWeek() differ", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1971, max: 2099 }), (year) => {
        const listed = new Set<number>();
        for (const run of weekDifferences(year))
          for (let t = Date.parse(run.from); t <= Date.parse(run.to); t += 86_400_000) listed.add(t);
        for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += 86_400_000) {
          const day = moment.utc(t);
          expect(listed.has(t), day.format('YYYY-MM-DD')).toBe(day.week() !== day.isoWeek());
        }
      }),
      { numRuns: 150 },
    );
  });

  it('warns about a title without a year, and not about one with a year token or number', () => {
    expect(render('---\ntitle: Deploy W{{ date | date("WW") }}\n---\n').warnings).toEqual([
      expect.objectContaining({ where: 't.md:2:8', path: 'title' }),
    ]);
    expect(render('---\ntitle: Deploy {{ date | date("GGGG-[W]WW") }}\n---\n').warnings).toEqual([]);
    expect(render('---\ntitle: Deploy {{ date | date("LL") }}\n---\n').warnings).toEqual([]);
    expect(render('---\ntitle: Release 2027.1\n---\n').warnings).toEqual([]);
  });

  it('warns about a label with {{, which is used as written', () => {
    const issue = render("---\ntitle: t 2027\nlabels:\n  - plain\n  - week/{{ date | date('WW') }}\n---\n");
    expect(issue.labels[1]).toBe("week/{{ date | date('WW') }}");
    expect(issue.warnings).toEqual([expect.objectContaining({ where: 't.md:5:10', path: 'labels[1]' })]);
  });

  it('never changes the output', () => {
    const plain = render("---\ntitle: t 2027\n---\n{{ date | date('WW') }}").body;
    const linted = render("---\ntitle: t\n---\n{{ date | date('WW') }}");
    expect(linted.warnings.length).toBe(1);
    expect(linted.body).toBe(plain);
  });
});

describe('the date filter', () => {
  it('formats in UTC whatever the process time zone', () => {
    const saved = process.env.TZ;
    try {
      process.env.TZ = 'Pacific/Kiritimati';
      const body = render("---\ntitle: t 2027\n---\n{{ date | date('YYYY-MM-DD HH:mm Z') }}", now).body;
      expect(body).toBe('2027-01-04 05:00 +00:00');
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it("calls moment methods: date('add', 7, 'days')", () => {
    const body = render(
      "---\ntitle: t 2027\n---\n{{ date | date('add', 7, 'days') | date('dddd D MMMM') }}",
    ).body;
    expect(body).toBe('Monday 11 January');
  });
});
