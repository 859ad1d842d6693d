import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { envReferences, findCredential, isCredentialVariable, withholdCredentials } from './withheld-env.ts';

const ordinaryName = fc.constantFrom(
  'GITHUB_REPOSITORY',
  'TEAM',
  'RUNNER_OS',
  'HOME',
  'PATH',
  'KEYBOARD',
  'MONKEY',
  'PATCH_DAY',
);
const credentialName = fc.constantFrom(
  'GITHUB_TOKEN',
  'GH_TOKEN',
  'AZURE_DEVOPS_TOKEN',
  'AZURE_CLIENT_SECRET',
  'ACTIONS_RUNTIME_TOKEN',
  'MY_API_KEY',
  'DB_PASSWORD',
  'npm_token',
  'SSH_KEY',
  'ADO_PAT',
);
const value = fc.string({ minLength: 0, maxLength: 30 });

describe('withholdCredentials', () => {
  it('never shows a credential value, and keeps every other variable as it is', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.oneof(ordinaryName, credentialName), value),
        fc.array(fc.record({ name: fc.constant('HELD'), value: fc.string({ minLength: 8, maxLength: 20 }) })),
        (env, held) => {
          const result = withholdCredentials(env, held);
          const secrets = [
            ...held.map((c) => c.value),
            ...Object.entries(env)
              .filter(([name]) => isCredentialVariable(name))
              .map(([, v]) => v),
          ].filter((s) => s.length >= 8);
          for (const [name, shown] of Object.entries(result.env)) {
            expect(isCredentialVariable(name)).toBe(false);
            for (const secret of secrets) expect(shown.includes(secret)).toBe(false);
          }
          for (const [name, original] of Object.entries(env)) {
            if (!isCredentialVariable(name) && !secrets.some((s) => original.includes(s)))
              expect(result.env[name]).toBe(original);
          }
          // Whatever is withheld is searched for in the output.
          for (const secret of secrets)
            expect(findCredential({ body: [`x${secret}y`] }, result.credentials)).toBeDefined();
        },
      ),
    );
  });

  it('tells credential names from ordinary ones', () => {
    for (const name of [
      'GITHUB_TOKEN',
      'MY_API_KEY',
      'DB_PASSWORD',
      'ACTIONS_ID_TOKEN_REQUEST_URL',
      'ADO_PAT',
    ])
      expect(isCredentialVariable(name), name).toBe(true);
    for (const name of ['GITHUB_REPOSITORY', 'TEAM', 'PATH', 'KEYBOARD', 'PATCH_DAY', 'TOKENIZER_MODE'])
      expect(isCredentialVariable(name), name).toBe(false);
  });

  it('finds env.NAME, env["NAME"] and env[\'NAME\'] with their offsets', () => {
    expect(envReferences(`{{ env.A }} {{ env["B"] }} {{ env [ 'C' ] }} {{ myenv.D }}`)).toEqual([
      { name: 'A', offset: 3 },
      { name: 'B', offset: 15 },
      { name: 'C', offset: 30 },
    ]);
  });
});
