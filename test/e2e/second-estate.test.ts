import { describe, expect, it } from 'vitest';
import { runWeeklyIssueJob } from '../../src/app/weekly-issue-job.ts';
import { composeProviders } from '../../src/app/compose.ts';
import { parseChecklist } from '../../src/checklist/index.ts';
import { generateTemplate } from '../../src/checklist/template-generate.ts';
import { loadEstate } from '../../src/config/load.ts';
import { VirtualClock } from '../../src/core/clock.ts';
import { simAccess } from '../../src/demo/sim-access.ts';
import { simProviderSettings } from '../../src/demo/sim-providers.ts';
import { SqliteJournal } from '../../src/journal/index.ts';
import { loadScenario } from '../../src/sim/scenario/load.ts';
import { runDeployDay } from '../../src/train/deploy/deploy-day.ts';
import { deployDayRequest } from '../../src/train/deploy/request.ts';
import { useSimulators } from '../support/simulator.ts';

const start = useSimulators();
const SEED_WORDS = /TT02|APIM|Deploy & Patching|tilgangsinfo/i;

/**
 * A team whose estate differs from the seed's (staging/live, America/Chicago, no change feed, its
 * own title, GitHub Actions next to Azure DevOps, image tags that are release tags) runs a deploy
 * day; nothing it sees carries a seed word.
 */
describe('a second estate', () => {
  it('runs its staging deploy day with its own words, and the release-tagged image verifies', async () => {
    const scenario = await loadScenario('test/fixtures/second-estate/scenario.yaml');
    const clock = new VirtualClock(scenario.start, { autoAdvance: true });
    const sim = await start({ scenario, clock, warn: () => {} });
    const { estate } = loadEstate('test/fixtures/second-estate/pnd.yaml', {});
    const journal = new SqliteJournal({ path: ':memory:', clock });
    const providers = () => composeProviders(simProviderSettings(simAccess(sim), clock));
    const repo = { owner: 'acme', repo: 'release-train' };

    const created = await runWeeklyIssueJob({
      team: estate.team.name,
      repo,
      teamLabels: estate.team.labels,
      timeZone: estate.calendar.timeZone,
      template: { text: generateTemplate(estate).text, file: 'generated' },
      now: clock.now(),
      env: {},
      closeLastWeek: false,
      updateExisting: false,
      dryRun: false,
      github: providers().github,
    });
    const issueNumber = created.number as number;

    // Wednesday 09:00 in Chicago.
    clock.set(Date.parse('2026-11-25T09:00:00-06:00'));
    const result = await runDeployDay(
      deployDayRequest(estate, { env: 'staging', dryRun: false, clock, journal, providers: providers() }),
    );
    expect(Object.fromEntries(result.components.map((c) => [c.component.id, c.outcome]))).toEqual({
      orders: 'verified',
      ledger: 'verified',
    });
    // The workflow tags its image with the release tag; the check expects exactly that.
    const orders = await fetchDeployment(sim, 'orders');
    expect(orders).toBe('registry.example/orders:v1.4.0');

    const github = providers().github;
    const issue = (await github.rest.issues.get({ ...repo, issue_number: issueNumber })).data;
    expect(issue.title).toBe('Payments weekly 2026 W48');
    const steps = parseChecklist(issue.body ?? '').all.flatMap((t) => (t.id ? [t.id] : []));
    expect(steps).toEqual(
      expect.arrayContaining(['deploy.orders.staging', 'post-deploy.ledger.staging', 'deploy.ledger.live']),
    );
    const comments = (await github.rest.issues.listComments({ ...repo, issue_number: issueNumber })).data.map(
      (c) => c.body ?? '',
    );
    expect(comments.length).toBeGreaterThan(0);
    const journalText = JSON.stringify(await journal.entries({}));
    for (const [what, text] of Object.entries({
      title: issue.title,
      body: issue.body ?? '',
      steps: steps.join('\n'),
      comments: comments.join('\n'),
      journal: journalText,
    }))
      expect(SEED_WORDS.test(text), `${what} carries a seed word`).toBe(false);
    expect(sim.problems()).toEqual([]);
  }, 30_000);
});

async function fetchDeployment(
  sim: { urls: { kubernetes: Record<string, string> }; caPem: string },
  name: string,
) {
  const { request } = await import('node:https');
  const url = `${sim.urls.kubernetes['stage-cluster']}/apis/apps/v1/namespaces/shop/deployments/${name}`;
  return new Promise<string>((resolve, reject) => {
    request(url, { ca: sim.caPem, headers: { authorization: 'Bearer k8s-token-stage' } }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => {
        const parsed = JSON.parse(body) as {
          spec: { template: { spec: { containers: { image: string }[] } } };
        };
        resolve(parsed.spec.template.spec.containers[0]!.image);
      });
    })
      .on('error', reject)
      .end();
  });
}
