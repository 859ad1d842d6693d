import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PndError } from '../core/errors.ts';
import { exitCodeFor } from '../core/errors.ts';
import { secretsIn } from '../journal/redact.ts';
import { gitHubCredentials, heldGitHubCredentials, publishesWithActionsToken } from './credentials.ts';

// A key made for these tests only.
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PKCS8 = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
/** GitHub hands out PKCS#1 ("BEGIN RSA PRIVATE KEY") files. */
const PKCS1 = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const PAT = 'ghp_Kq7Zr2xVb9LmN4pW8sT1yH6dF3gJ0cE5aQ2u';

const refusal = (env: NodeJS.ProcessEnv): PndError => {
  try {
    gitHubCredentials(env, 'test');
  } catch (error) {
    return error as PndError;
  }
  throw new Error('expected a refusal');
};

describe('GitHub credentials', () => {
  it('reads GITHUB_TOKEN, then GH_TOKEN', () => {
    expect(gitHubCredentials({ GITHUB_TOKEN: PAT, GH_TOKEN: 'other-token' }, 't')).toMatchObject({
      token: PAT,
      source: 'GITHUB_TOKEN',
    });
    expect(gitHubCredentials({ GH_TOKEN: PAT }, 't')).toMatchObject({ token: PAT, source: 'GH_TOKEN' });
  });

  it('a GitHub App wins over a token; the key may be PEM text (PKCS#1 or #8, escaped newlines) or a file', () => {
    const fromText = gitHubCredentials(
      { PND_GITHUB_APP_ID: '904211', PND_GITHUB_APP_PRIVATE_KEY: PKCS1, GITHUB_TOKEN: PAT },
      't',
      { defaultOwner: 'Northwind' },
    );
    expect(fromText).toMatchObject({
      source: 'GitHub App',
      app: { appId: 904211, defaultOwner: 'Northwind' },
    });
    expect(fromText.token).toBeUndefined();
    const escaped = PKCS8.replace(/\n/g, '\\n');
    expect(
      gitHubCredentials({ PND_GITHUB_APP_ID: '7', PND_GITHUB_APP_PRIVATE_KEY: escaped }, 't').app?.appId,
    ).toBe(7);
    const file = join(mkdtempSync(join(tmpdir(), 'pnd-cred-')), 'app.pem');
    writeFileSync(file, PKCS8);
    const fromFile = gitHubCredentials(
      { PND_GITHUB_APP_ID: '7', PND_GITHUB_APP_PRIVATE_KEY_FILE: file, PND_GITHUB_APP_INSTALLATION_ID: '42' },
      't',
    );
    expect(fromFile.app).toMatchObject({ appId: 7, installationId: 42, privateKey: PKCS8 });
    // The key from a file is known to the redactor and to the scan, like one in a variable.
    expect(secretsIn({ PND_GITHUB_APP_PRIVATE_KEY_FILE: file })).toContain(PKCS8);
    const lines = PKCS8.split('\n').filter((l) => l.length === 64);
    expect(secretsIn({ PND_GITHUB_APP_PRIVATE_KEY: PKCS8 })).toEqual(expect.arrayContaining(lines));
    expect(heldGitHubCredentials({ PND_GITHUB_APP_PRIVATE_KEY_FILE: file }).map((c) => c.value)).toEqual([
      PKCS8,
    ]);
  });

  it.each([
    [{}, /GITHUB_TOKEN is not set/, 'environment'],
    [
      { PND_GITHUB_APP_ID: 'my-app', PND_GITHUB_APP_PRIVATE_KEY: PKCS8 },
      /not a GitHub App ID/,
      'PND_GITHUB_APP_ID',
    ],
    [{ PND_GITHUB_APP_ID: '7' }, /no private key/, 'PND_GITHUB_APP_PRIVATE_KEY'],
    [{ PND_GITHUB_APP_PRIVATE_KEY: PKCS8 }, /not the app’s id/, 'PND_GITHUB_APP_ID'],
    [
      { PND_GITHUB_APP_ID: '7', PND_GITHUB_APP_PRIVATE_KEY: '-----BEGIN RSA PRIVATE KEY-----' },
      /not an RSA private key/,
      'PND_GITHUB_APP_PRIVATE_KEY',
    ],
    [
      { PND_GITHUB_APP_ID: '7', PND_GITHUB_APP_PRIVATE_KEY_FILE: '/nonexistent/app.pem' },
      /cannot be read/,
      'PND_GITHUB_APP_PRIVATE_KEY_FILE (/nonexistent/app.pem)',
    ],
    [
      { PND_GITHUB_APP_ID: '7', PND_GITHUB_APP_PRIVATE_KEY: PKCS8, PND_GITHUB_APP_INSTALLATION_ID: 'x' },
      /not an installation id/,
      'PND_GITHUB_APP_INSTALLATION_ID',
    ],
  ])('refuses bad input with exit 2, saying where: %#', (env, message, where) => {
    const error = refusal(env as NodeJS.ProcessEnv);
    expect(error.code).toBe('input-invalid');
    expect(exitCodeFor(error)).toBe(2);
    expect(error.message).toMatch(message);
    expect(error.details.where).toBe(where);
    // The key itself is never part of the error.
    expect(JSON.stringify({ message: error.message, details: error.details })).not.toContain(
      'PRIVATE KEY-----\n',
    );
  });

  it('knows the Actions job’s GITHUB_TOKEN as the publishing identity, without a request', () => {
    const ghs = 'ghs_Jb4Wq8Zt2Xn6Vc1Rm5Lp9Kd3Hs7Gf0Ya2Ue6';
    expect(publishesWithActionsToken({ GITHUB_ACTIONS: 'true' }, ghs)).toBe(true);
    expect(publishesWithActionsToken({}, ghs)).toBe(false);
    expect(publishesWithActionsToken({ GITHUB_ACTIONS: 'true' }, PAT)).toBe(false);
    expect(
      gitHubCredentials({ GITHUB_ACTIONS: 'true', GITHUB_TOKEN: ghs }, 't').publisherIsActionsToken,
    ).toBe(true);
    // A PAT publishes instead: fine.
    expect(
      gitHubCredentials({ GITHUB_ACTIONS: 'true', GITHUB_TOKEN: ghs, PND_GITHUB_PUBLISH_TOKEN: PAT }, 't')
        .publisherIsActionsToken,
    ).toBeUndefined();
    // The app publishes (its own installation tokens start workflows).
    expect(
      gitHubCredentials(
        {
          GITHUB_ACTIONS: 'true',
          GITHUB_TOKEN: ghs,
          PND_GITHUB_APP_ID: '7',
          PND_GITHUB_APP_PRIVATE_KEY: PKCS8,
        },
        't',
      ).publisherIsActionsToken,
    ).toBeUndefined();
  });
});
