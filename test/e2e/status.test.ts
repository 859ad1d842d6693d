import { Ajv2020 } from 'ajv/dist/2020.js';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderTable } from '../../src/cli/table.ts';
import { renderStatus } from '../../src/status/render.ts';
import { StatusReader } from '../../src/status/reader.ts';
import { renderStatusJsonSchema, STATUS_SCHEMA_PATH, type StatusReport } from '../../src/status/schema.ts';
import { loadScenario } from '../../src/sim/scenario/load.ts';
import { pnd, simulatorConfig } from '../support/cli.ts';
import { useSimulators } from '../support/simulator.ts';
import { EXAMPLE_SCENARIO, startTrain, type Train } from '../support/train.ts';
import { simAccess } from '../../src/demo/sim-access.ts';
import { simProviderSettings } from '../../src/demo/sim-providers.ts';
import { composeProviders } from '../../src/app/compose.ts';
import { azureDevOpsCredential } from '../../src/app/credentials.ts';

const start = useSimulators();

function reader(train: Train, env?: string, watch = false) {
  return new StatusReader({
    estate: train.estate,
    providers: train.providers(),
    journal: train.journal,
    clock: train.clock,
    watch,
    ...(env ? { env } : {}),
  });
}

/** The Wednesday TT02 day, then Sunday 11:00: what `pnd status` sees in between. */
async function afterWednesday(): Promise<Train> {
  const train = await startTrain(start);
  await train.createWeeklyIssue();
  train.at('2026-11-25T09:00');
  await train.deploy({ env: 'tt02' });
  train.at('2026-11-29T11:00');
  return train;
}

const row = (report: StatusReport, component: string, env: string) =>
  report.components.find((c) => c.id === component)!.environments.find((e) => e.env.id === env)!;

async function rateUsed(train: Train): Promise<{ core: number; graphql: number }> {
  // GET /rate_limit costs nothing; a separate client, so no ETag of its own interferes.
  const { data } = await train.providers().github.request('GET /rate_limit');
  return { core: data.resources.core.used, graphql: data.resources.graphql?.used ?? 0 };
}

describe('pnd status against the simulator', () => {
  it('shows what runs and waits, the gates, the soak clock, verifications, APIM, patch day and the issue — without one write', async () => {
    const train = await afterWednesday();
    const before = train.sim.log.lastSeq;
    const report = await reader(train).read();
    expect(train.sim.log.mutations(before)).toEqual([]);

    const authTt02 = row(report, 'authentication', 'tt02');
    expect(authTt02.running?.version.label).toBe('Release-418');
    expect(authTt02.gates).toEqual({ preDeploy: 'passed', postDeploy: 'passed' });
    expect(authTt02.verification).toMatchObject({ status: 'pass', source: 'journal' });
    expect(authTt02.superseded.map((v) => v.label)).toEqual(['Release-415']);

    const authProd = row(report, 'authentication', 'production');
    expect(authProd.running?.version.label).toBe('Release-405');
    expect(authProd.waiting).toMatchObject({ version: { id: 'release:418' }, verdict: 'blocked' });
    expect(authProd.waiting!.reasons).toEqual(['Release-418 has been in TT02 4 days of the required 6 days']);
    expect(authProd.gates.preDeploy).toBe('open');
    expect(authProd.soak).toMatchObject({
      upstream: { id: 'tt02' },
      version: { id: 'release:418' },
      elapsed: '4d 1h',
      required: '6d',
      calendarDays: 4,
      ok: false,
      text: 'in TT02 4d 1h of 6d (calendar day 4 of 6)',
    });

    // GitHub environments have no post-deploy gate: the verification is what pnd recorded.
    const audit = row(report, 'auditlog', 'tt02');
    expect(audit.gates.postDeploy).toBe('none');
    expect(audit.verification?.status).toBe('pass');

    expect(report.changeFeeds.map((f) => [f.id, f.env, f.needed])).toEqual([
      ['apim-tt02', 'tt02', false],
      ['apim-production', 'production', false],
    ]);
    expect(report.patchDay?.repositories.map((r) => [r.repo, r.open, r.needsHuman])).toEqual([
      ['Altinn/altinn-authentication', 5, 3],
      ['Altinn/altinn-authentication-frontend', 5, 2],
      ['Altinn/altinn-resource-registry', 4, 3],
      ['Altinn/altinn-auth-audit-log', 3, 1],
    ]);
    expect(report.weeklyIssue).toMatchObject({ ticked: 8, total: 33, state: 'open' });
    expect(report.week).toBe('2026-W48');
    expect(report.today).toEqual({ date: '2026-11-29', weekday: 'sunday', due: [] });

    const text = renderStatus(report, { table: renderTable });
    expect(text).toMatch(
      /Authentication\s+Production\s+Release-405 since Tue 17 Nov 10:15\s+Release-418 \(blocked\)/,
    );
    expect(text).toMatch(/Weekly issue #\d+ "Deploy & Patching 2026 W48": 8 of 33 steps ticked/);
    // On an 80-column terminal the component table fits (issue 12.7): the least important
    // columns are cut, the component and environment stay whole. Piped, it stays wide.
    const componentTable = (t: string) => t.split('\n\n')[1]!.split('\n');
    expect(Math.max(...componentTable(text).map((l) => l.length))).toBeGreaterThan(80);
    const narrow = renderStatus(report, { table: renderTable, width: 80 });
    for (const l of componentTable(narrow)) expect(l.length).toBeLessThanOrEqual(80);
    expect(narrow).toMatch(/^Authentication\s+Production\s/m);
    expect(narrow).toContain('…');
    expect(train.sim.problems()).toEqual([]);
  }, 30_000);

  it('a failed TT02 verification shows as a withheld post-deploy gate, and blocks production with the reason', async () => {
    const train = await startTrain(start);
    await train.createWeeklyIssue();
    train.sim.world.fire('kubernetes.crash-loop', {
      cluster: 'platform-tt02-02-aks',
      name: 'altinn-resource-registry',
    });
    train.at('2026-11-25T09:00');
    await train.deploy({ env: 'tt02' });
    train.at('2026-12-01T08:30');
    const report = await reader(train).read();
    const tt02 = row(report, 'resource-registry', 'tt02');
    expect(tt02.gates.postDeploy).toBe('withheld');
    expect(tt02.verification).toMatchObject({ status: 'fail', source: 'journal' });
    expect(tt02.verification?.reason).toMatch(/altinn-resource-registry/);
    const production = row(report, 'resource-registry', 'production');
    expect(production.waiting?.verdict).toBe('blocked');
    expect(production.waiting?.reasons.join(' ')).toMatch(/verification in TT02 failed/);
    expect(production.soak?.ok).toBe(true); // soaked long enough: the verification is what blocks
    expect(row(report, 'authentication', 'production').waiting?.verdict).toBe('ok');
    const text = renderStatus(report, { table: renderTable });
    expect(text).toMatch(/Resource Registry in TT02: verification failed: /);
    expect(train.sim.problems()).toEqual([]);
  }, 30_000);

  it('a part that cannot be read is reported, and the rest of the status stands', async () => {
    const train = await afterWednesday();
    // GitHub's GraphQL API answers 502 (after the client's retries): patch day and the audit
    // log's releases and deployments cannot be read; Azure DevOps and the issue list can.
    train.sim.faults.add({ kind: 'server-error', vendor: 'github-graphql', status: 502 });
    const report = await reader(train).read();
    expect(report.problems.map((p) => [p.section, p.code])).toEqual(
      expect.arrayContaining([
        ['patch day', expect.any(String)],
        ['Auditlog in TT02', expect.any(String)],
        ['Auditlog in Production', expect.any(String)],
      ]),
    );
    expect(report.problems).toHaveLength(3);
    expect(report.patchDay).toBeNull();
    expect(report.components.map((c) => c.id)).toEqual(['authentication', 'resource-registry']);
    expect(row(report, 'authentication', 'production').waiting?.version.id).toBe('release:418');
    expect(report.weeklyIssue?.ticked).toBe(8); // 6 steps and their 2 roll-up lines
    expect(renderStatus(report, { table: renderTable })).toMatch(/^Could not read patch day: /m);
    train.sim.faults.clear();
    expect((await reader(train).read()).problems).toEqual([]);
    expect(train.sim.problems()).toEqual([]);
  }, 30_000);

  it('with no Azure DevOps credential, the rest stands and a row says what could not be read and why', async () => {
    // Monday morning, nothing deployed yet: the cheapest estate that reads every vendor.
    const train = await startTrain(start);
    const before = train.sim.log.entries().length;
    const unavailable = Object.assign(new Error('EnvironmentCredential is unavailable.'), {
      name: 'CredentialUnavailableError',
    });
    const settings = simProviderSettings(simAccess(train.sim), train.clock);
    const providers = composeProviders({
      ...settings,
      azureDevOps: {
        ...settings.azureDevOps,
        credential: azureDevOpsCredential({}, { getToken: () => Promise.reject(unavailable) }),
      },
    });
    const report = await new StatusReader({
      estate: train.estate,
      providers,
      journal: train.journal,
      clock: train.clock,
      watch: false,
    }).read();
    expect(report.problems.length).toBeGreaterThan(0);
    expect(new Set(report.problems.map((p) => p.code))).toEqual(new Set(['credential-missing']));
    expect(report.problems.map((p) => p.message).join('\n')).toMatch(/no Azure DevOps request was sent/);
    // GitHub's parts stand: the audit log, patch day, the weekly issue.
    expect(report.components.map((c) => c.id)).toContain('auditlog');
    expect(report.patchDay).not.toBeNull();
    expect(renderStatus(report, { table: renderTable })).toMatch(
      /^Could not read .*: No Azure credential was found/m,
    );
    expect(
      train.sim.log
        .entries()
        .slice(before)
        .filter((e) => e.vendor.startsWith('azure-devops')),
    ).toEqual([]);
  }, 30_000);

  it('--json validates against the committed JSON Schema, which is generated from the zod schema', async () => {
    const committed = readFileSync(STATUS_SCHEMA_PATH, 'utf8');
    expect(committed).toBe(renderStatusJsonSchema());
    const train = await afterWednesday();
    train.at('2026-12-01T08:00');
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(JSON.parse(committed));
    for (const report of [await reader(train).read(), await reader(train, 'production').read()]) {
      const json = JSON.parse(JSON.stringify(report)) as unknown;
      expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    }
    const tuesday = await reader(train, 'production').read();
    expect(tuesday.today.due).toEqual([
      { kind: 'deploy', env: 'production', command: 'pnd deploy production' },
    ]);
    expect(tuesday.components.every((c) => c.environments.map((e) => e.env.id).join() === 'production')).toBe(
      true,
    );
    expect(row(tuesday, 'authentication', 'production').waiting).toMatchObject({ verdict: 'ok' });
    expect(row(tuesday, 'authentication', 'production').soak).toMatchObject({ ok: true, calendarDays: 6 });
  }, 30_000);

  it('an unchanged --watch refresh costs no GitHub rate limit: every GitHub read is a 304, patch day is not re-read', async () => {
    const train = await afterWednesday();
    const status = reader(train, undefined, true);
    const first = await status.read();
    const used = await rateUsed(train);
    const seq = train.sim.log.lastSeq;
    const second = await status.read();
    const github = train.sim.log.entries(seq).filter((e) => e.vendor.startsWith('github'));
    expect(github.length).toBeGreaterThan(0);
    expect(github.filter((e) => e.status !== 304).map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual(
      [],
    );
    expect(await rateUsed(train)).toEqual(used);
    expect(second.components).toEqual(first.components);
    expect(second.patchDay).toEqual(first.patchDay);

    // A change is seen on the next refresh: someone ticks a line of the issue.
    const issue = first.weeklyIssue!;
    const gh = train.providers().github;
    const { data } = await gh.rest.issues.get({
      owner: 'Altinn',
      repo: 'altinn-authorization',
      issue_number: issue.number,
    });
    await gh.rest.issues.update({
      owner: 'Altinn',
      repo: 'altinn-authorization',
      issue_number: issue.number,
      body: data.body!.replace('- [ ]', '- [x]'),
    });
    expect((await status.read()).weeklyIssue?.ticked).toBe(issue.ticked + 1);

    // And a GitHub deployer's change (its reads are GraphQL, probed with conditional REST lists):
    // someone rolls the audit log's TT02 back by hand.
    const audit = { owner: 'Altinn', repo: 'altinn-auth-audit-log' };
    const { data: deployment } = await gh.rest.repos.createDeployment({
      ...audit,
      ref: '5d0c8a41f2b7e9c3d6a1f0e4b8c2d7a9e3f1b5c6',
      environment: 'TT02',
      auto_merge: false,
      required_contexts: [],
    });
    await gh.rest.repos.createDeploymentStatus({
      ...audit,
      deployment_id: (deployment as { id: number }).id,
      state: 'success',
    });
    train.clock.advance(60_000);
    const rolledBack = await status.read();
    expect(row(rolledBack, 'auditlog', 'tt02').running?.version.id).toBe(
      '5d0c8a41f2b7e9c3d6a1f0e4b8c2d7a9e3f1b5c6',
    );
    expect(row(rolledBack, 'auditlog', 'production').soak?.version.id).toBe(
      '5d0c8a41f2b7e9c3d6a1f0e4b8c2d7a9e3f1b5c6',
    );
    expect(train.sim.problems()).toEqual([]);
  }, 30_000);
});

describe('pnd status (the command, as a process)', () => {
  it('prints the status, and --json that validates, from the configured endpoints', async () => {
    const sim = await start({ scenario: await loadScenario(EXAMPLE_SCENARIO), warn: () => {} });
    const { dir, config } = await simulatorConfig(sim, 'pnd-status-');
    const env = {
      PATH: process.env.PATH ?? '',
      NO_COLOR: '1',
      GITHUB_TOKEN: 'ghp_sim_oncall_kari',
      AZURE_DEVOPS_TOKEN: 'ado-pat-kari-oncall',
      NODE_EXTRA_CA_CERTS: sim.caFile,
      PND_JOURNAL: join(dir, 'journal.sqlite'),
    };
    const before = sim.log.lastSeq;
    const json = await pnd(['--json', 'status', '--config', config], env);
    // The example's placeholders are warned about on stderr; nothing else.
    expect(json.stderr.split('\n').filter((l) => l && !l.includes('placeholder'))).toEqual([]);
    expect(json.code).toBe(0);
    const validate = new Ajv2020({ strict: false }).compile(
      JSON.parse(readFileSync(STATUS_SCHEMA_PATH, 'utf8')),
    );
    const report = JSON.parse(json.stdout) as StatusReport;
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(row(report, 'authentication', 'tt02').waiting?.version.id).toBe('release:418');

    const text = await pnd(['status', '--config', config, '--env', 'tt02'], env);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/Authentication\s+TT02\s+Release-41\d since .*Release-418\s+open/);
    expect(sim.log.mutations(before)).toEqual([]);

    // --watch --json: one document a line; the second (unchanged) refresh only sees 304s from GitHub.
    const lines: string[] = [];
    const watchStart = sim.log.lastSeq;
    let secondStart = 0;
    const watch = await new Promise<number | null>((resolve) => {
      const child = spawn(
        process.execPath,
        ['bin/pnd.js', '--json', 'status', '--config', config, '--watch', '--interval', '1s'],
        { env, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let buffer = '';
      child.stdout.on('data', (d: Buffer) => {
        buffer += d.toString();
        const parts = buffer.split('\n');
        buffer = parts.pop()!;
        for (const part of parts) {
          lines.push(part);
          if (lines.length === 1) secondStart = sim.log.lastSeq;
          if (lines.length === 2) child.kill('SIGINT');
        }
      });
      child.on('exit', (code) => resolve(code));
    });
    expect(watch).toBe(0);
    expect(lines.map((l) => (JSON.parse(l) as StatusReport).week)).toHaveLength(2);
    expect(secondStart).toBeGreaterThan(watchStart);
    const refresh = sim.log.entries(secondStart).filter((e) => e.vendor.startsWith('github'));
    expect(refresh.length).toBeGreaterThan(0);
    expect(refresh.filter((e) => e.status !== 304).map((e) => `${e.method} ${e.path}`)).toEqual([]);
    expect(sim.log.mutations(before)).toEqual([]);
    expect(sim.problems()).toEqual([]);
  }, 30_000);
});
