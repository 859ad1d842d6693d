import { describe, expect, it } from 'vitest';
import { VirtualClock } from './clock.ts';
import { formatDuration, parseDuration } from './duration.ts';
import fc from 'fast-check';

describe('VirtualClock', () => {
  it('wakes sleepers in time order as time passes them, and not before', async () => {
    const clock = new VirtualClock('2026-11-23T04:00:00Z');
    const woke: string[] = [];
    const late = clock.sleep(5_000).then(() => woke.push('late'));
    const early = clock.sleep(1_000).then(() => woke.push('early'));
    clock.advance(999);
    await Promise.resolve();
    expect(woke).toEqual([]);
    clock.advance(10_000);
    await Promise.all([late, early]);
    const start = Date.parse('2026-11-23T04:00:00Z');
    expect(woke).toEqual(['early', 'late']);
    expect(clock.now()).toBe(start + 10_999);
  });

  it('tells listeners every instant a sleeper wakes at, so scheduled state fires in order', () => {
    const clock = new VirtualClock(0);
    const seen: number[] = [];
    clock.onTick((now) => seen.push(now));
    void clock.sleep(10);
    void clock.sleep(20);
    clock.advance(30);
    expect(seen).toEqual([10, 20, 30]);
  });

  it('refuses to go backwards', () => {
    const clock = new VirtualClock(1000);
    expect(() => clock.set(999)).toThrow(/backwards/);
    expect(() => clock.advance(-1)).toThrow(/backwards/);
  });

  it('auto-advances on sleep when asked, for single-process demos', async () => {
    const clock = new VirtualClock(0, { autoAdvance: true });
    await clock.sleep(86_400_000);
    expect(clock.now()).toBe(86_400_000);
  });

  it('rejects a sleep whose signal aborts', async () => {
    const clock = new VirtualClock(0);
    const controller = new AbortController();
    const sleeping = clock.sleep(1000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(sleeping).rejects.toThrow('stop');
  });
});

describe('durations', () => {
  it('parses the forms people write', () => {
    expect(parseDuration('6d')).toBe(6 * 86_400_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('1.5h')).toBe(5_400_000);
    expect(parseDuration('')).toBeUndefined();
    expect(parseDuration('6 days')).toBeUndefined();
    expect(parseDuration('m')).toBeUndefined();
  });

  it('round-trips through formatDuration', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 * 86_400_000 }), (ms) => {
        expect(parseDuration(formatDuration(ms))).toBe(ms);
      }),
    );
  });
});
