import { describe, expect, it } from 'vitest';
import { PndError } from '../core/errors.ts';
import { parseUntil } from './lock-run.ts';

describe('pnd lock --until', () => {
  const now = Date.parse('2026-12-05T10:00:00Z');

  it('takes an ISO time or a duration from now', () => {
    expect(parseUntil('2026-12-24T12:00:00+01:00', now)).toBe('2026-12-24T11:00:00.000Z');
    expect(parseUntil('2d', now)).toBe('2026-12-07T10:00:00.000Z');
    expect(parseUntil('1d12h', now)).toBe('2026-12-06T22:00:00.000Z');
  });

  it('refuses what is neither, and a time in the past, naming the option', () => {
    for (const [text, message] of [
      ['tomorrow', 'The --until is neither a time nor a duration.'],
      ['2026-13-45', 'The --until is neither a time nor a duration.'],
      ['2026-12-01T00:00:00Z', 'The --until lies in the past.'],
      ['0s', 'The --until lies in the past.'],
    ] as const) {
      let error: unknown;
      try {
        parseUntil(text, now);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(PndError);
      expect(error).toMatchObject({ code: 'input-invalid', message, details: { where: `--until ${text}` } });
    }
  });
});
