import { describe, expect, it } from 'vitest';
import { gitHubCredentials } from '../../src/app/credentials.ts';
import { composeProviders } from '../../src/app/compose.ts';
import { runWeeklyIssueJob } from '../../src/app/weekly-issue-job.ts';
import { generateTemplate } from '../../src/checklist/template-generate.ts';
import { VirtualClock } from '../../src/core/clock.ts';
import { PndError } from '../../src/core/errors.ts';
import { simAccess } from '../../src/demo/sim-access.ts';
import { simProviderSettings } from '../../src/demo/sim-providers.ts';
import { createGitHubClient } from '../../src/providers/github/client.ts';
import { gitHubAppClientEnv } from '../../src/sim/github/app-client-env.ts';
import { gitHubScenarioSchema, type AppSeed } from '../../src/sim/github/scenario.ts';
import { gatherPatchDay } from '../../src/deps/patch-day.ts';
import { GitHubDependencyPRs } from '../../src/providers/github/dependency-prs.ts';
import { StatusReader } from '../../src/status/reader.ts';
import { deployDayRequest } from '../../src/train/deploy/request.ts';
import { runDeployDay } from '../../src/train/deploy/deploy-day.ts';
import { scenarioSchema } from '../../src/sim/scenario/schema.ts';
import type { Simulator } from '../../src/sim/simulator.ts';
import { useSimulators } from '../support/simulator.ts';
import { startTrain } from '../support/train.ts';
import { assertNoSecrets } from '../support/secrets-scan.ts';

const start = useSimulators();
/** An Actions job's GITHUB_TOKEN, shaped as GitHub's (ghs_ and 36 characters); invented. */
const ACTIONS_TOKEN = 'ghs_Jb4Wq8Zt2Xn6Vc1Rm5Lp9Kd3Hs7Gf0Ya2Ue6';

/** Everything pnd's commands need, as a team would grant it (docs/providers/github.md). */
const PND_PERMISSIONS: AppSeed['permissions'] = {
  metadata: 'read',
  contents: 'write',
  issues: 'write',
  pull_requests: 'write',
  actions: 'read',
  deployments: 'write',
  checks: 'read',
  statuses: 'read',
  organization_projects: 'write',
};

const appSeed = (permissions = PND_PERMISSIONS, accounts = ['Altinn']) => ({
  id: 904211,
  slug: 'pnd-train',
  permissions,
  installations: accounts.map((account, i) => ({ id: 6_100_001 + i, account })),
  // Shorter than GitHub's hour, so that a two-hour day sees every token expire several times.
  tokenLifetime: '10m',
});

/** 401s and 403s the simulator answered: a refused request. */
const refused = (sim: Simulator, since = 0) =>
  sim.log
    .entries(since)
    .filter((e) => e.vendor.startsWith('github') && (e.status === 401 || e.status === 403));
const tokenRequests = (sim: Simulator) =>
  sim.log.entries(0).filter((e) => /\/app\/installations\/\d+\/access_tokens$/.test(e.path));

describe('GitHub App login (no PAT)', () => {
  it('creates the issue and runs a two-hour deploy day in which every token expires, with no refused request', async () => {
    const train = await startTrain(start, {
      tweak: (scenario) => {
        scenario.github!.apps = gitHubScenarioSchema.parse({ apps: [appSeed()] }).apps;
      },
    });
    const env = await gitHubAppClientEnv(train.sim);
    expect(env.PND_GITHUB_APP_ID).toBe('904211');
    const credentials = gitHubCredentials(env, 'test', { defaultOwner: 'Altinn' });
    expect(credentials).toMatchObject({ source: 'GitHub App' });
    expect(credentials.token).toBeUndefined();
    const { source: _source, ...github } = credentials;
    const base = simProviderSettings(simAccess(train.sim), train.clock);
    const providers = () =>
      composeProviders({
        ...base,
        github: {
          apiUrl: base.github.apiUrl,
          writeSpacingMs: { write: 0, notifying: 0 },
          retryBaseMs: 5,
          ...github,
        },
      });

    // pnd issue create
    const issue = await runWeeklyIssueJob({
      team: train.estate.team.name,
      repo: { owner: 'Altinn', repo: 'altinn-authorization' },
      teamLabels: train.estate.team.labels,
      timeZone: train.estate.calendar.timeZone,
      template: { text: generateTemplate(train.estate).text, file: 'generated' },
      now: train.clock.now(),
      env: {},
      closeLastWeek: false,
      updateExisting: false,
      dryRun: false,
      github: providers().github,
    });
    expect(issue.number).toBeGreaterThan(0);

    // pnd deploy (and verify): Wednesday TT02, two hours of virtual time with 10-minute tokens.
    train.at('2026-11-25T09:00');
    const startedAt = train.clock.now();
    // One command's clients for the whole day, as `pnd deploy --watch` holds them.
    const day = providers();
    const result = await runDeployDay(
      deployDayRequest(train.estate, {
        dryRun: false,
        clock: train.clock,
        journal: train.journal,
        providers: day,
        env: 'tt02',
        // The GitHub deployer: the Azure DevOps ones use Azure DevOps' credential, not the app's
        // (test/e2e/deploy-day.test.ts runs them), and would only make this file slower.
        components: ['auditlog'],
      }),
    );
    // pnd status and pnd deps (gathering) with the same app clients.
    const report = await new StatusReader({
      estate: train.estate,
      providers: day,
      journal: train.journal,
      clock: train.clock,
      watch: false,
    }).read();
    expect(report.components.length).toBeGreaterThan(0);
    const patchDay = train.estate.patchDay!;
    const gathered = await gatherPatchDay({
      prs: new GitHubDependencyPRs(day.github),
      repositories: patchDay.repositories,
      bots: patchDay.bots,
      policy: patchDay.mergePolicy,
      timeZone: train.estate.calendar.timeZone,
      now: train.clock.now(),
      merge: false,
    });
    expect(gathered.plan.repositories.length).toBeGreaterThan(0);
    expect(gathered.plan.missing).toEqual([]);
    expect(gathered.plan.viewer).toBe('pnd-train');
    // The rest of the two hours, polled as `pnd status --watch` does: REST and GraphQL.
    const tokensAfterDeploy = tokenRequests(train.sim).length;
    while (train.clock.now() - startedAt < 2 * 3_600_000) {
      await train.clock.sleep(7 * 60_000);
      await day.github.rest.issues.get({
        owner: 'Altinn',
        repo: 'altinn-authorization',
        issue_number: issue.number as number,
      });
      await day.github.graphql(
        'query { repository(owner: "Altinn", name: "altinn-auth-audit-log") { releases(first: 1) { nodes { tagName } } } }',
      );
    }

    const outcomes = Object.fromEntries(result.components.map((c) => [c.component.id, c.outcome]));
    // The audit log's draft is published by the app (its bot starts the run), and its TT02
    // review needs a person: a GitHub App cannot be an environment's required reviewer.
    expect(outcomes).toEqual({ auditlog: 'needs-person' });
    const published = train.sim.log
      .mutations(0)
      .filter((m) => m.method === 'PATCH' && m.vendor === 'github' && m.path.includes('/releases/'));
    expect(published.map((m) => m.principal)).toEqual(['pnd-train[bot]']);

    expect(refused(train.sim)).toEqual([]);
    // The app endpoints' answers match GitHub's description (spec validation).
    expect(train.sim.problems()).toEqual([]);
    // Tokens were renewed before their end (5 minutes before: each 7-minute poll needs a new one).
    expect(tokenRequests(train.sim).length - tokensAfterDeploy).toBeGreaterThanOrEqual(10);
    expect(tokensAfterDeploy).toBeGreaterThanOrEqual(1);
    expect(train.sim.log.entries(0).some((e) => e.vendor === 'github' && e.path === '/gh/user')).toBe(false);

    // Neither the key nor a minted token is in what pnd wrote.
    const key = [...train.sim.gitHubApps.byId.values()][0]!.privateKeyPem!;
    const entries = JSON.stringify(await train.journal.entries({}));
    const issueBody = (
      await providers().github.rest.issues.get({
        owner: 'Altinn',
        repo: 'altinn-authorization',
        issue_number: issue.number as number,
      })
    ).data.body;
    for (const [where, text] of [
      ['journal', entries],
      ['issue', issueBody ?? ''],
    ] as const) {
      expect(text).not.toMatch(/ghs_[A-Za-z0-9]{36}/);
      assertNoSecrets(where, text, [
        key,
        ...key.split('\n').filter((l) => l.length >= 16 && !l.startsWith('-----')),
      ]);
    }
  });

  it('uses the installation of each repository’s owner (a second estate, two organizations)', async () => {
    const scenario = scenarioSchema.parse({
      name: 'northwind',
      start: '2027-03-01T08:00:00Z',
      github: {
        repositories: [{ fullName: 'Northwind/ledger' }, { fullName: 'northwind-ops/runbooks' }],
        apps: [appSeed({ metadata: 'read', contents: 'read' }, ['Northwind', 'northwind-ops'])],
      },
    });
    const clock = new VirtualClock(scenario.start, { autoAdvance: true });
    const sim = await start({ scenario, clock, warn: () => {} });
    const app = [...sim.gitHubApps.byId.values()][0]!;
    const client = createGitHubClient({
      baseUrl: sim.urls.github,
      ca: sim.caPem,
      clock,
      app: { appId: app.id, privateKey: app.privateKeyPem! },
    });
    await client.rest.repos.listReleases({ owner: 'Northwind', repo: 'ledger' });
    await client.rest.repos.listReleases({ owner: 'northwind-ops', repo: 'runbooks' });
    await client.rest.repos.get({ owner: 'Northwind', repo: 'ledger' });
    expect(tokenRequests(sim).map((e) => e.path)).toEqual([
      '/gh/app/installations/6100001/access_tokens',
      '/gh/app/installations/6100002/access_tokens',
    ]);
    expect(refused(sim)).toEqual([]);
    expect(sim.problems()).toEqual([]);

    // An owner the app is not installed on: a refusal naming the app and the owner (exit 4).
    const error = await client.rest.repos.get({ owner: 'Contoso', repo: 'site' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PndError);
    expect((error as PndError).code).toBe('forbidden');
    expect((error as PndError).message).toMatch(/GitHub App 904211 is not installed on Contoso/);
  });

  it('names the missing permission (x-accepted-github-permissions) when the app lacks it: exit 4', async () => {
    const scenario = scenarioSchema.parse({
      name: 'northwind',
      start: '2027-03-01T08:00:00Z',
      github: {
        repositories: [{ fullName: 'Northwind/ledger' }],
        apps: [appSeed({ metadata: 'read', contents: 'read' }, ['Northwind'])],
      },
    });
    const clock = new VirtualClock(scenario.start, { autoAdvance: true });
    const sim = await start({ scenario, clock, warn: () => {} });
    const app = [...sim.gitHubApps.byId.values()][0]!;
    const client = createGitHubClient({
      baseUrl: sim.urls.github,
      ca: sim.caPem,
      clock,
      writeSpacingMs: { write: 0, notifying: 0 },
      app: { appId: app.id, privateKey: app.privateKeyPem!, defaultOwner: 'Northwind' },
    });
    const error = (await client.rest.issues
      .create({ owner: 'Northwind', repo: 'ledger', title: 'x' })
      .catch((e: unknown) => e)) as PndError;
    expect(error.code).toBe('forbidden');
    expect(error.details.permission).toBe('issues=write');
    expect(error.details.identity).toBe('GitHub App 904211');
    expect(error.details.where).toMatch(/^GitHub POST https:.*\/repos\/Northwind\/ledger\/issues$/);
    expect(error.message).toMatch(/issues=write/);
    const answered = sim.log.entries(0).find((e) => e.method === 'POST' && e.path.endsWith('/issues'));
    expect(answered?.status).toBe(403);
    // GET /user is not for installation tokens, as on GitHub.
    const me = (await client.rest.users.getAuthenticated().catch((e: unknown) => e)) as PndError;
    expect(me.code).toBe('forbidden');
  });

  it('recovers from a clock that is off (JWT iat/exp) by GitHub’s Date, and refuses a wrong key clearly', async () => {
    const scenario = scenarioSchema.parse({
      name: 'northwind',
      start: '2027-03-01T08:00:00Z',
      github: { repositories: [{ fullName: 'Northwind/ledger' }], apps: [appSeed(undefined, ['Northwind'])] },
    });
    const simClock = new VirtualClock(scenario.start, { autoAdvance: true });
    const sim = await start({ scenario, clock: simClock, warn: () => {} });
    const app = [...sim.gitHubApps.byId.values()][0]!;
    // pnd's clock 20 minutes ahead: its first JWT is "too far in the future"; auth-app retries
    // with the difference GitHub's Date header shows.
    const skewed = new VirtualClock(Date.parse(scenario.start) + 20 * 60_000, { autoAdvance: true });
    const client = createGitHubClient({
      baseUrl: sim.urls.github,
      ca: sim.caPem,
      clock: skewed,
      app: { appId: app.id, privateKey: app.privateKeyPem! },
    });
    await client.rest.repos.get({ owner: 'Northwind', repo: 'ledger' });
    // One JWT refused for its times, then the retry with GitHub's Date accepted...
    expect(sim.log.entries(0).map((e) => e.status)).toEqual([401, 200, 201, 200]);
    // ...and remembered: later JWTs (a token renewed 15 minutes on) are not refused again.
    await skewed.sleep(15 * 60_000);
    await simClock.sleep(15 * 60_000);
    await client.rest.repos.get({ owner: 'Northwind', repo: 'ledger' });
    expect(sim.log.entries(0).filter((e) => e.status === 401)).toHaveLength(1);
    expect(tokenRequests(sim)).toHaveLength(2);

    // Another key than the app's: GitHub cannot decode the JWT; pnd says it is the app's login.
    const { generateKeyPairSync } = await import('node:crypto');
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    });
    const wrong = createGitHubClient({
      baseUrl: sim.urls.github,
      ca: sim.caPem,
      clock: simClock,
      app: { appId: app.id, privateKey: other.toString() },
    });
    const error = (await wrong.rest.repos
      .get({ owner: 'Northwind', repo: 'ledger' })
      .catch((e: unknown) => e)) as PndError;
    expect(error.code).toBe('auth-failed');
    expect(error.message).toMatch(/GitHub App/);
    expect(error.details.vendorMessage).toMatch(/A JSON web token could not be decoded/);
  });

  it('an Actions GITHUB_TOKEN starts no workflow run; pnd refuses to publish with it before any request', async () => {
    const train = await startTrain(start, {
      tweak: (scenario) => {
        scenario.github!.actionsTokens = gitHubScenarioSchema.parse({
          actionsTokens: [{ token: ACTIONS_TOKEN, repository: 'Altinn/altinn-auth-audit-log' }],
        }).actionsTokens;
      },
    });
    train.at('2026-11-25T09:00');
    // The simulator: publishing with the job's token starts nothing.
    const runsBefore = train.sim.log.entries(0).length;
    const job = createGitHubClient({
      baseUrl: train.sim.urls.github,
      ca: train.sim.caPem,
      token: ACTIONS_TOKEN,
      writeSpacingMs: { write: 0, notifying: 0 },
    });
    const releases = await job.rest.repos.listReleases({ owner: 'Altinn', repo: 'altinn-auth-audit-log' });
    const draft = releases.data.find((r) => r.draft)!;
    const waitingBefore = await job.rest.actions.listWorkflowRunsForRepo({
      owner: 'Altinn',
      repo: 'altinn-auth-audit-log',
    });
    await job.rest.repos.updateRelease({
      owner: 'Altinn',
      repo: 'altinn-auth-audit-log',
      release_id: draft.id,
      draft: false,
    });
    const waitingAfter = await job.rest.actions.listWorkflowRunsForRepo({
      owner: 'Altinn',
      repo: 'altinn-auth-audit-log',
    });
    expect(waitingAfter.data.total_count).toBe(waitingBefore.data.total_count);
    expect(runsBefore).toBeGreaterThanOrEqual(0);

    // pnd: in an Actions job, a ghs_ publishing token is the job's; the deploy refuses before publishing.
    const second = await startTrain(start);
    second.at('2026-11-25T09:00');
    const credentials = gitHubCredentials({ GITHUB_ACTIONS: 'true', GITHUB_TOKEN: ACTIONS_TOKEN }, 'test');
    expect(credentials.publisherIsActionsToken).toBe(true);
    const base = simProviderSettings(simAccess(second.sim), second.clock);
    const providers = composeProviders({
      ...base,
      github: { ...base.github, publishToken: undefined, publisherIsActionsToken: true },
    });
    const since = second.sim.log.entries(0).at(-1)?.seq ?? 0;
    const result = await runDeployDay(
      deployDayRequest(second.estate, {
        dryRun: false,
        clock: second.clock,
        journal: second.journal,
        providers,
        env: 'tt02',
        components: ['auditlog'],
      }),
    );
    const auditlog = result.components.find((c) => c.component.id === 'auditlog')!;
    expect(auditlog.outcome).toBe('needs-person');
    expect(auditlog.detail).toMatch(/GITHUB_TOKEN would start no deploy workflow/);
    expect(auditlog.detail).toMatch(/PND_GITHUB_PUBLISH_TOKEN/);
    const publishes = second.sim.log
      .mutations(since)
      .filter((m) => m.vendor === 'github' && m.path.includes('/releases/'));
    expect(publishes).toEqual([]);
  });
});
