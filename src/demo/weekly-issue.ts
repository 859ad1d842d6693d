import { runWeeklyIssueJob } from '../app/weekly-issue-job.ts';
import { generateTemplate } from '../checklist/template-generate.ts';
import type { Estate } from '../config/schema.ts';
import type { GitHubClient } from '../providers/github/client.ts';
import type { Simulator } from '../sim/simulator.ts';
import type { Section } from './gather.ts';

/** Monday 05:00: `pnd issue create` on the simulator, twice — the second run changes nothing. */
export async function mondayIssue(estate: Estate, sim: Simulator, github: GitHubClient): Promise<Section> {
  const [owner, repo] = estate.team.issueRepository.split('/') as [string, string];
  const job = {
    team: estate.team.name,
    repo: { owner, repo },
    teamLabels: estate.team.labels,
    timeZone: estate.calendar.timeZone,
    template: { text: generateTemplate(estate).text, file: 'template generated from pnd.yaml' },
    now: sim.clock.now(),
    env: {},
    closeLastWeek: estate.team.closeLastWeeksIssue,
    updateExisting: false,
    dryRun: false,
    github,
  };
  const rows: string[][] = [];
  for (const run of ['first run', 'rerun of the schedule']) {
    const result = await runWeeklyIssueJob(job);
    rows.push([
      run,
      result.week,
      `#${result.number ?? '?'} ${result.title}`,
      result.status,
      result.status === 'created' ? `${result.carriedOver} open items carried over from last week` : '',
    ]);
  }
  return {
    title: "Monday 05:00: this week's issue (pnd issue create)",
    header: ['run', 'ISO week', 'issue', 'status', 'carry-over'],
    rows,
    note: 'The issue is found by its hidden week marker, so a rerun never makes a second one.',
  };
}
