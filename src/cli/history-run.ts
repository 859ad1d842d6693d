// The work behind `pnd history` and `pnd report`, loaded only when they run (see history.ts).
import { existsSync } from 'node:fs';
import { loadEstate } from '../config/load.ts';
import { parseDuration } from '../core/duration.ts';
import { PndError } from '../core/errors.ts';
import { filterHistory, readHistory } from '../history/events.ts';
import { renderHistory, renderReportMarkdown, renderReportText } from '../history/render.ts';
import { readReport } from '../history/report.ts';
import { isoWeekMonday } from '../history/weeks.ts';
import { journalLocation, openJournal } from '../journal/index.ts';
import { isoWeekOf } from '../template/iso-week.ts';
import type { HistoryOptions, ReportOptions } from './history.ts';
import { printJson } from './output.ts';
import { renderTable } from './table.ts';

interface Setting {
  timeZone: string;
  envs: string[];
  components: string[] | undefined;
  journalUrl: string | undefined;
}

/** The config is optional: without one, weeks are UTC and environments are what the journal saw. */
function settingOf(config: string, env: NodeJS.ProcessEnv): Setting {
  if (!existsSync(config)) return { timeZone: 'UTC', envs: [], components: undefined, journalUrl: undefined };
  const { estate } = loadEstate(config, env);
  return {
    timeZone: estate.calendar.timeZone,
    envs: estate.environments.map((e) => e.id),
    components: estate.components.map((c) => c.id),
    journalUrl: estate.journal?.url,
  };
}

function known(what: string, value: string | undefined, allowed: string[] | undefined): void {
  if (value === undefined || allowed === undefined || allowed.length === 0 || allowed.includes(value)) return;
  throw new PndError('input-invalid', `There is no such ${what} in the config.`, {
    details: { where: `--${what} ${value}`, allowed },
  });
}

/** `--since`: a date or ISO time, or a duration back from now. */
export function sinceOf(text: string, now: number): string {
  const back = parseDuration(text);
  if (back !== undefined) return new Date(now - back).toISOString();
  const at = /^\d{4}-\d{2}-\d{2}/.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(at))
    throw new PndError('input-invalid', 'The --since value is neither a date nor a duration.', {
      details: {
        where: `--since ${text}`,
        hint: 'Write a date (2026-11-01), an ISO time, or a duration (30d, 2w, 12h).',
      },
    });
  return new Date(at).toISOString();
}

const widthOf = () => (process.stdout.isTTY && process.stdout.columns ? process.stdout.columns : undefined);

export async function runHistory(
  options: HistoryOptions & { json: boolean },
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const setting = settingOf(options.config, env);
  known('env', options.env, setting.envs);
  known('component', options.component, setting.components);
  const since = options.since === undefined ? undefined : sinceOf(options.since, Date.now());
  const journal = await openJournal({
    path: journalLocation({ location: options.journal, configUrl: setting.journalUrl }, env),
    env,
    readOnly: true,
  });
  try {
    const events = filterHistory(await readHistory(journal, since ? { since } : {}), {
      ...(options.env ? { env: options.env } : {}),
      ...(options.component ? { component: options.component } : {}),
    });
    if (options.json)
      printJson({
        schemaVersion: 1,
        since: since ?? null,
        env: options.env ?? null,
        component: options.component ?? null,
        events,
      });
    else process.stdout.write(`${renderHistory(events, renderTable, widthOf())}\n`);
    return 0;
  } finally {
    await journal.close();
  }
}

export async function runReport(
  options: ReportOptions & { json: boolean },
  env: NodeJS.ProcessEnv = process.env,
  now: number = Date.now(),
): Promise<number> {
  if (options.json && options.markdown)
    throw new PndError('input-invalid', 'Choose one of --json and --markdown.', {
      details: { where: '--json --markdown' },
    });
  const setting = settingOf(options.config, env);
  const week = options.week ?? isoWeekOf(now, setting.timeZone).label;
  isoWeekMonday(week); // a bad --week is refused before the journal is opened
  const journal = await openJournal({
    path: journalLocation({ location: options.journal, configUrl: setting.journalUrl }, env),
    env,
    readOnly: true,
  });
  try {
    const report = await readReport(journal, {
      week,
      timeZone: setting.timeZone,
      envs: setting.envs,
      production: setting.envs.at(-1) ?? null,
    });
    if (options.json) printJson(report);
    else if (options.markdown) process.stdout.write(renderReportMarkdown(report));
    else process.stdout.write(`${renderReportText(report, renderTable, widthOf())}\n`);
    return 0;
  } finally {
    await journal.close();
  }
}
