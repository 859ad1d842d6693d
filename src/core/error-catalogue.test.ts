import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE } from './error-catalogue.ts';
import { EXIT, exitCodeFor, PndError, type PndErrorCode } from './errors.ts';

describe('the error catalogue', () => {
  const codes = Object.keys(ERROR_CATALOGUE) as PndErrorCode[];

  it('gives every code a documented exit code, a hint and a page that exists', () => {
    const documented = new Set<number>(Object.values(EXIT));
    for (const code of codes) {
      const entry = ERROR_CATALOGUE[code];
      expect(documented.has(entry.exit), code).toBe(true);
      expect(entry.hint, code).toMatch(/\.$/);
      expect(existsSync(entry.docs), `${code}: ${entry.docs}`).toBe(true);
    }
  });

  it('decides the exit code and the docs link of a PndError by its code', () => {
    expect(exitCodeFor(new PndError('config-invalid', 'x'))).toBe(EXIT.badInput);
    expect(exitCodeFor(new PndError('forbidden', 'x'))).toBe(EXIT.authFailed);
    expect(exitCodeFor(new Error('x'))).toBe(EXIT.failed);
    expect(new PndError('auth-failed', 'x').docs).toBe(ERROR_CATALOGUE['auth-failed'].docs);
    expect(new PndError('auth-failed', 'x', { details: { docs: 'docs/providers/github.md' } }).docs).toBe(
      'docs/providers/github.md',
    );
  });
});
