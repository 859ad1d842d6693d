import { describe, expect, it } from 'vitest';
import { EXAMPLE_CONFIG, EXAMPLE_SCENARIO } from '../../src/cli/paths.ts';
import { playWeek, type DemoWeek } from '../../src/demo/week.ts';
import { runProcess, type ProcessResult } from '../support/cli.ts';

/** The README's main command, `npx pnd demo`, as a user runs it (no token, no network). */
function npxPnd(args: string[]): Promise<ProcessResult> {
  return runProcess('npx', ['pnd', ...args], {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    NO_COLOR: '1',
  });
}

describe('pnd demo', () => {
  it('plays the week and tells it: Monday issue, Wednesday TT02, Thursday patch day, a hotfix, Tuesday production with one component blocked', async () => {
    const run = await npxPnd(['demo']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const out = run.stdout;
    expect(out).toMatch(/created #\d+ "Deploy & Patching 2026 W48" \(2026-W48\)/);
    expect(out).toMatch(/finds it by its hidden week marker: unchanged/);
    expect(out).toMatch(/Authentication Release-418 \(20261122\.1\): verified/);
    expect(out).toMatch(/patch day/);
    expect(out).toMatch(/Altinn\/altinn-authentication: merged \d+/);
    expect(out).toMatch(/a person approves Release-419 for TT02 by hand/);
    expect(out).toMatch(/Authentication: blocked — TT02 runs Release-419 now, not Release-418/);
    expect(out).toMatch(/Resource Registry Release-316 \(20261122\.4\): verified/);
    // The issues as a person sees them: ticks, text without markers or link targets, comment headlines.
    expect(out).toMatch(/#\d+ Deploy & Patching 2026 W48 \(open\) — 8 of \d+ steps ticked/);
    expect(out).toMatch(/- \[x\] Deploy Authentication to TT02/);
    expect(out).not.toMatch(/<!-- pnd:/);
    expect(out).toMatch(/- oncall-kari: Authentication → Production: ⛔ not promoted \(soak policy\)/);
  }, 60_000);

  // What `pnd --json demo` prints (printJson of this value, as every command's --json): played in
  // this process, as the command plays it — the process and the README's path are the test above.
  it('the outcome per day and component, as --json prints it', async () => {
    const played = await playWeek({ configFile: EXAMPLE_CONFIG, scenarioFile: EXAMPLE_SCENARIO });
    const week = JSON.parse(JSON.stringify(played)) as DemoWeek;
    expect(week.estate.team).toBe('tilgangsinfo');
    const day = (id: string) => week.days.find((d) => d.id === id)!;
    const outcomes = (id: string) =>
      Object.fromEntries(day(id).outcomes.map((o) => [o.component, [o.outcome, o.version]]));
    expect(week.days.map((d) => d.id)).toEqual(['monday', 'wednesday', 'thursday', 'next-monday', 'tuesday']);
    expect(day('monday').outcomes).toMatchObject([{ component: 'weekly-issue', outcome: 'created' }]);
    expect(outcomes('wednesday')).toEqual({
      authentication: ['verified', 'Release-418 (20261122.1)'],
      'resource-registry': ['verified', 'Release-316 (20261122.4)'],
      auditlog: ['verified', '2026.11.23 (c4f7a2e)'],
    });
    const merged = day('thursday').outcomes.filter((o) => o.outcome === 'merged');
    expect(merged.length).toBeGreaterThan(0);
    expect(outcomes('next-monday')).toMatchObject({
      'weekly-issue': ['created', undefined],
      authentication: ['deployed by a person', 'Release-419'],
    });
    expect(outcomes('tuesday')).toEqual({
      authentication: ['blocked', undefined],
      'resource-registry': ['verified', 'Release-316 (20261122.4)'],
      auditlog: ['verified', '2026.11.23 (c4f7a2e)'],
    });
    expect(day('tuesday').outcomes[0]!.detail).toMatch(/TT02 runs Release-419 now, not Release-418/);
    expect(week.issues.map((i) => [i.week, i.state])).toEqual([
      ['2026-W48', 'open'],
      ['2026-W49', 'open'],
    ]);
    expect(week.issues[0]!.comments.map((c) => c.headline)).toContain(
      'Patch day 2026-W48: dependency-bot pull requests',
    );
    expect(week.issues[1]!.body.filter((l) => l.includes('[x]')).length).toBe(week.issues[1]!.ticked);
  }, 60_000);
});
