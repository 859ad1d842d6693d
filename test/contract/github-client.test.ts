import { describe, expect, it } from 'vitest';
import { createGitHubClient } from '../../src/providers/github/client.ts';
import { loadScenario } from '../../src/sim/scenario/load.ts';
import { useSimulators } from '../support/simulator.ts';

// pnd's own GitHub client factory (src/providers/github/client.ts) against the simulator: the
// CA it is given is all it trusts, 5xx reads are retried, refused writes are not.

const startSimulator = useSimulators();

async function start() {
  const sim = await startSimulator({
    scenario: await loadScenario('examples/tilgangsinfo/scenario.yaml'),
    warn: () => {},
  });
  const token = sim.scenario.github!.tokens.find((t) => t.login === 'oncall-kari')!.token;
  return { s: sim, github: createGitHubClient({ baseUrl: sim.urls.github, token, ca: sim.caPem }) };
}

describe("pnd's GitHub client", () => {
  it('trusts the simulator only through the CA it is given', async () => {
    const { s } = await start();
    const untrusting = createGitHubClient({ baseUrl: s.urls.github, token: 'x', rateLimitRetries: 0 });
    await expect(untrusting.rest.users.getAuthenticated({ request: { retries: 0 } })).rejects.toThrow(
      /certificate|fetch failed/i,
    );
  });

  it('retries a 5xx read and succeeds', async () => {
    const { s, github } = await start();
    s.faults.add({ vendor: 'github', kind: 'server-error', status: 502, times: 1 });
    const me = await github.rest.users.getAuthenticated();
    expect(me.data.login).toBe('oncall-kari');
    expect(s.log.entries().map((e) => e.status)).toEqual([502, 200]);
  }, 20_000);

  it('does not repeat a merge GitHub refused (405 not mergeable)', async () => {
    const { s, github } = await start();
    const repo = { owner: 'Altinn', repo: 'altinn-authentication' };
    const pulls = await github.rest.pulls.list({ ...repo, state: 'open' });
    const conflicting = pulls.data.find((p) => p.title.startsWith('Bump Azure.Identity'))!;
    const refused = await github.rest.pulls
      .merge({ ...repo, pull_number: conflicting.number })
      .catch((e: { status: number }) => e);
    expect((refused as { status: number }).status).toBe(405);
    expect(s.log.entries().filter((e) => e.method === 'PUT')).toHaveLength(1);
    expect(s.problems()).toEqual([]);
  }, 20_000);
});
