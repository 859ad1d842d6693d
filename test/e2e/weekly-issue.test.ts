import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runWeeklyIssueJob, type WeeklyIssueJob } from '../../src/app/weekly-issue-job.ts';
import { uncheckedItems } from '../../src/checklist/index.ts';
import { PndError } from '../../src/core/errors.ts';
import { createGitHubClient, type GitHubClient } from '../../src/providers/github/client.ts';
import { parseScenario } from '../../src/sim/scenario/load.ts';
import type { Simulator } from '../../src/sim/simulator.ts';
import { pacingClock, useSimulators } from '../support/simulator.ts';

// The weekly issue against the simulator: Monday 2026-11-23 05:00 in Oslo is ISO week 2026-W48.
const LAST_WEEK_BODY = [
  '## Tuesday',
  '',
  '- [x] Deploy all components to production.',
  '  - [x] Deploy Authentication to production.',
  '- [ ] Post-deploy Resource Registry in production.',
  '',
  '```md',
  '- [ ] not a task: inside a code fence',
  '```',
  '',
  '## Thursday',
  '',
  '- [ ] Go through the bot PRs in [Auditlog](https://github.com/Altinn/altinn-auth-audit-log).',
  '- [x] Go grab a coffee',
  '',
  '<!-- pnd:week=2026-W47 team=tilgangsinfo -->',
].join('\n');

const SCENARIO = `
name: weekly-issue
start: '2026-11-23T05:00:00+01:00'
github:
  users:
    - { login: oncall-kari, push: ['Altinn/*'] }
  tokens:
    - { token: ghp_kari, login: oncall-kari }
  repositories:
    - fullName: Altinn/altinn-authorization
      labels: [kind/deploy_patch, team/tilgangsinfo]
      issues:
        - title: Deploy & Patching 2025 W48
          body: "- [ ] old\\n\\n<!-- pnd:week=2025-W48 team=tilgangsinfo -->"
          labels: [kind/deploy_patch, team/tilgangsinfo]
          state: closed
          createdAt: '2025-11-24T04:00:00Z'
        - title: Deploy & Patching W01
          body: "- [x] done\\n\\n<!-- pnd:week=2026-W01 team=tilgangsinfo -->"
          labels: [kind/deploy_patch, team/tilgangsinfo]
          state: closed
          createdAt: '2026-01-05T04:00:00Z'
        - title: Deploy & Patching 2026 W47
          body: ${JSON.stringify(LAST_WEEK_BODY)}
          labels: [kind/deploy_patch, team/tilgangsinfo]
          createdAt: '2026-11-16T04:00:00Z'
  projects:
    - owner: Altinn
      number: 42
      title: Tilgangsinfo
`;

const startSimulator = useSimulators();

async function start(): Promise<{
  s: Simulator;
  github: GitHubClient;
  job: (extra?: Partial<WeeklyIssueJob>) => WeeklyIssueJob;
}> {
  const sim = await startSimulator({ scenario: parseScenario(SCENARIO), warn: () => {} });
  const s = sim;
  const github = createGitHubClient({
    baseUrl: s.urls.github,
    token: 'ghp_kari',
    ca: s.caPem,
    clock: pacingClock(),
  });
  const job = (extra: Partial<WeeklyIssueJob> = {}): WeeklyIssueJob => ({
    team: 'tilgangsinfo',
    repo: { owner: 'Altinn', repo: 'altinn-authorization' },
    teamLabels: ['kind/deploy_patch', 'team/tilgangsinfo'],
    timeZone: 'Europe/Oslo',
    template: { text: readFileSync('test/fixtures/weekly-issue/template.tmpl', 'utf8'), file: 'template.md' },
    now: s.clock.now(),
    env: {},
    board: {
      ref: { ownerType: 'organization', owner: 'Altinn', number: 42 },
      fields: { Status: 'In progress' },
    },
    closeLastWeek: true,
    updateExisting: false,
    dryRun: false,
    github,
    ...extra,
  });
  return { s, github, job };
}

const mutations = (s: Simulator, since = 0) =>
  s.log.mutations(since).map((e) => `${e.method} ${e.template ?? e.path}`);

describe('the weekly issue against the simulator', () => {
  it('creates once with last week’s open items carried over, then a rerun is unchanged and writes nothing', async () => {
    const { s, github, job } = await start();
    const first = await runWeeklyIssueJob(job());
    expect(first).toMatchObject({
      status: 'created',
      week: '2026-W48',
      title: 'Deploy & Patching 2026 W48',
      carriedOver: 2,
    });

    const issue = (
      await github.rest.issues.get({
        owner: 'Altinn',
        repo: 'altinn-authorization',
        issue_number: first.number!,
      })
    ).data;
    expect(issue.labels.map((l) => (typeof l === 'string' ? l : l.name))).toEqual([
      'kind/deploy_patch',
      'team/tilgangsinfo',
    ]);
    const body = issue.body ?? '';
    expect(body).toContain('<!-- pnd:week=2026-W48 team=tilgangsinfo -->');
    // Exactly last week's unticked lines: not the ticked ones, not the code fence's.
    const carried = body
      .slice(body.indexOf('### Carried over from W47'))
      .split('\n')
      .filter((l) => l.startsWith('- [ ]'));
    expect(carried.map((l) => l.replace(/ \(\[#\d+\]\(.*\)\)$/, ''))).toEqual([
      '- [ ] Post-deploy Resource Registry in production.',
      '- [ ] Go through the bot PRs in [Auditlog](https://github.com/Altinn/altinn-auth-audit-log).',
    ]);
    expect(carried[0]).toMatch(
      /\(\[#\d+\]\(https:\/\/github\.com\/Altinn\/altinn-authorization\/issues\/\d+\)\)$/,
    );

    // Last week's issue is closed (the config says so); last year's same-titled issue untouched.
    const all = (
      await github.rest.issues.listForRepo({ owner: 'Altinn', repo: 'altinn-authorization', state: 'all' })
    ).data;
    expect(all.find((i) => i.title === 'Deploy & Patching 2026 W47')?.state).toBe('closed');
    expect(all.filter((i) => i.title === 'Deploy & Patching 2026 W48')).toHaveLength(1);

    // On the board with Status "In progress".
    const board = await github.graphql<{
      organization: {
        projectV2: {
          items: { nodes: { content: { number: number }; fieldValueByName: { name: string } | null }[] };
        };
      };
    }>(
      `query { organization(login: "Altinn") { projectV2(number: 42) { items(first: 10) { nodes { content { ... on Issue { number } } fieldValueByName(name: "Status") { ... on ProjectV2ItemFieldSingleSelectValue { name } } } } } } }`,
    );
    expect(board.organization.projectV2.items.nodes).toEqual([
      { content: { number: first.number }, fieldValueByName: { name: 'In progress' } },
    ]);

    const seq = s.log.lastSeq;
    const second = await runWeeklyIssueJob(job());
    expect(second).toMatchObject({ status: 'unchanged', number: first.number, actions: [] });
    expect(mutations(s, seq)).toEqual([]);
    expect(s.problems()).toEqual([]);
  }, 60_000);

  it('never reuses last year’s closed issue of the same title', async () => {
    const { s, github, job } = await start();
    // A title without the year, as the seed template's, at ISO week 1 of 2027.
    const template = {
      text: "---\ntitle: Deploy & Patching W{{ date | date('WW') }}\n---\n- [ ] Deploy\n",
      file: 't.md',
    };
    const result = await runWeeklyIssueJob(
      job({ template, now: Date.parse('2027-01-04T05:00:00+01:00'), board: undefined }),
    );
    expect(result).toMatchObject({ status: 'created', week: '2027-W01', title: 'Deploy & Patching W01' });
    const same = (
      await github.rest.issues.listForRepo({ owner: 'Altinn', repo: 'altinn-authorization', state: 'all' })
    ).data.filter((i) => i.title === 'Deploy & Patching W01');
    expect(same.map((i) => i.state).sort()).toEqual(['closed', 'open']);
    expect(s.problems()).toEqual([]);
  }, 60_000);

  it('with --dry-run reads everything and makes no mutating request', async () => {
    const { s, job } = await start();
    const plan = await runWeeklyIssueJob(job({ dryRun: true }));
    expect(plan.status).toBe('created');
    expect(plan.actions.map((a) => a.action)).toEqual([
      'create-issue',
      'close-last-week',
      'add-to-board',
      'set-board-fields',
    ]);
    expect(mutations(s)).toEqual([]);
    expect(s.log.entries().length).toBeGreaterThan(0);
  }, 60_000);

  it('replaces the body on --update-existing only while nobody ticked or edited it', async () => {
    const { github, job } = await start();
    const repo = { owner: 'Altinn', repo: 'altinn-authorization' };
    const created = await runWeeklyIssueJob(job());
    const changedTemplate = {
      text: `${job().template.text}\n- [ ] A line added to the template.\n`,
      file: 'template.md',
    };

    const updated = await runWeeklyIssueJob(job({ template: changedTemplate, updateExisting: true }));
    expect(updated).toMatchObject({ status: 'updated', number: created.number });

    // A person ticks a box: the body is no longer replaced, and the tick survives.
    const current = (await github.rest.issues.get({ ...repo, issue_number: created.number! })).data.body!;
    const ticked = current.replace('- [ ] Go grab a coffee', '- [x] Go grab a coffee');
    await github.rest.issues.update({ ...repo, issue_number: created.number!, body: ticked });
    const refused = await runWeeklyIssueJob(job({ updateExisting: true })).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PndError);
    expect((refused as PndError).code).toBe('conflict');
    expect((refused as PndError).message).toMatch(/ticked/);
    expect((await github.rest.issues.get({ ...repo, issue_number: created.number! })).data.body).toBe(ticked);

    // Without --update-existing a changed template leaves the issue alone and says why.
    const left = await runWeeklyIssueJob(job({ template: changedTemplate }));
    expect(left.status).toBe('unchanged');
    expect(left.note).toMatch(/--update-existing/);
  }, 60_000);
  it('lists the week’s locks and freezes below the template, as lines nobody ticks or carries over', async () => {
    const { github, job } = await start();
    const notices = [
      '- 🔒 TT02 is locked by oncall-kari: db migration',
      '- ❄️ Thu 2026-11-26 frozen (Production): demo',
    ];
    const result = await runWeeklyIssueJob(job({ notices, board: undefined, closeLastWeek: false }));
    const body =
      (
        await github.rest.issues.get({
          owner: 'Altinn',
          repo: 'altinn-authorization',
          issue_number: result.number!,
        })
      ).data.body ?? '';
    const section = body.indexOf('### Locks and freezes this week');
    expect(section).toBeGreaterThan(0);
    expect(body.slice(section)).toContain(notices.join('\n'));
    // Before the carried-over items and the marker, and not a checklist item.
    expect(section).toBeLessThan(body.indexOf('### Carried over from W47'));
    expect(
      uncheckedItems(body)
        .map((i) => i.text)
        .join('\n'),
    ).not.toMatch(/locked|frozen/);
  }, 60_000);
});
