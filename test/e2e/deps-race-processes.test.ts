import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { parseScenario } from '../../src/sim/scenario/load.ts';
import { isMutation } from '../../src/sim/request-log.ts';
import { isoWeekOf } from '../../src/template/index.ts';
import type { SimAccess } from '../../src/demo/sim-access.ts';
import { pnd, simulatorConfig } from '../support/cli.ts';
import {
  adminQuery,
  assertPasswordNowhere,
  dropSchemas,
  duplicateWrites,
  freshSchema,
  intentCount,
  killProcesses,
  pgProxy,
  spawnPnd,
  testDatabaseUrl,
  urlWith,
} from '../support/journal-processes.ts';
import { assertNoSecrets } from '../support/secrets-scan.ts';
import { useSimulators } from '../support/simulator.ts';

/**
 * Two `pnd deps --merge-safe --yes` at once used to approve every pull request twice and race to
 * merge: patch day now holds a team-wide lock in the journal. As processes, with one PostgreSQL
 * journal: exactly one acts, the other exits 6 naming the holder, a third with --wait waits and
 * then finds nothing left; each pull request is approved and merged once.
 */
const url = testDatabaseUrl;
const startSimulator = useSimulators();
const schemas: string[] = [];
afterEach(killProcesses);
afterAll(async () => {
  if (url) await dropSchemas(url, schemas);
});
const PASSWORD = 'pg-Secret-9b7e21';
const REPO = 'Altinn/altinn-resource-registry';

/** The patch-day scenario as of now (the command reads the real clock), one merge-safe PR in REPO. */
async function patchDay() {
  const week = isoWeekOf(Date.now(), 'Europe/Oslo').label;
  const text = (await readFile('test/fixtures/scenario/deps-patch-day.yaml', 'utf8'))
    .replace(/^start: .*$/m, `start: '${new Date().toISOString()}'`)
    .replaceAll('2026-W48', week);
  const scenario = parse(text) as {
    github: { repositories: { fullName: string; pulls?: { title: string }[] }[] };
  };
  const repo = scenario.github.repositories.find((r) => r.fullName === REPO)!;
  repo.pulls = repo.pulls!.filter((p) => !p.title.startsWith('Update rubocop requirement'));
  return startSimulator({ scenario: parseScenario(stringify(scenario)), warn: () => {} });
}

/**
 * Patch day with one PostgreSQL journal (a schema of its own, reached at `port` when given: a
 * proxy) and `deps(wait)`: the command's runDeps in a process of its own, with the simulator's
 * unspaced GitHub client.
 */
async function sharedPatchDay(port?: number) {
  const database = url as string;
  const schema = freshSchema();
  schemas.push(schema);
  // The team's schema (a connection string's search_path names an existing schema).
  await adminQuery(database, `CREATE SCHEMA ${pg.escapeIdentifier(schema)}`);
  const sim = await patchDay();
  const { config } = await simulatorConfig(sim, 'pnd-deps-race-', {});
  const access: SimAccess = {
    ca: sim.caPem,
    urls: sim.urls,
    tokens: { github: 'ghp_sim_oncall_kari', azureDevOps: '', arm: '', kubernetes: {} },
  };
  const env = {
    GITHUB_TOKEN: access.tokens.github,
    PND_SIM_ACCESS: JSON.stringify(access),
    PND_JOURNAL: urlWith(database, { password: PASSWORD, schema, ...(port ? { port } : {}) }),
  };
  const options = { config, repo: [REPO], mergeSafe: true, dryRun: false, yes: true, json: true };
  const deps = (wait = '0s') =>
    spawnPnd([JSON.stringify({ ...options, wait })], env, 'test/support/deps-child.ts');
  return { sim, env: { ...env, schema }, deps };
}

describe('pnd deps --merge-safe while another patch-day run holds a SQLite journal’s lock', () => {
  it('exits 6 naming the holder and writes nothing; --dry-run takes no lock', async () => {
    const sim = await patchDay();
    const { dir, config } = await simulatorConfig(sim, 'pnd-deps-lock-', {});
    const journal = join(dir, 'journal.sqlite');
    // Another run holds the lock, in its own process (test/support/lock-child.ts).
    const holder = spawn(
      process.execPath,
      ['test/support/lock-child.ts', journal, 'patch day', 'kari@build-7 pid 4242', '0', '600000'],
      { stdio: ['ignore', 'pipe', 'inherit'], env: { PATH: process.env.PATH ?? '' } },
    );
    try {
      const [line] = (await once(createInterface({ input: holder.stdout }), 'line')) as [string];
      expect(JSON.parse(line)).toMatchObject({ acquired: 'kari@build-7 pid 4242' });
      const env = {
        GITHUB_TOKEN: 'ghp_sim_oncall_kari',
        NODE_EXTRA_CA_CERTS: sim.caFile,
        PND_JOURNAL: journal,
      };
      const args = ['deps', '--config', config, '--merge-safe', '--repo', REPO];
      const refused = await pnd([...args, '--yes'], env);
      expect(refused.code, refused.stderr).toBe(6);
      expect(refused.stderr).toMatch(/Another run is acting on patch day: kari@build-7 pid 4242 since /);
      const dry = await pnd([...args, '--dry-run'], env);
      expect(dry.code, dry.stderr).toBe(0);
      expect(sim.log.mutations()).toEqual([]);
    } finally {
      holder.kill('SIGKILL');
    }
  }, 60_000);
});

describe('pnd deps --merge-safe, several at once (processes, one PostgreSQL journal)', () => {
  if (!url) {
    console.warn('pnd deps race process test SKIPPED: PND_TEST_DATABASE_URL is not set.');
    it.skip('skipped: PND_TEST_DATABASE_URL is not set', () => {});
    return;
  }

  it('one acts, one exits 6 naming the holder, one --wait waits then writes nothing; each pull request approved and merged once', async () => {
    const { sim, env, deps } = await sharedPatchDay();
    // The winner's first write waits until the others have answered: it holds the lock meanwhile.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let writing!: () => void;
    const acting = new Promise<void>((resolve) => (writing = resolve));
    sim.intercept = {
      before: (entry) => {
        if (!isMutation(entry as never)) return undefined;
        writing();
        return held;
      },
    };
    const a = deps();
    const b = deps();
    const loser = await Promise.race([
      a.exited.then((r) => ({ ...r, winner: b })),
      b.exited.then((r) => ({ ...r, winner: a })),
    ]);
    expect(loser.code, loser.stderr).toBe(6);
    const refusal = JSON.parse(loser.stdout) as { error: { code: string; holder: string; where: string } };
    expect(refusal.error.code).toBe('locked');
    expect(refusal.error.holder).toMatch(new RegExp(`pid ${loser.winner.pid}$`));
    expect(refusal.error.where).toMatch(/^postgres:\/\/postgres:\*\*\*@/);
    await acting;

    const c = deps('1m');
    await c.says(
      new RegExp(`Another run is acting on patch day: .*pid ${loser.winner.pid} since .*Waiting up to 1m`),
    );
    release();
    sim.intercept = undefined;
    const won = await loser.winner.exited;
    expect(won.code, won.stderr).toBe(0);
    const merges = (JSON.parse(won.stdout) as { merges: { outcome: string; approval: string }[] }).merges;
    expect(merges.map((m) => [m.outcome, m.approval])).toEqual([['merged', 'approved']]);
    const afterWinner = sim.log.lastSeq;
    const waited = await c.exited;
    expect(waited.code, waited.stderr).toBe(0);
    expect((JSON.parse(waited.stdout) as { merges: unknown[] }).merges).toEqual([]);
    expect(sim.log.mutations(afterWinner)).toEqual([]);

    const writes = sim.log.mutations().map((e) => `${e.method} ${e.template}`);
    expect(writes.filter((w) => w.endsWith('/reviews'))).toHaveLength(1);
    expect(writes.filter((w) => w.endsWith('/merge'))).toHaveLength(1);
    expect(duplicateWrites(sim.log.entries())).toEqual([]);
    expect(sim.problems()).toEqual([]);
    const output = [loser, won, waited].map((r) => r.stdout + r.stderr).join('\n');
    assertNoSecrets('the processes’ output', output, [env.GITHUB_TOKEN]);
    await assertPasswordNowhere(PASSWORD, { output, url, schema: env.schema });
    assertNoSecrets('the simulator request log', JSON.stringify(sim.log.entries()), [PASSWORD]);
  }, 60_000);
  it('PostgreSQL cut as the first approval goes out: the run stops (journal-failed, exit 1) with no write unjournaled; after recovery a rerun merges; approved and merged once', async () => {
    const proxy = await pgProxy(url);
    const { sim, env, deps } = await sharedPatchDay(proxy.port);
    const writes: { write: number; intents: number }[] = [];
    sim.intercept = {
      before: async (entry) => {
        if (!isMutation(entry as never)) return;
        const write = writes.length + 1;
        writes.push({ write, intents: await intentCount(url, env.schema) });
        if (write === 1) await proxy.cut();
      },
    };
    const stopped = await deps().exited;
    expect(stopped.code, stopped.stderr).toBe(1);
    expect((JSON.parse(stopped.stdout) as { error: { code: string; message: string } }).error).toMatchObject({
      code: 'journal-failed',
      message: 'The journal could not be read or written.',
    });
    // The approval went out after its intent; the merge never did.
    expect(sim.log.mutations().map((e) => e.template)).toEqual([
      '/repos/{owner}/{repo}/pulls/{pull_number}/reviews',
    ]);
    await proxy.restore();
    const rerun = await deps().exited;
    await proxy.close();
    expect(rerun.code, rerun.stderr).toBe(0);
    const merges = (JSON.parse(rerun.stdout) as { merges: { outcome: string; approval: string }[] }).merges;
    // The plan reads the approval given at that commit and does not send it again.
    expect(merges.map((m) => [m.outcome, m.approval])).toEqual([['merged', 'not-needed']]);
    const sent = sim.log.mutations().map((e) => e.template ?? '');
    expect(sent.filter((t) => t.endsWith('/reviews'))).toHaveLength(1);
    expect(sent.filter((t) => t.endsWith('/merge'))).toHaveLength(1);
    for (const { write, intents } of writes) expect(intents, `write ${write}`).toBeGreaterThanOrEqual(write);
    expect(duplicateWrites(sim.log.entries())).toEqual([]);
    expect(sim.problems()).toEqual([]);
    await assertPasswordNowhere(PASSWORD, {
      output: [stopped, rerun].map((r) => r.stdout + r.stderr).join('\n'),
      url,
      schema: env.schema,
    });
  }, 60_000);
});
