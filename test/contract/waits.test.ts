import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.ts';
import { EXIT, PndError, exitCodeFor } from '../../src/core/errors.ts';
import { AzureDevOpsClient, type WaitInfo } from '../../src/providers/azure-devops/client.ts';
import { createGitHubClient } from '../../src/providers/github/client.ts';
import { viaGitHub } from '../../src/providers/github/errors.ts';
import { parseScenario } from '../../src/sim/scenario/load.ts';
import { useSimulators } from '../support/simulator.ts';

// Issue 13.3: no wait is silent and none outlasts the command's --timeout. A rate limit's
// Retry-After longer than the time left ends the request at once (exit 5, saying until when);
// a shorter one is announced with what it waits for and until when, then waited out.

const START = '2026-11-25T10:00:00Z';
const SCENARIO = `
name: waits
start: '${START}'
github:
  users: [{ login: oncall-ola }]
  tokens: [{ token: ghp_ola, login: oncall-ola }]
azureDevOps:
  tokens:
    - token: pat-ola
      user: { displayName: Ola Nordmann, uniqueName: ola@example.org }
  projects:
    - organization: acme
      name: platform
      releaseDefinitions:
        - id: 7
          name: Shop API
          environments:
            - { name: staging, preDeployApprovers: [ola@example.org] }
      releases:
        - { id: 70, definitionId: 7, createdOn: '2026-11-24T08:00:00Z', version: '1.0.70', environments: [{ name: staging, state: awaitingPreDeploy, at: '2026-11-24T08:00:00Z' }] }
`;

const startSimulator = useSimulators();
const TEN_MINUTES = 10 * 60_000;

async function failure(call: () => Promise<unknown>): Promise<PndError> {
  const error = await call().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PndError);
  return error as PndError;
}

describe('GitHub waits', () => {
  it('a 403 secondary rate limit with Retry-After: 3600 ends at once with exit 5, saying until when', async () => {
    const sim = await startSimulator({ scenario: parseScenario(SCENARIO), warn: () => {} });
    sim.faults.add({ vendor: 'github', kind: 'rate-limit', status: 403, retryAfterSeconds: 3600 });
    const waits: unknown[] = [];
    const octokit = createGitHubClient({
      baseUrl: sim.urls.github,
      token: 'ghp_ola',
      ca: sim.caPem,
      waitBudgetMs: () => TEN_MINUTES,
      onWait: (info) => waits.push(info),
    });
    const before = Date.now();
    const error = await failure(() =>
      viaGitHub('read the user', () => octokit.rest.users.getAuthenticated()),
    );
    expect(error.code).toBe('wait-timeout');
    expect(exitCodeFor(error)).toBe(EXIT.timedOut);
    expect(EXIT.timedOut).toBe(5);
    expect(error.details.retryAfterSeconds).toBe(3600);
    const until = Date.parse(String(error.details.until));
    expect(until).toBeGreaterThanOrEqual(before + 3600_000);
    expect(until).toBeLessThan(Date.now() + 3600_000 + 1_000);
    expect(String(error.details.hint)).toContain(String(error.details.until));
    expect(String(error.details.hint)).toContain('--timeout');
    // Nothing was waited for: the one refused request, no retry.
    expect(waits).toEqual([]);
    expect(sim.log.entries()).toHaveLength(1);
  });

  it('a rate limit within the time left is announced (what, until when), then waited out', async () => {
    const sim = await startSimulator({ scenario: parseScenario(SCENARIO), warn: () => {} });
    sim.faults.add({ vendor: 'github', kind: 'rate-limit', status: 403, retryAfterSeconds: 120, times: 1 });
    const waits: { kind: string; retryAfterSeconds: number; url: string; until: string }[] = [];
    const octokit = createGitHubClient({
      baseUrl: sim.urls.github,
      token: 'ghp_ola',
      ca: sim.caPem,
      waitBudgetMs: () => TEN_MINUTES,
      onWait: (info) => waits.push(info),
      // One real millisecond per second of Retry-After: the test does not wait two minutes.
      throttleBaseMs: 1,
    });
    const before = Date.now();
    const user = await octokit.rest.users.getAuthenticated();
    expect(user.data.login).toBe('oncall-ola');
    expect(waits).toHaveLength(1);
    expect(waits[0]).toMatchObject({ kind: 'secondary', retryAfterSeconds: 120 });
    expect(waits[0]!.url).toMatch(/\/user$/);
    expect(Date.parse(waits[0]!.until)).toBeGreaterThanOrEqual(before + 120_000);
  });
});

describe('Azure DevOps waits', () => {
  const client = (
    sim: { urls: { azureDevOpsRelease: string }; caPem: string },
    onWait: (w: WaitInfo) => void,
    clock: VirtualClock,
  ) =>
    new AzureDevOpsClient({
      organization: 'acme',
      project: 'platform',
      credential: { pat: 'pat-ola' },
      releaseUrl: sim.urls.azureDevOpsRelease,
      buildUrl: sim.urls.azureDevOpsRelease,
      ca: sim.caPem,
      clock,
      waitBudgetMs: () => TEN_MINUTES,
      onWait,
    });

  it('a Retry-After past the time left ends at once with exit 5', async () => {
    const clock = new VirtualClock(START, { autoAdvance: true });
    const sim = await startSimulator({ scenario: parseScenario(SCENARIO), clock, warn: () => {} });
    sim.faults.add({
      vendor: 'azure-devops-release',
      kind: 'rate-limit',
      status: 429,
      retryAfterSeconds: 3600,
    });
    const waits: WaitInfo[] = [];
    const error = await failure(() => client(sim, (w) => waits.push(w), clock).release(70));
    expect(error.code).toBe('wait-timeout');
    expect(exitCodeFor(error)).toBe(5);
    expect(error.details.until).toBe(new Date(Date.parse(START) + 3600_000).toISOString());
    expect(clock.now()).toBe(Date.parse(START));
    expect(waits).toEqual([]);
  });

  it('a shorter Retry-After is announced with what it waits for and until when', async () => {
    const clock = new VirtualClock(START, { autoAdvance: true });
    const sim = await startSimulator({ scenario: parseScenario(SCENARIO), clock, warn: () => {} });
    sim.faults.add({
      vendor: 'azure-devops-release',
      kind: 'rate-limit',
      status: 429,
      retryAfterSeconds: 90,
      times: 1,
    });
    const waits: WaitInfo[] = [];
    const release = await client(sim, (w) => waits.push(w), clock).release(70);
    expect(release.id).toBe(70);
    expect(waits).toEqual([
      {
        vendor: 'Azure DevOps',
        waitFor: 'Azure DevOps throttling (Retry-After)',
        where: expect.stringMatching(/^Azure DevOps GET \/.*acme\/platform\/_apis\/release\/releases\/70$/),
        seconds: 90,
        until: new Date(Date.parse(START) + 90_000).toISOString(),
      },
    ]);
  });
});
