import { describe, expect, it } from 'vitest';
import { isDuration, parseDuration } from './duration.ts';
import { closestMatch } from './suggest.ts';

describe('durations', () => {
  it('reads units largest first', () => {
    expect(parseDuration('6d')).toBe(6 * 24 * 3_600_000);
    expect(parseDuration('144h')).toBe(parseDuration('6d'));
    expect(parseDuration('1d12h')).toBe(36 * 3_600_000);
    expect(parseDuration('10m')).toBe(600_000);
    expect(parseDuration('1w')).toBe(parseDuration('7d'));
    expect(parseDuration('90s')).toBe(90_000);
  });

  it('rejects words, spaces, decimals, units out of order and bare numbers', () => {
    for (const text of ['6 days', '6 d', '1.5h', '12h1d', '10', '', 'd', '-1d']) {
      expect(isDuration(text), text).toBe(false);
      expect(() => parseDuration(text)).toThrow(RangeError);
    }
  });
});

describe('closestMatch', () => {
  it('suggests a close key, ignoring case, and nothing when nothing is close', () => {
    expect(closestMatch('minimun', ['after', 'minimum', 'requireVerified'])).toBe('minimum');
    expect(closestMatch('changefeeds', ['changeFeeds', 'patchDay'])).toBe('changeFeeds');
    expect(closestMatch('tuesdy', ['monday', 'tuesday'])).toBe('tuesday');
    expect(closestMatch('zzz', ['after', 'minimum'])).toBeUndefined();
    expect(closestMatch('after', ['after'])).toBeUndefined();
  });
});
