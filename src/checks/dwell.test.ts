import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../core/clock.ts';
import { PndError } from '../core/errors.ts';
import { defaultIntervalMs, verifyWithDwell } from './dwell.ts';
import type { CheckResult, CheckRunner, CheckStatus } from '../capabilities/check.ts';

const START = Date.parse('2026-11-25T10:00:00Z');
const MIN = 60_000;

/** A runner whose status is a function of the minutes since START; throws when told to. */
function scripted(label: string, at: (minutes: number) => CheckStatus | Error, requestsPerRun = 2) {
  const calls: number[] = [];
  const runner = (clock: VirtualClock): CheckRunner => ({
    label,
    kind: 'kubernetes-workload',
    requestsPerRun,
    async run(): Promise<CheckResult> {
      const minutes = (clock.now() - START) / MIN;
      calls.push(minutes);
      const status = at(minutes);
      if (status instanceof Error) throw status;
      return {
        check: label,
        kind: 'kubernetes-workload',
        status,
        reason: `${label} ${status} at ${minutes}m`,
        evidence: [],
      };
    },
  });
  return { runner, calls };
}

const clock = () => new VirtualClock(START, { autoAdvance: true });

describe('verifyWithDwell', () => {
  it('polls until all pass, then re-checks every interval for the dwell', async () => {
    const c = clock();
    const a = scripted('a', (m) => (m < 2 ? 'pending' : 'pass'));
    const b = scripted('b', () => 'pass');
    const seen: string[] = [];
    const out = await verifyWithDwell([a.runner(c), b.runner(c)], {
      clock: c,
      dwellMs: 10 * MIN,
      intervalMs: 30_000,
      onResult: (r, round) => seen.push(`${round.phase}:${r.check}:${r.status}`),
    });
    expect(out.status).toBe('pass');
    expect(out.firstPassAt).toBe('2026-11-25T10:02:00.000Z');
    expect(out.dwellEndedAt).toBe('2026-11-25T10:12:00.000Z');
    expect(out.history.filter((h) => h.phase === 'settle')).toHaveLength(5);
    expect(out.history.filter((h) => h.phase === 'dwell')).toHaveLength(20);
    expect(out.reason).toBe('Every check passed and stayed healthy for 10m (20 re-checks).');
    expect(seen[0]).toBe('settle:a:pending');
    expect(c.now()).toBe(START + 12 * MIN);
  });

  it('fails at once when a check fails before passing', async () => {
    const c = clock();
    const a = scripted('a', (m) => (m < 1 ? 'pending' : 'fail'));
    const out = await verifyWithDwell([a.runner(c)], { clock: c, dwellMs: 10 * MIN, intervalMs: 30_000 });
    expect(out).toMatchObject({ status: 'fail', reason: 'a failed: a fail at 1m', timedOut: false });
    expect(out.firstPassAt).toBeUndefined();
  });

  it('fails a component whose check fails during the dwell', async () => {
    const c = clock();
    const a = scripted('a', (m) => (m < 4 ? 'pass' : 'fail'));
    const b = scripted('b', () => 'pass');
    const out = await verifyWithDwell([a.runner(c), b.runner(c)], {
      clock: c,
      dwellMs: 10 * MIN,
      intervalMs: MIN,
    });
    expect(out.status).toBe('fail');
    expect(out.reason).toBe('a failed during the dwell, 4m after every check first passed: a fail at 4m');
    expect(out.results.map((r) => r.status)).toEqual(['fail', 'pass']);
  });

  it('fails a check that falls back to pending during the dwell', async () => {
    const c = clock();
    const a = scripted('a', (m) => (m >= 3 && m < 4 ? 'pending' : 'pass'));
    const out = await verifyWithDwell([a.runner(c)], { clock: c, dwellMs: 10 * MIN, intervalMs: MIN });
    expect(out.status).toBe('fail');
    expect(out.reason).toBe(
      'a was healthy, then during the dwell, 3m after every check first passed: a pending at 3m',
    );
  });

  it('gives up after the timeout with the pending reason', async () => {
    const c = clock();
    const a = scripted('a', () => 'pending');
    const out = await verifyWithDwell([a.runner(c)], {
      clock: c,
      dwellMs: 10 * MIN,
      intervalMs: MIN,
      timeoutMs: 5 * MIN,
    });
    expect(out).toMatchObject({
      status: 'fail',
      timedOut: true,
      reason: 'a did not become healthy within 5m: a pending at 5m',
    });
    expect(out.results[0]!.status).toBe('fail');
    expect(a.calls).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('retries read errors, and fails after three in a row during the dwell', async () => {
    const c = clock();
    const blip = scripted('a', (m) => (m === 2 || m === 3 ? new Error('socket hang up') : 'pass'));
    const ok = await verifyWithDwell([blip.runner(c)], { clock: c, dwellMs: 5 * MIN, intervalMs: MIN });
    expect(ok.status).toBe('pass');

    const c2 = clock();
    const down = scripted('a', (m) => (m >= 2 ? new Error('socket hang up') : 'pass'));
    const out = await verifyWithDwell([down.runner(c2)], { clock: c2, dwellMs: 10 * MIN, intervalMs: MIN });
    expect(out.status).toBe('fail');
    expect(out.reason).toBe(
      'a could not be read 3 times in a row during the dwell: Could not read the state: socket hang up',
    );
  });

  it('throws credential and permission errors instead of polling', async () => {
    const c = clock();
    const denied = scripted(
      'a',
      () => new PndError('forbidden', 'The identity lacks a permission the check needs.'),
    );
    await expect(verifyWithDwell([denied.runner(c)], { clock: c, dwellMs: MIN })).rejects.toMatchObject({
      code: 'forbidden',
    });
  });

  it('passes with no checks, and stops when aborted', async () => {
    const c = clock();
    expect((await verifyWithDwell([], { clock: c, dwellMs: MIN })).status).toBe('pass');
    const manual = new VirtualClock(START);
    const controller = new AbortController();
    const a = scripted('a', () => 'pending');
    const running = verifyWithDwell([a.runner(manual)], {
      clock: manual,
      dwellMs: MIN,
      signal: controller.signal,
    });
    await Promise.resolve();
    controller.abort(new Error('interrupted'));
    await expect(running).rejects.toThrow('interrupted');
  });
});

describe('defaultIntervalMs', () => {
  it('keeps a component within 6 requests per minute', () => {
    const runs = (...n: number[]) => n.map((requestsPerRun) => ({ requestsPerRun }));
    expect(defaultIntervalMs(runs(2))).toBe(20_000);
    expect(defaultIntervalMs(runs(2, 1))).toBe(30_000);
    expect(defaultIntervalMs(runs(2, 2))).toBe(40_000);
    expect(defaultIntervalMs(runs(1))).toBe(10_000);
    expect(defaultIntervalMs(runs())).toBe(10_000);
  });
});
