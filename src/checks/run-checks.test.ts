import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../core/clock.ts';
import { PndError } from '../core/errors.ts';
import { isReadError, overallStatus, runChecks } from './run-checks.ts';
import type { CheckResult, CheckRunner, CheckStatus } from '../capabilities/check.ts';

const clock = new VirtualClock('2026-11-25T10:00:00Z');
const runner = (label: string, outcome: CheckStatus | Error): CheckRunner => ({
  label,
  kind: 'function-app',
  requestsPerRun: 1,
  async run(): Promise<CheckResult> {
    if (outcome instanceof Error) throw outcome;
    return { check: label, kind: 'function-app', status: outcome, reason: outcome, evidence: [] };
  },
});

describe('runChecks', () => {
  it.each([
    [['pass', 'pass'], 'pass'],
    [['pass', 'pending'], 'pending'],
    [['pending', 'fail'], 'fail'],
    [[], 'pass'],
  ] as const)('%j → %s', async (statuses, expected) => {
    const out = await runChecks(
      statuses.map((s, i) => runner(`c${i}`, s)),
      { clock },
    );
    expect(out.status).toBe(expected);
    expect(overallStatus(out.results)).toBe(expected);
  });

  it('turns a failed read into pending, and throws a refused credential', async () => {
    const out = await runChecks(
      [
        runner(
          'a',
          new PndError('remote-failed', 'The API answered with an error.', {
            details: { where: 'ARM GET /x' },
          }),
        ),
      ],
      { clock },
    );
    expect(out.status).toBe('pending');
    expect(out.results[0]).toMatchObject({
      check: 'a',
      kind: 'function-app',
      reason: 'Could not read the state: The API answered with an error. (ARM GET /x)',
      evidence: [{ read: 'error', at: '2026-11-25T10:00:00.000Z' }],
    });
    expect(isReadError(out.results[0]!)).toBe(true);
    await expect(
      runChecks([runner('b', new PndError('auth-failed', 'The credentials were refused.'))], { clock }),
    ).rejects.toMatchObject({ code: 'auth-failed' });
  });
});
