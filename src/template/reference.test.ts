import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PndError } from '../core/errors.ts';
import { actionsContextFromEnv } from './context.ts';
import { renderIssueTemplate } from './render.ts';
import {
  referenceRender,
  referenceVersions,
  type ReferenceIssue,
} from './testing/create-an-issue-reference.ts';

const root = join(import.meta.dirname, '..', '..');
const fixtures = join(root, 'test', 'fixtures', 'templates');
const eventPath = join(fixtures, 'event.json');
const payload: unknown = JSON.parse(readFileSync(eventPath, 'utf8'));
const templates = readdirSync(fixtures)
  .filter((name) => name.endsWith('.tmpl'))
  .sort();

/** The Actions environment of a scheduled run, plus one variable of the team's own. */
const actionsEnv: NodeJS.ProcessEnv = {
  GITHUB_REPOSITORY: 'Altinn/altinn-authentication',
  GITHUB_SHA: '4cc79e46650462b59761133ac18126b98c5e8a60',
  GITHUB_REF: 'refs/heads/main',
  GITHUB_WORKFLOW: 'Weekly release train',
  GITHUB_ACTION: 'create-issue',
  GITHUB_ACTOR: 'octocat',
  GITHUB_EVENT_NAME: 'schedule',
  GITHUB_EVENT_PATH: eventPath,
  TEAM: 'tilgangsinfo',
};

/** Year ends where ww, WW, gggg and GGGG part ways, and the Monday 05:00 of the schedule. */
const instants = [
  '2026-12-28T05:00:00Z', // Monday: ISO 2026-W53, US week 1 of 2027
  '2027-01-04T05:00:00Z', // Monday: ISO 2027-W01, US week 2
  '2022-12-26T05:00:00Z', // Monday: ISO 2022-W52, US week 53 of 2022
  '2021-01-01T00:30:00Z', // Friday: ISO 2020-W53, US week 1 of 2021
  '2026-11-23T05:00:00Z', // an ordinary Monday: ISO W48
  '2024-12-30T05:00:00Z', // Monday of ISO 2025-W01 (and US 2025 week 1), still 2024 by the calendar
  '2027-01-03T23:30:00Z', // Sunday night in UTC (US week 2, ISO 2026-W53), Monday morning in Oslo
  '2020-12-31T23:59:59.999Z', // the last millisecond of a leap year
  '2028-02-29T12:00:00Z', // leap day
];
const timeZones = ['UTC', 'Europe/Oslo', 'America/Los_Angeles', 'Pacific/Kiritimati'];

function pnd(text: string, file: string, now: number, env = actionsEnv): ReferenceIssue {
  const { title, body, labels, assignees, milestone } = renderIssueTemplate(text, {
    file,
    now,
    env,
    actionsContext: actionsContextFromEnv(env, payload),
  });
  return { title, body, labels, assignees, milestone };
}

let savedTz: string | undefined;
beforeAll(() => {
  savedTz = process.env.TZ;
});
afterAll(() => {
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
});

describe('the reference is what create-an-issue v2 runs', () => {
  it('uses the pinned versions, including the moment nunjucks-date-filter itself resolves', () => {
    expect(referenceVersions).toMatchObject({
      nunjucks: '3.2.3',
      nunjucksDateFilter: '0.1.1',
      momentOfDateFilter: '2.29.4',
      frontMatter: '4.0.2',
    });
  });

  it('has at least 20 fixtures besides the seed template', () => {
    expect(templates).toContain('tilgangsinfo-pnd.tmpl');
    expect(templates.length).toBeGreaterThanOrEqual(21);
  });
});

describe.each(templates)('%s renders byte for byte as create-an-issue does', (name) => {
  const text = readFileSync(join(fixtures, name), 'utf8');
  it.each(timeZones)('at every instant with TZ=%s', (timeZone) => {
    process.env.TZ = timeZone;
    for (const instant of instants) {
      const now = Date.parse(instant);
      const expected = referenceRender(text, { env: actionsEnv, now, payload });
      expect(JSON.stringify(pnd(text, name, now)), `${name} at ${instant} in ${timeZone}`).toBe(
        JSON.stringify(expected),
      );
    }
  });
});

describe('pnd issue render --json as a process', () => {
  const run = promisify(execFile);
  const cases: [string, string, string][] = [
    ['tilgangsinfo-pnd.tmpl', '2027-01-04T05:00:00Z', 'UTC'],
    ['tilgangsinfo-pnd.tmpl', '2026-12-28T06:00:00+01:00', 'Europe/Oslo'],
    ['env-repo-actions.tmpl', '2022-12-26T05:00:00Z', 'America/Los_Angeles'],
    ['crlf.tmpl', '2021-01-01T00:30:00Z', 'Europe/Oslo'],
    ['labels-string.tmpl', '2024-12-30T05:00:00Z', 'UTC'],
    ['unicode.tmpl', '2027-01-03T23:30:00Z', 'Europe/Oslo'],
  ];
  it.each(cases)('%s at %s (TZ=%s) prints exactly the reference', async (name, date, timeZone) => {
    const file = join(fixtures, name);
    const env = { ...process.env, ...actionsEnv, TZ: timeZone, NO_COLOR: '1' };
    const { stdout } = await run(
      process.execPath,
      [join(root, 'bin', 'pnd.js'), '--json', 'issue', 'render', '--template', file, '--date', date],
      { env },
    );
    process.env.TZ = timeZone;
    const expected = referenceRender(readFileSync(file, 'utf8'), { env, now: Date.parse(date), payload });
    expect(stdout).toBe(`${JSON.stringify(expected, null, 2)}\n`);
  });
});

describe('random templates render identically', () => {
  const tokens = [
    'Y',
    'YY',
    'YYYY',
    'M',
    'MM',
    'MMM',
    'MMMM',
    'Mo',
    'D',
    'DD',
    'Do',
    'DDD',
    'DDDD',
    'd',
    'do',
    'dd',
    'ddd',
    'dddd',
    'e',
    'E',
    'w',
    'wo',
    'ww',
    'W',
    'Wo',
    'WW',
    'gg',
    'gggg',
    'GG',
    'GGGG',
    'Q',
    'Qo',
    'H',
    'HH',
    'h',
    'hh',
    'k',
    'kk',
    'm',
    'mm',
    's',
    'ss',
    'S',
    'SSS',
    'A',
    'a',
    'X',
    'x',
    'Z',
    'ZZ',
    'L',
    'LL',
    'LLL',
    'LLLL',
    'l',
    'LT',
    'LTS',
    '[W]',
    '[week]',
    '-',
    ' ',
    '/',
    ':',
    '.',
    'T',
    '\\\\W',
  ];
  const format = fc.array(fc.constantFrom(...tokens), { minLength: 1, maxLength: 6 }).map((t) => t.join(''));
  const unit = fc.constantFrom('second', 'minutes', 'hours', 'day', 'days', 'week', 'weeks', 'month', 'year');
  const method = fc.constantFrom(
    'isoWeek',
    'week',
    'weekYear',
    'isoWeekYear',
    'isoWeekday',
    'day',
    'valueOf',
  );
  const expression = fc.oneof(
    format.map((f) => `{{ date | date('${f}') }}`),
    fc
      .tuple(fc.constantFrom('add', 'subtract'), fc.integer({ min: -400, max: 400 }), unit, format)
      .map(([verb, n, u, f]) => `{{ date | date('${verb}', ${n}, '${u}') | date('${f}') }}`),
    fc
      .tuple(
        fc.constantFrom('startOf', 'endOf'),
        fc.constantFrom('isoWeek', 'week', 'month', 'year', 'day'),
        format,
      )
      .map(([verb, u, f]) => `{{ date | date('${verb}', '${u}') | date('${f}') }}`),
    method.map((m) => `{{ date | date('${m}') }}`),
    fc.constantFrom(
      '{{ date }}',
      '{{ env.TEAM }}',
      '{{ env.NOPE }}',
      '{{ repo.owner }}/{{ repo.repo }}',
      '{{ sha }} {{ ref }} {{ workflow }} {{ action }} {{ actor }} {{ event }}',
      '{{ payload.schedule }}',
      '{% raw %}{{ date | date("ww") }}{% endraw %}',
      '{%- if true -%} trimmed {%- endif -%}',
      '{# comment #}',
      '{{ date | date() }}',
    ),
  );
  const text = fc
    .array(fc.constantFrom(...'abc XYZ 09-_.,:;!?()[]<>&"\'\n\r\tæøå🚀|'.split('')), { maxLength: 20 })
    .map((chars) => chars.join(''));
  const template = fc
    .array(fc.oneof(text, expression), { minLength: 1, maxLength: 8 })
    .map((parts) => parts.join(''));
  const labels = fc.oneof(
    fc.constant(''),
    fc
      .array(fc.constantFrom('a', 'b c', 'team/x', 'd,e'), { maxLength: 3 })
      .map((l) => `labels: ${JSON.stringify(l)}\n`),
    fc
      .array(fc.constantFrom('a', 'b c', 'team/x', 'd,e'), { minLength: 1, maxLength: 3 })
      .map((l) => `labels: ${JSON.stringify(l.join(', '))}\n`),
  );
  const milestone = fc.oneof(
    fc.constant(''),
    fc.integer({ min: 0, max: 999 }).map((n) => `milestone: ${n}\n`),
    fc.constantFrom('"12"', 'x1', '" 7 "', '0x1F', '1e2').map((m) => `milestone: ${m}\n`),
  );
  const instant = fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2100, 0, 1) });
  const now = Date.parse('2027-01-04T05:00:00Z');

  it('fails exactly where create-an-issue fails, with a place inside the file', () => {
    const broken = fc.constantFrom(
      '{{ x(',
      '{% if %}',
      '{{ | }}',
      '{% endfor %}',
      '{{ date | nope }}',
      '{{ nothing() }}',
      '{% for %}',
      '{{ 1 +* 2 }}',
      '{#',
      '}}',
      '%}',
    );
    const part = fc.oneof(text, expression, broken);
    const source = fc.array(part, { minLength: 1, maxLength: 6 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(source, source, (title, body) => {
        const file = `---\ntitle: ${JSON.stringify(title)}\n---\n${body}`;
        let referenceFailed = false;
        try {
          referenceRender(file, { env: actionsEnv, now, payload });
        } catch {
          referenceFailed = true;
        }
        let failure: unknown;
        try {
          pnd(file, 'random.md', now);
        } catch (error) {
          failure = error;
        }
        expect(failure !== undefined, file).toBe(referenceFailed);
        if (failure === undefined) return;
        expect(failure).toBeInstanceOf(PndError);
        const lines = file.split('\n');
        for (const problem of (failure as PndError).details.problems as { line: number; column: number }[]) {
          expect(problem.line).toBeGreaterThanOrEqual(1);
          expect(problem.line).toBeLessThanOrEqual(lines.length);
          expect(problem.column).toBeLessThanOrEqual((lines[problem.line - 1]?.length ?? 0) + 1);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('title, body, labels and milestone equal the reference', () => {
    process.env.TZ = 'Europe/Oslo';
    fc.assert(
      fc.property(
        template,
        template,
        labels,
        milestone,
        instant,
        (title, body, labelLine, milestoneLine, now) => {
          const file = `---\ntitle: ${JSON.stringify(title)}\n${labelLine}${milestoneLine}---\n${body}`;
          const expected = referenceRender(file, { env: actionsEnv, now, payload });
          expect(JSON.stringify(pnd(file, 'random.md', now))).toBe(JSON.stringify(expected));
        },
      ),
      { numRuns: 300 },
    );
  });
});
