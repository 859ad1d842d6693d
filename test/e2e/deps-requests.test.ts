import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { depsJson, printDepsTable } from '../../src/cli/deps-output.ts';
import { loadEstate } from '../../src/config/load.ts';
import { actOnPatchDay, gatherPatchDay, type PatchDayJob } from '../../src/deps/patch-day.ts';
import { summarise } from '../../src/deps/summary.ts';
import { openJournal } from '../../src/journal/index.ts';
import { createGitHubClient } from '../../src/providers/github/client.ts';
import { GitHubDependencyPRs } from '../../src/providers/github/dependency-prs.ts';
import { GitHubIssueTracker } from '../../src/providers/github/issue-tracker.ts';
import { loadScenario } from '../../src/sim/scenario/load.ts';
import type { Scenario } from '../../src/sim/scenario/schema.ts';
import { committedValidator } from '../support/output-schemas.ts';
import { useSimulators } from '../support/simulator.ts';

/**
 * Issue 12.4: `pnd deps --json` keeps to its documented contract, `--merge-safe --dry-run` reads
 * each pull request once (plus its reviews once), and ticking two repositories' lines is one
 * write of the issue. Counted from the simulator's request log.
 */
const startSimulator = useSimulators();

const DOCUMENTED_BLOCKERS = [
  'update-type',
  'group-contents-unknown',
  'ci-pending',
  'ci-none',
  'mergeability-unknown',
  'draft',
  'blocking-label',
  'too-new',
  'no-merge-method',
];

async function start(tweak: (scenario: Scenario) => void = () => {}) {
  const scenario = await loadScenario('test/fixtures/scenario/deps-patch-day.yaml');
  tweak(scenario);
  const sim = await startSimulator({ scenario, warn: () => {} });
  const github = createGitHubClient({
    baseUrl: sim.urls.github,
    token: 'ghp_sim_oncall_kari',
    ca: sim.caPem,
    writeSpacingMs: { write: 0, notifying: 0 },
  });
  const { estate } = loadEstate('examples/tilgangsinfo/pnd.yaml', {});
  const patchDay = estate.patchDay!;
  const job: PatchDayJob = {
    prs: new GitHubDependencyPRs(github),
    repositories: patchDay.repositories,
    bots: patchDay.bots,
    policy: patchDay.mergePolicy,
    timeZone: estate.calendar.timeZone,
    now: sim.clock.now(),
    merge: true,
  };
  const journal = await openJournal({
    path: join(await mkdtemp(join(tmpdir(), 'pnd-deps-req-')), 'journal.sqlite'),
    env: {},
  });
  const act = {
    journal,
    tracker: new GitHubIssueTracker(github),
    team: 'tilgangsinfo',
    issueRepo: { owner: 'Altinn', repo: 'altinn-authorization' },
  };
  return { sim, github, job, act };
}

describe('pnd deps: the --json contract and what it costs', () => {
  it('--json: blockers only from the documented list, groupMax null for what is no group', async () => {
    const { job } = await start();
    const gathered = await gatherPatchDay({ ...job, merge: false });
    const report = {
      ...gathered,
      now: job.now,
      mergeSafe: false,
      dryRun: false,
      results: [],
      summary: summarise(gathered.plan, []),
      weeklyIssue: null,
    };
    // The text table shows the requirement as the bot wrote it, and whether it is a range (12.3).
    const written: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    try {
      printDepsTable(report);
    } finally {
      spy.mockRestore();
    }
    expect(written.join('')).toContain('^8.12.0 → ^9.0.0 (range)');
    expect(written.join('')).toContain('= 1.64.1 → = 1.65.0 (pin)');
    const json = depsJson(report) as {
      pulls: {
        title: string;
        updateType: string;
        groupMax: unknown;
        blockers: string[];
        needsHuman: boolean;
        mergeSafe: boolean;
      }[];
    };
    expect(json.pulls.length).toBeGreaterThan(20);
    // Real output keeps to the committed schema/deps.schema.json.
    const validate = committedValidator('deps');
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    for (const pull of json.pulls) {
      for (const blocker of pull.blockers) expect(DOCUMENTED_BLOCKERS).toContain(blocker);
      if (pull.updateType !== 'group') expect(pull.groupMax, pull.title).toBeNull();
      // Needing a human is its own field; such a pull request is never merge-safe.
      if (pull.needsHuman) expect(pull.mergeSafe).toBe(false);
    }
    expect(json.pulls.find((p) => p.title === 'Pin dependencies')).toMatchObject({
      updateType: 'pin',
      groupMax: null,
    });
  });

  it('--merge-safe --dry-run reads each pull request once and its reviews once; two ticks are one PATCH', async () => {
    const { sim, job, act } = await start();
    const gathered = await gatherPatchDay(job);
    const seq = sim.log.lastSeq;
    const dry = await actOnPatchDay(job, gathered, { ...act, dryRun: true });
    expect(dry.results.length).toBeGreaterThan(5);
    const reads = sim.log.entries(seq).filter((e) => e.method === 'GET');
    const perPull = (template: string) => {
      const counts = new Map<string, number>();
      for (const e of reads.filter((r) => r.template === template))
        counts.set(e.path, (counts.get(e.path) ?? 0) + 1);
      return counts;
    };
    const pullReads = perPull('/repos/{owner}/{repo}/pulls/{pull_number}');
    expect(pullReads.size).toBe(dry.results.length);
    expect(Math.max(...pullReads.values())).toBe(1);
    const reviewReads = perPull('/repos/{owner}/{repo}/pulls/{pull_number}/reviews');
    expect(Math.max(0, ...reviewReads.values())).toBeLessThanOrEqual(1);
    expect(sim.log.mutations(seq)).toEqual([]);

    // A second repository with nothing needing a human: the same estate without its bot PRs
    // that need one.
    const needHuman = new Set(
      gathered.plan.repositories
        .find((r) => r.repo === 'Altinn/altinn-authentication')!
        .pulls.filter((p) => p.needsHuman)
        .map((p) => p.pull.title),
    );
    expect(needHuman.size).toBeGreaterThan(0);
    const {
      sim: sim2,
      github: github2,
      job: job2,
      act: act2,
    } = await start((scenario) => {
      const repo = scenario.github!.repositories.find((r) => r.fullName === 'Altinn/altinn-authentication')!;
      repo.pulls = repo.pulls!.filter((p) => !needHuman.has(p.title));
    });
    const regathered = await gatherPatchDay(job2);
    const before = sim2.log.lastSeq;
    const done = await actOnPatchDay(job2, regathered, { ...act2, dryRun: false });
    // With merges and the weekly issue, the --json still keeps to schema/deps.schema.json.
    const validate = committedValidator('deps');
    const merged = depsJson({ ...done, now: job2.now, mergeSafe: true });
    expect(validate(merged), JSON.stringify(validate.errors)).toBe(true);
    expect(done.weeklyIssue?.ticked.map((t) => [t.repo, t.status])).toEqual(
      expect.arrayContaining([
        ['Altinn/altinn-authentication', 'applied'],
        ['Altinn/altinn-auth-audit-log', 'applied'],
      ]),
    );
    const issuePatches = sim2.log
      .mutations(before)
      .filter((e) => e.method === 'PATCH' && e.template === '/repos/{owner}/{repo}/issues/{issue_number}');
    expect(issuePatches).toHaveLength(1);
    const issue = (await github2.rest.issues.listForRepo({ owner: 'Altinn', repo: 'altinn-authorization' }))
      .data[0]!;
    expect(issue.body).toContain('- [x] [Altinn/altinn-auth-audit-log]');
    expect(issue.body).toContain('- [x] [Altinn/altinn-authentication]');
    expect(sim2.problems()).toEqual([]);
  }, 120_000);
});
