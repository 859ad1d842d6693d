import { describe, expect, it } from 'vitest';
import { PndError } from '../../src/core/errors.ts';
import type { FaultRule } from '../../src/sim/faults.ts';
import { useSimulators } from '../support/simulator.ts';
import { startTrain } from '../support/train.ts';

const start = useSimulators();

/**
 * Every route pnd uses, of every vendor: refusals, gateway errors and dropped connections. The
 * Azure SDKs wait out a Retry-After on the wall clock (they take no clock to inject), so ARM's
 * refusals ask for no wait — the test must not wait on real time; GitHub's and Azure DevOps's
 * waits run on the train's virtual clock.
 */
const WALL_CLOCK_WAITERS = ['arm-container-apps', 'arm-web-apps'] as const;
const FAULTS: FaultRule[] = [
  ...(['github', 'github-graphql', 'azure-devops-release', 'azure-devops-build', 'kubernetes'] as const).map(
    (vendor): FaultRule => ({
      vendor,
      kind: 'rate-limit',
      status: 429,
      retryAfterSeconds: 1,
      probability: 0.08,
    }),
  ),
  ...WALL_CLOCK_WAITERS.map((vendor): FaultRule => ({
    vendor,
    kind: 'rate-limit',
    status: 429,
    retryAfterSeconds: 0,
    probability: 0.08,
  })),
  { kind: 'server-error', status: 502, probability: 0.08 },
  { kind: 'reset', probability: 0.05 },
];

describe('pnd deploy under faults', () => {
  it('completes the day through retries, or stops with a clear message and a rerun completes, acting once', async () => {
    const train = await startTrain(start, { tweak: (scenario) => (scenario.seed = 7) });
    await train.createWeeklyIssue();
    train.at('2026-11-25T09:00');
    for (const rule of FAULTS) train.sim.faults.add(rule);

    const stops: string[] = [];
    let result: Awaited<ReturnType<typeof train.deploy>> | undefined;
    for (let attempt = 0; attempt < 8 && !result; attempt++) {
      try {
        const attemptResult = await train.deploy({ env: 'tt02' });
        const failed = attemptResult.components.filter((c) => c.outcome === 'failed');
        // A component that failed says what and where, and that a rerun resumes it.
        for (const c of failed)
          expect(c.detail).toMatch(/\(GitHub .+|Azure DevOps .+\).* run the same command again/);
        stops.push(...failed.map((c) => c.detail));
        // A comment the issue did not take is a warning (the deploy stands); a rerun writes it.
        const warnings = attemptResult.components.flatMap((c) => c.warnings ?? []);
        for (const w of warnings) expect(w).toMatch(/run the same command again/);
        stops.push(...warnings, ...(attemptResult.warnings ?? []));
        if (failed.length === 0 && warnings.length === 0 && !attemptResult.warnings) result = attemptResult;
      } catch (error) {
        // A stop must be a PndError saying what failed where, never a raw stack.
        expect(error).toBeInstanceOf(PndError);
        expect((error as PndError).details.where ?? '').not.toBe('');
        stops.push((error as PndError).message);
      }
    }
    expect(result?.components.map((c) => c.outcome)).toEqual(['verified', 'verified', 'verified']);
    const faulted = train.sim.log.entries(0).filter((e) => [429, 502].includes(e.status));
    expect(faulted.length).toBeGreaterThan(5);

    // Acted once: each gate opened once, each comment posted once, whatever failed on the way.
    const applied = train.sim.log
      .mutations(0)
      .filter((e) => e.status >= 200 && e.status < 300)
      .map((e) => `${e.method} ${e.template ?? e.path}`);
    const count = (what: string) => applied.filter((a) => a === what).length;
    // Two pre-deployment approvals, two post-deployment approvals after the dwell.
    expect(count('PATCH /{organization}/{project}/_apis/release/approvals/{approvalId}')).toBe(4);
    expect(count('PATCH /repos/{owner}/{repo}/releases/{release_id}')).toBe(1);
    expect(count('POST /repos/{owner}/{repo}/actions/runs/{run_id}/pending_deployments')).toBe(1);
    const github = train.providers().github;
    const issue = result!.issue!;
    const comments = await github.paginate(github.rest.issues.listComments, {
      owner: 'Altinn',
      repo: 'altinn-authorization',
      issue_number: issue.number,
    });
    const keys = comments.map((c) => /pnd:comment key=(\S+)/.exec(c.body ?? '')?.[1]).filter(Boolean);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.length).toBe(7); // deploy and post-deploy per component, and APIM
    expect(train.sim.problems()).toEqual([]);
    console.info(
      `faults: ${faulted.length} refused or failed answers, ${stops.length} stop(s): ${stops.join(' | ')}`,
    );
  }, 120_000);
});
