import type { DemoDay, DemoWeek } from './week.ts';
import type { DemoIssue } from './issue-view.ts';

type Paint = (style: 'bold' | 'dim' | 'green' | 'red' | 'yellow' | 'cyan', text: string) => string;

/** One day of the demo for people: a heading, the command, what happened. */
export function renderDay(day: DemoDay, paint: Paint, timeZone: string): string {
  const lines = [
    '',
    paint('bold', day.title),
    paint('dim', `${localTime(day.at, timeZone)} · $ ${day.command}`),
    ...day.lines.map((l) => colourOutcome(l, paint)),
  ];
  return lines.join('\n');
}

export function renderIssue(issue: DemoIssue, paint: Paint): string {
  const lines = [
    '',
    paint(
      'bold',
      `#${issue.number} ${issue.title} (${issue.state}) — ${issue.ticked} of ${issue.total} steps ticked`,
    ),
    paint('dim', issue.url),
    ...issue.body.map((l) => `  ${l}`),
    '',
    paint('bold', `  ${issue.comments.length} comments:`),
    ...issue.comments.map((c) => `  - ${c.author}: ${c.headline}`),
  ];
  return lines.join('\n');
}

export function renderSummary(week: DemoWeek, paint: Paint): string {
  const virtualDays = (Date.parse(week.simulator.end) - Date.parse(week.simulator.start)) / 86_400_000;
  return [
    '',
    paint(
      'dim',
      `${virtualDays.toFixed(1)} virtual days, ${week.simulator.requests} requests to the in-process simulator; nothing left this machine.`,
    ),
    'Next: `npx pnd sim` to explore the simulator (docs/simulator.md); `pnd status` against your estate (docs/status.md).',
  ].join('\n');
}

function colourOutcome(line: string, paint: Paint): string {
  if (/: blocked\b/.test(line)) return paint('yellow', line);
  if (/: (failed|unhealthy|timed-out)\b/.test(line)) return paint('red', line);
  if (/: verified\b/.test(line)) return paint('green', line);
  return line;
}

function localTime(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso));
}
