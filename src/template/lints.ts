import type { ConfigProblem } from '../config/problems.ts';

/** A lint finding: located like a config problem, plus lines of facts to print under it. */
export interface TemplateWarning extends ConfigProblem {
  details?: string[];
}

/** A string literal passed to the date filter, with its offset in the template text. */
export interface DateArgument {
  text: string;
  /** Offset of the literal's first character (after the quote) in the template text. */
  offset: number;
  /** 0 for the format or method name; method arguments follow. */
  position: number;
}

// moment's own tokeniser (formattingTokens in moment 2.29/2.31), without the 2.31-only \e form.
const FORMAT_TOKENS =
  /(\[[^[]*\])|(\\)?([Hh]mm(ss)?|Mo|MM?M?M?|Do|DDDo|DD?D?D?|ddd?d?|do?|w[o|w]?|W[o|W]?|Qo?|N{1,5}|YYYYYY|YYYYY|YYYY|YY|y{2,4}|yo?|gg(ggg?)?|GG(GGG?)?|e|E|a|A|hh?|HH?|kk?|mm?|ss?|S{1,9}|x|X|zz?|ZZ?|LTS|LT|LL?L?L?|l{1,4}|.)/g;
const TAG = /\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}/g;
const DATE_CALL = /\|\s*date\s*\(/g;
const LITERAL_OR_END = /\s*(?:(['"])((?:(?!\1)[^\\]|\\.)*)\1|[^,)]+)\s*([,)]?)/y;

/** The string literal arguments of every `| date(...)` in the template's tags. */
export function dateArguments(template: string): DateArgument[] {
  const found: DateArgument[] = [];
  for (const tag of template.matchAll(TAG)) {
    for (const call of tag[0].matchAll(DATE_CALL)) {
      let at = call.index + call[0].length;
      for (let position = 0; position < 8; position++) {
        LITERAL_OR_END.lastIndex = at;
        const arg = LITERAL_OR_END.exec(tag[0]);
        if (!arg) break;
        if (arg[1] !== undefined)
          found.push({
            text: arg[2] ?? '',
            offset: tag.index + arg.index + arg[0].indexOf(arg[1]) + 1,
            position,
          });
        at = arg.index + arg[0].length;
        if (arg[3] !== ',') break;
      }
    }
  }
  return found;
}

/** moment format tokens with their offsets in the format; escaped text ([...], \x) is skipped. */
export function formatTokens(format: string): { token: string; offset: number }[] {
  const tokens: { token: string; offset: number }[] = [];
  for (const match of format.matchAll(FORMAT_TOKENS)) {
    if (match[1] !== undefined || match[2] !== undefined || match[3] === undefined) continue;
    tokens.push({ token: match[3], offset: match.index });
  }
  return tokens;
}

const YEAR_TOKEN = /^(Y+|y+|yo|g{2,5}|G{2,5}|LL{1,3}|l{2,4})$/;
const LOCALE_WEEK_TOKENS = new Set(['w', 'wo', 'ww']);
const LOCALE_WEEK_METHODS = new Set(['week', 'weeks']);

/** Whether any date format in the text has a year token. */
export function hasYearToken(template: string): boolean {
  return dateArguments(template).some(
    (arg) => arg.position === 0 && formatTokens(arg.text).some(({ token }) => YEAR_TOKEN.test(token)),
  );
}

/** Offsets (in the template text) of locale-week tokens and methods, with the token found. */
export function localeWeekUses(template: string): { token: string; offset: number }[] {
  const uses: { token: string; offset: number }[] = [];
  for (const arg of dateArguments(template)) {
    if (arg.position !== 0) continue;
    if (LOCALE_WEEK_METHODS.has(arg.text)) {
      uses.push({ token: `date('${arg.text}')`, offset: arg.offset });
      continue;
    }
    for (const { token, offset } of formatTokens(arg.text))
      if (LOCALE_WEEK_TOKENS.has(token)) uses.push({ token, offset: arg.offset + offset });
  }
  return uses;
}

const DAY_MS = 86_400_000;

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** 53 when the year starts on a Thursday, or on a Wednesday in a leap year. */
function isoWeeksIn(year: number): number {
  const januaryFirst = new Date(Date.UTC(year, 0, 1)).getUTCDay();
  return januaryFirst === 4 || (januaryFirst === 3 && isLeap(year)) ? 53 : 52;
}

const differencesByYear = new Map<number, { from: string; to: string; days: number }[]>();

/**
 * The days of a year (UTC dates, the zone the date filter formats in) where `ww` and `WW` differ,
 * as runs of consecutive days. Day-number arithmetic rather than moment: the lint runs on every
 * render, and 730 cold moment objects would cost more than the render.
 * - `ww`, moment's en locale week: weeks start on Sunday and week 1 is the week holding 1 January,
 *   so the last days of December can be week 1 of the next year.
 * - `WW`, the ISO week: weeks start on Monday and belong to the year their Thursday is in.
 */
export function weekDifferences(year: number): { from: string; to: string; days: number }[] {
  const cached = differencesByYear.get(year);
  if (cached) return cached;
  const start = Date.UTC(year, 0, 1);
  const firstDay = new Date(start).getUTCDay();
  const days = isLeap(year) ? 366 : 365;
  // Runs as [first, last] day numbers; dates are written once per run, at the end.
  const spans: [number, number][] = [];
  for (let day = 0; day < days; day++) {
    const weekday = (firstDay + day) % 7;
    const usWeek = day + (6 - weekday) >= days ? 1 : Math.floor((day + firstDay) / 7) + 1;
    const thursday = day + 3 - ((weekday + 6) % 7);
    const isoWeek = thursday < 0 ? isoWeeksIn(year - 1) : thursday >= days ? 1 : Math.floor(thursday / 7) + 1;
    if (usWeek === isoWeek) continue;
    const last = spans[spans.length - 1];
    if (last && last[1] === day - 1) last[1] = day;
    else spans.push([day, day]);
  }
  const date = (day: number) => new Date(start + day * DAY_MS).toISOString().slice(0, 10);
  const runs = spans.map(([from, to]) => ({ from: date(from), to: date(to), days: to - from + 1 }));
  differencesByYear.set(year, runs);
  return runs;
}

export function describeWeekDifferences(year: number): string {
  const runs = weekDifferences(year);
  const days = runs.reduce((sum, run) => sum + run.days, 0);
  if (days === 0) return `${year}: ww and WW agree on every day`;
  const list = runs.map((run) => (run.days === 1 ? run.from : `${run.from}..${run.to}`)).join(', ');
  return `${year}: ww differs from WW on ${days} day${days === 1 ? '' : 's'}: ${list}`;
}
