import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/sim/scenario/load.ts';
import { pnd, simulatorConfig } from '../support/cli.ts';
import { useSimulators } from '../support/simulator.ts';
import type { DeployEvent } from '../../src/train/deploy/model.ts';
import { EXAMPLE_SCENARIO, startTrain } from '../support/train.ts';

const startSimulator = useSimulators();

/**
 * The seed estate on a simulator whose GitHub answers every request (REST and GraphQL: the gather
 * reads GraphQL only, REST comes later) with a 403 secondary rate limit and this Retry-After,
 * and what a pnd process needs to use it.
 */
async function rateLimitedGitHub(retryAfterSeconds: number) {
  const sim = await startSimulator({ scenario: await loadScenario(EXAMPLE_SCENARIO), warn: () => {} });
  for (const vendor of ['github', 'github-graphql'] as const)
    sim.faults.add({ vendor, kind: 'rate-limit', status: 403, retryAfterSeconds });
  const { dir, config } = await simulatorConfig(sim, 'pnd-waits-');
  const env = {
    GITHUB_TOKEN: 'ghp_sim_oncall_kari',
    AZURE_DEVOPS_TOKEN: 'ado-pat-kari-oncall',
    NODE_EXTRA_CA_CERTS: sim.caFile,
    PND_JOURNAL: join(dir, 'journal.sqlite'),
  };
  return { sim, config, env };
}

// Issue 13.3 as the user met it: `pnd deploy --dry-run` against a GitHub that answers every
// request with a 403 secondary rate limit and Retry-After: 3600 sat silent for as long as it was
// watched. Now a wait past --timeout ends at once, says until when, and exits 5.
describe('pnd deploy and post-deploy never wait silently past --timeout', () => {
  it('a Retry-After of an hour with --timeout 10m: exit 5 at once, in text and in --json', async () => {
    const { config, env } = await rateLimitedGitHub(3600);

    const text = await pnd(['deploy', 'tt02', '--config', config, '--dry-run', '--timeout', '10m'], env);
    expect(text.code).toBe(5);
    expect(text.stderr).toMatch(/GitHub asks to wait past the command’s timeout \(rate limit\)/);
    expect(text.stderr).toMatch(/again at \d{4}-\d\d-\d\dT[\d:.]+Z/);
    expect(text.stderr).toMatch(/--timeout/);

    const json = await pnd(
      ['--json', 'deploy', 'tt02', '--config', config, '--dry-run', '--timeout', '10m'],
      env,
    );
    expect(json.code).toBe(5);
    const { error } = JSON.parse(json.stdout) as {
      error: { code: string; until: string; retryAfterSeconds: number; waitFor: string };
    };
    expect(error.code).toBe('wait-timeout');
    expect(error.retryAfterSeconds).toBe(3600);
    expect(error.waitFor).toBe('GitHub rate limit');
    expect(Number.isNaN(Date.parse(error.until))).toBe(false);

    // post-deploy waits too (the checks, the gate): it has --timeout now.
    const help = await pnd(['post-deploy', '--help'], env);
    expect(help.stdout).toMatch(/--timeout <duration>/);
    expect(help.stdout).toMatch(/5 a wait went past --timeout/);
  });
});

describe('pnd deps and issue create take --timeout for the same waits', () => {
  it('a Retry-After of 2 minutes with --timeout 1m: exit 5 at once; a --timeout that is not a duration: exit 2', async () => {
    const { sim, config, env } = await rateLimitedGitHub(120);
    for (const command of [
      ['deps', '--merge-safe', '--dry-run'],
      ['issue', 'create', '--dry-run'],
    ]) {
      const short = await pnd([...command, '--config', config, '--timeout', '1m'], env);
      expect(short.code).toBe(5);
      expect(short.stderr).toMatch(/GitHub asks to wait past the command’s timeout \(rate limit\)/);
      const bad = await pnd([...command, '--config', config, '--timeout', 'soon'], env);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/The --timeout is not a duration/);
    }
    expect(sim.log.mutations()).toEqual([]);
  });
});

describe('a deploy day says what each wait is for and until when', () => {
  it('a deploy being watched and a check still pending name the time they are waited for until', async () => {
    // Pods that take 5 minutes to become Ready: the rollout check is pending for a while.
    const train = await startTrain(startSimulator, {
      tweak: (scenario) => {
        for (const cluster of scenario.kubernetes?.clusters ?? [])
          for (const daemonSet of cluster.daemonSets ?? []) daemonSet.podStartup = '5m';
      },
    });
    await train.createWeeklyIssue();
    train.at('2026-11-25T09:00');
    const events: Extract<DeployEvent, { type: 'component' }>[] = [];
    const result = await train.deploy(
      { env: 'tt02', components: ['authentication'] },
      { onEvent: (event) => event.type === 'component' && events.push(event) },
    );
    expect(result.components).toHaveLength(1);
    const iso = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/;
    const watched = events.filter((e) => e.state === 'deploying' || e.state === 'waiting');
    expect(watched.some((e) => new RegExp(`watching until ${iso.source}`).test(e.detail))).toBe(true);
    const pending = events.filter((e) => e.state === 'check pending');
    expect(pending.length).toBeGreaterThan(0);
    for (const e of pending)
      expect(e.detail).toMatch(new RegExp(`waiting for it to pass until ${iso.source}`));
  });
});
