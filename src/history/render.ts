import type { HistoryEvent } from './events.ts';
import type { DeliveryFigures } from './figures.ts';
import type { EnvironmentWeek, TrainLine, WeekReport } from './report.ts';

type Table = (header: string[], rows: string[][], fit?: { width?: number; shrink?: number[] }) => string;

/** `pnd history`: one line per event; the detail column is cut first to fit the terminal. */
export function renderHistory(events: readonly HistoryEvent[], table: Table, width?: number): string {
  if (events.length === 0)
    return 'No deploys, verifications, overrides or locks in the journal for this range.';
  const rows = events.map((e) => [
    e.at.slice(0, 16).replace('T', ' '),
    e.type,
    e.env ?? '',
    e.component ?? '',
    e.version ?? '',
    e.outcome,
    e.detail.replace(/\s+/g, ' '),
  ]);
  return table(['TIME (UTC)', 'EVENT', 'ENV', 'COMPONENT', 'VERSION', 'OUTCOME', 'DETAIL'], rows, {
    ...(width ? { width } : {}),
    shrink: [6, 4, 3],
  });
}

const hours = (h: number | null) =>
  h === null ? '–' : h >= 48 ? `${(h / 24).toFixed(1)} d` : `${h.toFixed(1)} h`;
const rate = (r: number | null) => (r === null ? '–' : `${Math.round(r * 100)} %`);

/** The figures as rows: what, this week, the trailing window. */
function figureRows(report: WeekReport): string[][] {
  const { week, trailing } = report.figures;
  const rows: string[][] = [];
  for (const [i, f] of week.deploymentFrequency.entries()) {
    const t = trailing.deploymentFrequency[i]!;
    rows.push([
      `Deployments to ${f.env}`,
      String(f.deployments),
      `${t.deployments} (${t.perWeek.toFixed(1)}/week)`,
    ]);
  }
  const lead = (f: DeliveryFigures) =>
    f.leadTime.changes === 0
      ? '–'
      : `${hours(f.leadTime.medianHours)} (p90 ${hours(f.leadTime.p90Hours)}, ${f.leadTime.changes})`;
  rows.push([
    report.production
      ? `Lead time to ${report.production} (median)`
      : 'Lead time (no production: give --config)',
    lead(week),
    lead(trailing),
  ]);
  const cfr = (f: DeliveryFigures) =>
    `${rate(f.changeFailureRate.rate)} (${f.changeFailureRate.failed}/${f.changeFailureRate.deployments})`;
  rows.push(['Change failure rate', cfr(week), cfr(trailing)]);
  const ttr = (f: DeliveryFigures) =>
    f.timeToRestore.incidents === 0
      ? '–'
      : `${hours(f.timeToRestore.medianHours)} (${f.timeToRestore.restored}/${f.timeToRestore.incidents} restored)`;
  rows.push(['Time to restore (median)', ttr(week), ttr(trailing)]);
  return rows;
}

/** Components by name (the versions are in --json): short enough for an issue comment. */
const names = (lines: readonly TrainLine[]) =>
  lines.length === 0 ? '–' : [...new Set(lines.map((l) => l.component))].join(', ');

function trainRows(train: readonly EnvironmentWeek[]): string[][] {
  return train.map((w) => [
    w.env,
    String(w.deployed.length),
    names(w.failed),
    `${w.verified.length} pass` +
      (w.verificationFailed.length
        ? `, ${w.verificationFailed.length} fail (${names(w.verificationFailed)})`
        : ''),
    names(w.blocked),
    names(w.overridden),
  ]);
}

const TRAIN_HEADER = ['ENV', 'DEPLOYED', 'DEPLOY FAILED', 'VERIFIED', 'BLOCKED', 'OVERRIDDEN'];

function footnote(report: WeekReport): string {
  const lead = report.figures.trailing.leadTime;
  const basis =
    lead.fromVersionCreated > 0
      ? ` Lead time from the version's creation where the commit time was not journaled (${lead.fromVersionCreated} of ${lead.changes}).`
      : '';
  return `Trailing window: ${report.trailing.from} to ${report.trailing.to} (${report.trailing.weeks} weeks); weeks in ${report.timeZone}.${basis}`;
}

export function renderReportText(report: WeekReport, table: Table, width?: number): string {
  const fit = width ? { width } : {};
  return [
    `Train ${report.week}`,
    '',
    table(TRAIN_HEADER, trainRows(report.train), { ...fit, shrink: [3, 4, 5, 2] }),
    '',
    table(['FIGURE', report.week, `LAST ${report.trailing.weeks} WEEKS`], figureRows(report), fit),
    '',
    footnote(report),
  ].join('\n');
}

/** Short, for a comment on the weekly issue: two GitHub tables and a footnote. */
export function renderReportMarkdown(report: WeekReport): string {
  const cell = (text: string) => text.replaceAll('|', '\\|').replace(/\s+/g, ' ');
  const md = (header: string[], rows: string[][]) =>
    [
      `| ${header.map(cell).join(' | ')} |`,
      `|${header.map(() => ' --- ').join('|')}|`,
      ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
    ].join('\n');
  return [
    `### Train ${report.week}`,
    '',
    md(
      TRAIN_HEADER.map((h) => h[0] + h.slice(1).toLowerCase()),
      trainRows(report.train),
    ),
    '',
    md(['Figure', report.week, `Last ${report.trailing.weeks} weeks`], figureRows(report)),
    '',
    `<sub>${footnote(report)} Definitions: docs/history.md.</sub>`,
    '',
  ].join('\n');
}
