import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { SqliteJournal } from '../../src/journal/index.ts';
import { runReport, sinceOf } from '../../src/cli/history-run.ts';
import { renderTable } from '../../src/cli/table.ts';
import { readHistory } from '../../src/history/events.ts';
import { renderHistory, renderReportMarkdown, renderReportText } from '../../src/history/render.ts';
import { readReport } from '../../src/history/report.ts';
import { isoWeekMonday, shiftWeek } from '../../src/history/weeks.ts';
import { pnd } from '../support/cli.ts';
import { generateJournalYear, type GeneratedYear } from '../support/journal-year.ts';
import { committedValidator } from '../support/output-schemas.ts';

/**
 * `pnd report` and `pnd history` as a user runs them, on a generated year (52 weeks, 10
 * components): an invented estate without a config (dev → staging → prod, weeks in UTC), and the
 * seed estate's config (tt02 → production, Europe/Oslo) for its time zone and promotion order.
 */
const WEEK = '2026-W30';
let year: GeneratedYear;
let journal: string;

/** Deploys that reached `env` in the runs of the given weeks, counted from the generated rows. */
function deployedIn(generated: GeneratedYear, weeks: ReadonlySet<string>, env: string): number {
  const [runs, entries] = generated.tables;
  const runIds = new Set(runs!.rows.filter((r) => weeks.has(String(r[2])) && r[3] === env).map((r) => r[0]));
  return entries!.rows.filter(
    (e) =>
      runIds.has(e[1]) &&
      e[6] === 'deploy-outcome' &&
      (JSON.parse(String(e[10])) as { outcome: string }).outcome === 'deployed',
  ).length;
}

beforeAll(async () => {
  year = generateJournalYear({ seed: 42 });
  journal = join(mkdtempSync(join(tmpdir(), 'pnd-report-')), 'journal.sqlite');
  const j = new SqliteJournal({ path: journal });
  await j.loadTables(year.tables);
  await j.close();
});

describe('pnd report on a generated year', () => {
  it('prints the week’s train and the figures, as JSON valid against its schema', async () => {
    const json = await pnd(
      ['--json', 'report', '--config', 'absent.yaml', '--journal', journal, '--week', WEEK],
      {},
    );
    expect(json.code, json.stdout + json.stderr).toBe(0);
    const report = JSON.parse(json.stdout) as {
      production: string | null;
      trailing: { from: string };
      train: { env: string; deployed: unknown[] }[];
      figures: Record<
        'week' | 'trailing',
        {
          deploymentFrequency: { env: string; deployments: number }[];
          leadTime: { changes: number; medianHours: number };
          changeFailureRate: { rate: number; deployments: number };
        }
      >;
    };
    const validate = committedValidator('report');
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.production).toBe('prod');
    expect(report.trailing.from).toBe(shiftWeek(WEEK, -11));
    const trailing = new Set(Array.from({ length: 12 }, (_, i) => shiftWeek(WEEK, -i)));
    for (const env of year.envs) {
      expect(report.figures.week.deploymentFrequency.find((f) => f.env === env)?.deployments).toBe(
        deployedIn(year, new Set([WEEK]), env),
      );
      expect(report.figures.trailing.deploymentFrequency.find((f) => f.env === env)?.deployments).toBe(
        deployedIn(year, trailing, env),
      );
      expect(report.train.find((t) => t.env === env)?.deployed).toHaveLength(
        deployedIn(year, new Set([WEEK]), env),
      );
    }
    // Production gets this week's versions a few days after their commits.
    expect(report.figures.trailing.leadTime.changes).toBeGreaterThan(50);
    expect(report.figures.trailing.leadTime.medianHours).toBeGreaterThan(24);
    expect(report.figures.trailing.leadTime.medianHours).toBeLessThan(10 * 24);
    expect(report.figures.trailing.changeFailureRate.rate).toBeGreaterThan(0);
    expect(report.figures.trailing.changeFailureRate.rate).toBeLessThan(0.5);

    // The text and Markdown forms of the same report (in process: the CLI only picks one).
    const opened = new SqliteJournal({ path: journal, readOnly: true });
    const same = await readReport(opened, { week: WEEK, timeZone: 'UTC', envs: [], production: null });
    await opened.close();
    expect(JSON.parse(JSON.stringify(same))).toEqual(report);
    const text = renderReportText(same, renderTable, 120);
    expect(text).toContain(`Train ${WEEK}`);
    for (const figure of [
      'Deployments to prod',
      'Lead time to prod',
      'Change failure rate',
      'Time to restore',
    ])
      expect(text).toContain(figure);
    const markdown = { stdout: renderReportMarkdown(same) };
    expect(markdown.stdout.startsWith(`### Train ${WEEK}\n`)).toBe(true);
    expect(markdown.stdout).toMatch(
      /^\| Change failure rate \| \d+ % \(\d+\/\d+\) \| \d+ % \(\d+\/\d+\) \|$/m,
    );
    // Short enough for a comment on the weekly issue.
    expect(markdown.stdout.split('\n').length).toBeLessThan(25);
    expect(markdown.stdout.length).toBeLessThan(2500);
  });

  it('counts weeks in the config’s time zone and ends lead time in its last environment', async () => {
    const seedYear = generateJournalYear({
      seed: 5,
      weeks: 6,
      envs: ['tt02', 'production'],
      firstWeek: '2026-W40',
    });
    const path = join(mkdtempSync(join(tmpdir(), 'pnd-report-')), 'journal.sqlite');
    const j = new SqliteJournal({ path });
    await j.loadTables(seedYear.tables);
    await j.close();
    // In process (the CLI's own code path, without a second process start): stdout captured.
    const written: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    try {
      const options = {
        config: 'examples/tilgangsinfo/pnd.yaml',
        journal: path,
        markdown: false,
        json: true,
      };
      expect(await runReport({ ...options, week: '2026-W44' }, {})).toBe(0);
      await expect(runReport({ ...options, week: '2026-W60' }, {})).rejects.toMatchObject({
        code: 'input-invalid',
        details: { where: '--week 2026-W60' },
      });
    } finally {
      spy.mockRestore();
    }
    const report = JSON.parse(written.join('')) as {
      timeZone: string;
      production: string;
      train: { env: string }[];
    };
    expect(report).toMatchObject({ timeZone: 'Europe/Oslo', production: 'production' });
    expect(report.train.map((t) => t.env)).toEqual(['tt02', 'production']);
  });

  it('knows ISO weeks: 53 in 2026, 52 in 2027', () => {
    // 2026 begins on a Thursday; 2027 on a Friday.
    expect(shiftWeek('2026-W52', 1)).toBe('2026-W53');
    expect(() => isoWeekMonday('2027-W53')).toThrow(/not an ISO week/);
    expect(() => isoWeekMonday('2026-W00')).toThrow(/not an ISO week/);
  });
});

describe('pnd history on a generated year', () => {
  it('lists one environment’s and component’s events since a date, as JSON valid against its schema', async () => {
    const since = '2026-07-01';
    const json = await pnd(
      [
        '--json',
        'history',
        '--config',
        'absent.yaml',
        '--journal',
        journal,
        '--env',
        'prod',
        '--component',
        'svc-03',
        '--since',
        since,
      ],
      {},
    );
    expect(json.code, json.stderr).toBe(0);
    const out = JSON.parse(json.stdout) as {
      events: { at: string; env: string; component: string; type: string }[];
    };
    const validate = committedValidator('history');
    expect(validate(out), JSON.stringify(validate.errors)).toBe(true);
    expect(out.events.length).toBeGreaterThan(20);
    expect(out.events.every((e) => e.env === 'prod' && e.component === 'svc-03' && e.at >= since)).toBe(true);
    expect(new Set(out.events.map((e) => e.type))).toEqual(
      expect.objectContaining(new Set(['deploy', 'verification'])),
    );
    expect([...out.events.map((e) => e.at)]).toEqual([...out.events.map((e) => e.at)].sort());
    const opened = new SqliteJournal({ path: journal, readOnly: true });
    const all = await readHistory(opened, { since: sinceOf(since, 0) });
    await opened.close();
    const lines = renderHistory(all, renderTable).split('\n');
    expect(lines[0]).toMatch(/^TIME \(UTC\)\s+EVENT\s+ENV\s+COMPONENT\s+VERSION\s+OUTCOME\s+DETAIL$/);
    for (const type of ['deploy', 'verification', 'override', 'rejection', 'rollback'])
      expect(
        lines.some((l) => l.split(/\s{2,}/)[1] === type),
        type,
      ).toBe(true);
    expect(sinceOf('2w', Date.parse('2026-07-15T00:00:00Z'))).toBe('2026-07-01T00:00:00.000Z');
    expect(() => sinceOf('last tuesday', 0)).toThrow(
      expect.objectContaining({
        code: 'input-invalid',
        details: expect.objectContaining({ where: '--since last tuesday' }),
      }),
    );
  });
});
