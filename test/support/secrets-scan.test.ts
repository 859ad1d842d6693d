import { describe, expect, it } from 'vitest';
import { FAKE_TOKENS } from './fake-tokens.ts';
import { assertNoSecrets, SecretLeak, secretsOfEnv } from './secrets-scan.ts';

describe('the secrets scan', () => {
  it('fails on a fake token anywhere in a text, naming which one and never printing it', () => {
    const text = `Authorization: Bearer ${FAKE_TOKENS.entraToken}\n`;
    expect(() => assertNoSecrets('stdout', text)).toThrow(SecretLeak);
    expect(() => assertNoSecrets('stdout', text)).toThrow(
      'secrets scan: stdout contains a credential (entraToken)',
    );
    try {
      assertNoSecrets('stdout', text);
    } catch (error) {
      expect(String(error)).not.toContain(FAKE_TOKENS.entraToken);
    }
  });

  it('fails on the value of a credential variable a process was given, and passes clean text', () => {
    const secrets = secretsOfEnv({ AZURE_DEVOPS_TOKEN: 'x'.repeat(40), TEAM: 'rail-team' });
    expect(() => assertNoSecrets('stderr', `pat ${'x'.repeat(40)}`, secrets)).toThrow(
      /a token of 40 characters/,
    );
    expect(() => assertNoSecrets('stderr', 'rail-team ok', secrets)).not.toThrow();
  });
});
