import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { configProblemsOf, parseEstate } from '../../config/load.ts';
import type { Estate } from '../../config/schema.ts';
import { SqliteJournal } from '../../journal/index.ts';
import { datesBetween, freezeContains, freezeDaysBetween } from './freeze-days.ts';
import { holdsOn } from './target-holds.ts';

/** An invented estate (not the seed team's): a Munich team on GitHub environments. */
function estateYaml(timeZone: string, extra: string): string {
  return `team:
  name: payments
  issueRepository: acme/payments
calendar:
  timeZone: ${timeZone}
  trainDays:
    tuesday:
      deploy: staging
environments:
  - id: staging
    name: Staging
  - id: live
    name: Live
    soak:
      after: staging
      minimum: 2d
components:
  - id: ledger
    name: Ledger
    environments:
      staging:
        deployer:
          kind: github-environment
          repository: acme/ledger
          workflow: deploy.yml
          environment: staging
      live:
        deployer:
          kind: github-environment
          repository: acme/ledger
          workflow: deploy.yml
          environment: live
${extra}`;
}

function load(timeZone: string, extra: string): Estate {
  return parseEstate(estateYaml(timeZone, extra), 'pnd.yaml', {}).estate;
}

function problemsOf(text: string) {
  try {
    parseEstate(text, 'pnd.yaml', {});
  } catch (error) {
    const report = configProblemsOf(error);
    if (report) return report.problems;
    throw error;
  }
  throw new Error('expected the configuration to be invalid');
}

const isoDate = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe('freeze days', () => {
  it('a range holds exactly the days from `from` to `to`, inclusive, whatever the dates', () => {
    fc.assert(
      fc.property(isoDate, isoDate, isoDate, (a, b, day) => {
        const [from, to] = a <= b ? [a, b] : [b, a];
        const inside = Date.parse(from) <= Date.parse(day) && Date.parse(day) <= Date.parse(to);
        expect(freezeContains({ from, to }, day)).toBe(inside);
      }),
    );
    fc.assert(
      fc.property(isoDate, fc.integer({ min: 0, max: 40 }), (first, span) => {
        const last = new Date(Date.parse(first) + span * 86_400_000).toISOString().slice(0, 10);
        const dates = datesBetween(first, last);
        expect(dates).toHaveLength(span + 1);
        expect(dates.every((d) => freezeContains({ from: first, to: last }, d))).toBe(true);
      }),
      { numRuns: 50 },
    );
  });

  it('reads date ranges and public holidays (Germany, Bavaria) in the calendar time zone', async () => {
    const estate = load(
      'Europe/Berlin',
      `freezes:
  - from: 2026-12-21
    to: 2027-01-03
    reason: Year-end freeze
    environments: [live]
holidays:
  country: DE
  region: BY
`,
    );
    const days = await freezeDaysBetween(estate, '2026-01-05', '2026-01-07');
    // Epiphany is a public holiday in Bavaria, not in all of Germany.
    expect(days).toEqual([
      { date: '2026-01-06', kind: 'holiday', reason: 'Heilige Drei Könige', environments: null },
    ]);
    const journal = new SqliteJournal({ path: ':memory:' });
    try {
      // 23:30 UTC on 24 December is already the 25th in Berlin: Christmas and the range both hold live.
      const christmas = Date.parse('2026-12-24T23:30:00Z');
      expect((await holdsOn(estate, journal, 'live', christmas)).map((h) => [h.kind, h.reason])).toEqual([
        ['freeze', 'Year-end freeze'],
        ['holiday', '1. Weihnachtstag'],
      ]);
      // The range names live only; the holiday holds staging too.
      expect((await holdsOn(estate, journal, 'staging', christmas)).map((h) => h.kind)).toEqual(['holiday']);
      // An ordinary Tuesday holds nothing.
      expect(await holdsOn(estate, journal, 'staging', Date.parse('2026-11-24T09:00:00Z'))).toEqual([]);
    } finally {
      await journal.close();
    }
  });

  it('knows Sweden’s and Norway’s public holidays, and only the public ones', async () => {
    const sweden = load('Europe/Stockholm', 'holidays:\n  country: SE\n  environments: [live]\n');
    const midsummer = await freezeDaysBetween(sweden, '2026-06-19', '2026-06-20');
    expect(midsummer.map((d) => [d.date, d.environments])).toEqual([['2026-06-20', ['live']]]);
    const norway = load('Europe/Oslo', 'holidays:\n  country: "NO"\n');
    // Whit Sunday and Monday move with Easter; in 2027 Whit Monday falls on Constitution Day.
    expect(
      (await freezeDaysBetween(norway, '2027-05-16', '2027-05-18')).map((d) => [d.date, d.reason]),
    ).toEqual([
      ['2027-05-16', 'Første pinsedag'],
      ['2027-05-17', 'Grunnlovsdagen'],
      ['2027-05-17', 'Andre pinsedag'],
    ]);
    // Across a year end both years' holidays are read.
    expect((await freezeDaysBetween(norway, '2026-12-31', '2027-01-01')).map((d) => d.date)).toEqual([
      '2027-01-01',
    ]);
  });

  it('refuses a bad date, a range that ends first and an unknown environment, at file:line:col', () => {
    const problems = problemsOf(
      estateYaml(
        'Europe/Berlin',
        `freezes:
  - from: 2026-02-30
    to: 2026-03-01
    reason: x
  - from: 2026-12-21
    to: 2026-12-01
    reason: y
    environments: [prod]
holidays:
  country: germany
`,
      ),
    );
    expect(problems.map((p) => [p.where, p.message])).toEqual(
      expect.arrayContaining([
        ['pnd.yaml:34:11', 'The value is not a calendar date.'],
        ['pnd.yaml:38:9', 'The freeze ends before it starts.'],
        ['pnd.yaml:40:20', 'No environment has this id.'],
        ['pnd.yaml:42:12', 'The value is not a country code.'],
      ]),
    );
  });

  it('an unknown country or region is a config error naming the field', async () => {
    const estate = load('Europe/Berlin', 'holidays:\n  country: DE\n  region: XX\n');
    await expect(freezeDaysBetween(estate, '2026-01-01', '2026-01-01')).rejects.toMatchObject({
      code: 'config-invalid',
      details: { where: 'pnd.yaml holidays.region', allowed: expect.arrayContaining(['BY']) },
    });
    const nowhere = load('Europe/Berlin', 'holidays:\n  country: QQ\n');
    await expect(freezeDaysBetween(nowhere, '2026-01-01', '2026-01-01')).rejects.toMatchObject({
      code: 'config-invalid',
      details: { where: 'pnd.yaml holidays.country' },
    });
  });
});
