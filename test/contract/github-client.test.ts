import { describe, expect, it } from 'vitest';
import { PndError } from '../../src/core/errors.ts';
import { createGitHubClient } from '../../src/providers/github/client.ts';
import { viaGitHub } from '../../src/providers/github/errors.ts';
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
    const failure = await untrusting.rest.users
      .getAuthenticated({ request: { retries: 0 } })
      .catch((e: unknown) => e);
    // Mapped inside the client (its error hook): a PndError, the TLS refusal kept as its cause.
    expect(failure).toBeInstanceOf(PndError);
    expect(String((failure as PndError).cause)).toMatch(/certificate|fetch failed/i);
  });

  it('maps every failure inside the client, whichever call made it, to a PndError naming the request', async () => {
    const { s } = await start();
    const stranger = createGitHubClient({ baseUrl: s.urls.github, token: 'ghp_unknown', ca: s.caPem });
    const failure = await stranger.rest.repos
      .get({ owner: 'Altinn', repo: 'altinn-authentication' })
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PndError);
    expect(failure).toMatchObject({ code: 'auth-failed', details: { status: 401 } });
    expect((failure as PndError).details.where).toMatch(
      /^GitHub GET .*\/repos\/Altinn\/altinn-authentication$/,
    );
    expect(JSON.stringify((failure as PndError).details)).not.toContain('ghp_unknown');
    // A caller that names what it was doing gets its own words in the hint.
    const named = await viaGitHub('approve the TT02 review', () =>
      stranger.rest.actions.reviewPendingDeploymentsForRun({
        owner: 'Altinn',
        repo: 'altinn-authentication',
        run_id: 1,
        environment_ids: [1],
        state: 'approved',
        comment: '',
      }),
    ).catch((e: unknown) => e);
    expect(named).toMatchObject({ code: 'auth-failed', details: { action: 'approve the TT02 review' } });
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
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'conflict', details: { status: 405 } });
    expect(s.log.entries().filter((e) => e.method === 'PUT')).toHaveLength(1);
    expect(s.problems()).toEqual([]);
  }, 20_000);
});
