import { RequestError } from '@octokit/request-error';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { FaultRule } from '../../src/sim/faults.ts';
import { parseScenario } from '../../src/sim/scenario/load.ts';
import type { Simulator } from '../../src/sim/simulator.ts';
import { octokitFor, type LimitEvent } from '../../src/sim/github/test-support.ts';
import { useSimulators } from '../support/simulator.ts';

// Each fault kind against GitHub, and how the official client's plugins react: the throttling
// plugin waits out 429/403 rate limits (primary: until x-ratelimit-reset; secondary: retry-after),
// the retry plugin retries 5xx, a reset surfaces as an error, a hang ends in the caller's timeout.

function scenario(start: string): string {
  return stringify({
    name: 'github-faults',
    start,
    github: {
      users: [{ login: 'oncall-kari', push: ['Altinn/*'] }],
      tokens: [{ token: 'ghp_kari', login: 'oncall-kari' }],
      repositories: [
        { fullName: 'Altinn/altinn-authorization', issues: [{ title: 'Deploy & Patching W47' }] },
      ],
    },
  });
}

const startSimulator = useSimulators();

/** The primary-limit reset is compared with the wall clock by the plugin, so start the virtual clock now. */
async function start(faults: FaultRule[] = []): Promise<Simulator> {
  const sim = await startSimulator({
    scenario: parseScenario(scenario(new Date().toISOString())),
    warn: () => {},
  });
  for (const f of faults) sim.faults.add(f);
  return sim;
}

const issue = { owner: 'Altinn', repo: 'altinn-authorization', issue_number: 1 };

function attempts(s: Simulator, suffix: string): { status: number; fault?: string }[] {
  return s.log
    .entries()
    .filter((e) => e.path.endsWith(suffix))
    .map((e) => ({ status: e.status, ...(e.fault ? { fault: e.fault } : {}) }));
}

describe('GitHub faults and the official client', () => {
  it('delay: answers late but correctly', async () => {
    const s = await start([
      {
        vendor: 'github',
        path: '/repos/{owner}/{repo}/issues/{issue_number}',
        kind: 'delay',
        delayMs: 300,
        times: 1,
      },
    ]);
    const started = performance.now();
    const res = await octokitFor(s, 'ghp_kari').rest.issues.get(issue);
    expect(res.data.title).toBe('Deploy & Patching W47');
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(attempts(s, '/issues/1')).toEqual([{ status: 200, fault: 'delay' }]);
    expect(s.problems()).toEqual([]);
  });

  it('429 primary limit: the throttling plugin waits until x-ratelimit-reset and retries', async () => {
    const s = await start([
      { vendor: 'github', kind: 'rate-limit', status: 429, retryAfterSeconds: 1, times: 1 },
    ]);
    const events: LimitEvent[] = [];
    const kari = octokitFor(s, 'ghp_kari', { throttleBaseMs: 20, onLimit: (e) => events.push(e) });
    const res = await kari.rest.issues.get(issue);
    expect(res.status).toBe(200);
    expect(events).toHaveLength(1);
    expect(events[0]!.kind).toBe('primary');
    expect(events[0]!.retryAfter).toBeGreaterThanOrEqual(1);
    expect(events[0]!.retryAfter).toBeLessThanOrEqual(3);
    expect(attempts(s, '/issues/1')).toEqual([{ status: 429, fault: 'rate-limit' }, { status: 200 }]);
    expect(s.problems()).toEqual([]);
  });

  it('403 secondary limit: the throttling plugin honours retry-after and retries', async () => {
    const s = await start([
      { vendor: 'github', kind: 'rate-limit', status: 403, retryAfterSeconds: 2, times: 1 },
    ]);
    const events: LimitEvent[] = [];
    const kari = octokitFor(s, 'ghp_kari', { throttleBaseMs: 20, onLimit: (e) => events.push(e) });
    const res = await kari.rest.issues.get(issue);
    expect(res.status).toBe(200);
    expect(events).toEqual([{ kind: 'secondary', retryAfter: 2, retryCount: 0 }]);
    expect(attempts(s, '/issues/1')).toEqual([{ status: 403, fault: 'rate-limit' }, { status: 200 }]);
    expect(s.problems()).toEqual([]);
  });

  it("gives up on a rate limit when the handler says so, with GitHub's headers and message", async () => {
    const s = await start([{ vendor: 'github', kind: 'rate-limit', status: 403, retryAfterSeconds: 30 }]);
    const kari = octokitFor(s, 'ghp_kari', { limitRetries: 0 });
    const error = (await kari.rest.issues.get(issue).catch((e: unknown) => e)) as RequestError;
    expect(error).toBeInstanceOf(RequestError);
    expect(error.status).toBe(403);
    expect(error.message).toMatch(/secondary rate limit/);
    expect(error.response?.headers['retry-after']).toBe('30');
    expect(error.response?.headers['x-ratelimit-remaining']).toBe('0');
    expect(Number(error.response?.headers['x-ratelimit-reset'])).toBe(Math.ceil(s.clock.now() / 1000) + 30);
    expect(s.problems()).toEqual([]);
  });

  it('5xx: the retry plugin retries with backoff and recovers', async () => {
    const s = await start([{ vendor: 'github', kind: 'server-error', status: 502, times: 2 }]);
    const kari = octokitFor(s, 'ghp_kari', { retryBaseMs: 5 });
    const res = await kari.rest.issues.get(issue);
    expect(res.status).toBe(200);
    expect(attempts(s, '/issues/1')).toEqual([
      { status: 502, fault: 'server-error' },
      { status: 502, fault: 'server-error' },
      { status: 200 },
    ]);
    expect(s.problems()).toEqual([]);
  });

  it("5xx that persists: the error carries GitHub's basic-error body after the retries", async () => {
    const s = await start([{ vendor: 'github', kind: 'server-error', status: 503 }]);
    const kari = octokitFor(s, 'ghp_kari', { retryBaseMs: 5, retries: 2 });
    const error = (await kari.rest.issues.get(issue).catch((e: unknown) => e)) as RequestError;
    expect(error.status).toBe(503);
    expect(error.response?.data).toMatchObject({ message: 'Service Unavailable', status: '503' });
    expect(attempts(s, '/issues/1')).toHaveLength(3);
    expect(s.problems()).toEqual([]);
  });

  it('connection reset: surfaces as a request error (status 500, "fetch failed") once retries are spent', async () => {
    const s = await start([
      { vendor: 'github', path: '/repos/{owner}/{repo}/issues/{issue_number}', kind: 'reset' },
    ]);
    const kari = octokitFor(s, 'ghp_kari', { retryBaseMs: 5, retries: 1 });
    const error = (await kari.rest.issues.get(issue).catch((e: unknown) => e)) as RequestError;
    expect(error).toBeInstanceOf(RequestError);
    expect(error.status).toBe(500);
    expect(error.message).toBe('other side closed');
    expect(attempts(s, '/issues/1')).toEqual([
      { status: 0, fault: 'reset' },
      { status: 0, fault: 'reset' },
    ]);
    // A single reset is recovered by the retry plugin.
    s.faults.clear();
    s.faults.add({ vendor: 'github', path: '/user', kind: 'reset', times: 1 });
    expect((await kari.rest.users.getAuthenticated()).data.login).toBe('oncall-kari');
    expect(s.problems()).toEqual([]);
  });

  it("hang: the caller's AbortSignal timeout ends the request", async () => {
    const s = await start([{ vendor: 'github', path: '/user', kind: 'hang' }]);
    const kari = octokitFor(s, 'ghp_kari', { retries: 0 });
    const started = performance.now();
    const error = await kari.rest.users
      .getAuthenticated({ request: { signal: AbortSignal.timeout(300) } })
      .catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(5_000);
    // @octokit/request turns the abort into a RequestError with status 500 — which the retry
    // plugin would retry like a server error, so pnd must tell timeouts apart by the message.
    expect(error).toBeInstanceOf(RequestError);
    expect((error as RequestError).status).toBe(500);
    expect((error as RequestError).message).toBe('The operation was aborted due to timeout');
    expect(attempts(s, '/user')).toEqual([{ status: 0, fault: 'hang' }]);
    expect(s.problems()).toEqual([]);
  });
});

describe('GitHub primary rate limits on the virtual clock', () => {
  it('a token that has used its hour gets 403 with remaining 0 until the window resets', async () => {
    const s = await start();
    const events: LimitEvent[] = [];
    const kari = octokitFor(s, 'ghp_kari', { limitRetries: 0, onLimit: (e) => events.push(e) });
    const first = await kari.rest.issues.get(issue);
    expect(first.headers['x-ratelimit-remaining']).toBe('4999');
    s.world.fire('github.rate-limit-exhausted', { token: 'ghp_kari', resource: 'core' });
    const error = (await kari.rest.issues.get(issue).catch((e: unknown) => e)) as RequestError;
    expect(error.status).toBe(403);
    expect(error.message).toMatch(/API rate limit exceeded for user ID \d+/);
    expect(error.response?.headers['x-ratelimit-remaining']).toBe('0');
    expect(events.map((e) => e.kind)).toEqual(['primary']);
    // GET /rate_limit still answers (it is not charged).
    expect((await kari.rest.rateLimit.get()).data.resources.core.remaining).toBe(0);
    s.clock.advance(60 * 60_000);
    const later = await kari.rest.issues.get(issue);
    expect(later.headers['x-ratelimit-remaining']).toBe('4999');
    expect(s.problems()).toEqual([]);
  });

  it('search has its own 30 per minute', async () => {
    const s = await start();
    const kari = octokitFor(s, 'ghp_kari', { limitRetries: 0 });
    const q = { q: 'repo:Altinn/altinn-authorization is:issue' };
    const one = await kari.rest.search.issuesAndPullRequests(q);
    expect(one.headers['x-ratelimit-resource']).toBe('search');
    expect(one.headers['x-ratelimit-remaining']).toBe('29');
    const core = await kari.rest.issues.get(issue);
    expect(core.headers['x-ratelimit-remaining']).toBe('4999');
    s.world.fire('github.rate-limit-exhausted', { token: 'ghp_kari', resource: 'search' });
    expect(
      ((await kari.rest.search.issuesAndPullRequests(q).catch((e: unknown) => e)) as RequestError).status,
    ).toBe(403);
    s.clock.advance(61_000);
    expect((await kari.rest.search.issuesAndPullRequests(q)).data.total_count).toBe(1);
    expect(s.problems()).toEqual([]);
  });
});
