import type { StatusReport } from './schema.ts';

/** `pnd status` for people: a few short tables, times in the team time zone. */
export function renderStatus(
  report: StatusReport,
  options: {
    /** `fit.shrink`: the columns that may be cut to fit `fit.width`, least important first. */
    table: (h: string[], r: string[][], fit?: { width?: number; shrink?: number[] }) => string;
    /** The terminal's width; none = tables as wide as their cells (pipes, files). */
    width?: number;
  },
) {
  const fit = (shrink: number[]) => ({ ...(options.width ? { width: options.width } : {}), shrink });
  const table = (h: string[], r: string[][], shrink: number[] = []) => options.table(h, r, fit(shrink));
  const when = (iso: string | null | undefined) => (iso ? localTime(iso, report.timeZone) : '-');
  const out: string[] = [];
  out.push(`pnd status ${report.week}, ${when(report.at)} (${report.timeZone})`);
  out.push(
    report.today.due.length > 0
      ? `Due today: ${report.today.due.map((d) => `${d.kind === 'deploy' ? `deploy ${d.env}` : 'patch day'} (${d.command})`).join('; ')}`
      : 'Due today: nothing on the train calendar.',
  );
  const issue = report.weeklyIssue;
  out.push(
    issue
      ? `Weekly issue #${issue.number} "${issue.title}": ${issue.ticked} of ${issue.total} steps ticked (${issue.url})`
      : 'Weekly issue: not created yet for this week (pnd issue create).',
  );
  for (const lock of report.holds.locks)
    out.push(
      `Locked: ${lock.component ? `${lock.component} in ${lock.env}` : lock.env} by ${lock.author} since ${when(lock.since)}${lock.until ? ` until ${when(lock.until)}` : ''}: ${lock.reason} (pnd unlock ${lock.env}${lock.component ? ` --component ${lock.component}` : ''})`,
    );
  for (const day of report.holds.freezes)
    out.push(
      `${day.today ? 'Frozen today' : `Freeze ${day.date}`}${day.environments ? ` (${day.environments.join(', ')})` : ''}: ${day.reason}${day.kind === 'holiday' ? ' (public holiday)' : ''}`,
    );
  for (const p of report.problems)
    out.push(
      `Could not read ${p.section}: ${p.message}${p.where ? ` (${p.where})` : ''}${p.hint ? ` ${p.hint}` : ''}`,
    );
  const rows: string[][] = [];
  const notes: string[] = [];
  for (const component of report.components) {
    for (const e of component.environments) {
      const waiting = e.waiting
        ? `${e.waiting.version.label}${e.waiting.verdict === 'ok' ? '' : ` (${e.waiting.verdict})`}`
        : '-';
      const verification = e.verification
        ? `${e.verification.status}${e.verification.at ? ` ${when(e.verification.at)}` : ' (approved)'}`
        : '-';
      rows.push([
        component.name,
        e.env.name,
        e.running ? `${e.running.version.label} since ${when(e.running.deployedAt)}` : '-',
        waiting,
        e.gates.preDeploy,
        e.gates.postDeploy,
        e.soak?.text ?? '-',
        verification,
      ]);
      if (e.waiting && e.waiting.verdict !== 'ok')
        notes.push(
          `${component.name} → ${e.env.name}: ${e.waiting.verdict === 'blocked' ? 'blocked if deployed now' : e.waiting.verdict}: ${e.waiting.reasons.join('; ')}`,
        );
      if (e.waiting?.blockedReason)
        notes.push(`${component.name} → ${e.env.name}: ${e.waiting.blockedReason}`);
      if (e.verification?.status === 'fail')
        notes.push(`${component.name} in ${e.env.name}: verification failed: ${e.verification.reason ?? ''}`);
      if (e.superseded.length > 0)
        notes.push(
          `${component.name} → ${e.env.name}: superseded, never approved: ${e.superseded.map((v) => v.label).join(', ')}`,
        );
    }
  }
  out.push(
    '',
    table(
      ['component', 'env', 'running', 'waiting', 'pre-deploy', 'post-deploy', 'soak', 'verification'],
      rows,
      // Cut first what the notes below repeat or a person reads least: the soak text, then the
      // verification and running times, the waiting version, the gates. Component and env stay whole.
      [6, 7, 2, 3, 5, 4],
    ),
  );
  if (notes.length > 0) out.push('', ...notes);
  if (report.apim.length > 0) {
    out.push(
      '',
      table(
        ['APIM feed', 'for', 'verdict', 'evidence'],
        report.apim.map((f) => [
          f.id,
          f.env,
          f.needed ? 'APIM deploy needed' : 'not needed',
          f.changes.map((c) => `${c.label} ${c.hashtags.join(' ')}`).join(', ') || '-',
        ]),
        [3],
      ),
    );
  }
  const patch = report.patchDay;
  if (patch) {
    out.push(
      '',
      table(
        ['patch day', 'open bot PRs', 'needs a human', 'merge-safe'],
        [
          ...patch.repositories.map((r) => [
            r.repo,
            String(r.open),
            String(r.needsHuman),
            String(r.mergeSafe),
          ]),
          ['total', String(patch.open), String(patch.needsHuman), String(patch.mergeSafe)],
        ],
      ),
    );
    if (patch.asOf !== report.at) out.push(`(pull requests as of ${when(patch.asOf)})`);
  }
  return out.join('\n');
}

/** `Wed 25 Nov 09:12` in the team time zone. */
export function localTime(iso: string, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.weekday} ${parts.day} ${parts.month} ${parts.hour}:${parts.minute}`;
}
