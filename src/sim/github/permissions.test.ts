import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../core/clock.ts';
import { Scheduler } from '../scheduler.ts';
import { World } from '../world.ts';
import { JWT_MESSAGES, verifyAppJwt } from './app-jwt.ts';
import { acceptedHeader, graphqlPermissions, permitted, routePermissions } from './permissions.ts';
import { gitHubScenarioSchema } from './scenario.ts';
import { GitHubStore } from './state/store.ts';

/** Routes called with the app's JWT, and GET /user (403 for every installation token). */
const NOT_FOR_INSTALLATIONS = new Set([
  'GET /app',
  'POST /app/installations/{installation_id}/access_tokens',
  'GET /repos/{owner}/{repo}/installation',
  'GET /orgs/{org}/installation',
  'GET /user',
]);

describe('permissions of installation tokens', () => {
  it('every operation the GitHub simulator serves (spec/github.json) has its permissions', () => {
    const spec = JSON.parse(readFileSync('spec/github.json', 'utf8')) as { paths: Record<string, object> };
    const operations = Object.entries(spec.paths).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((m) => ['get', 'post', 'patch', 'put', 'delete'].includes(m))
        .map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(operations.length).toBeGreaterThan(30);
    const missing = operations.filter((op) => {
      if (NOT_FOR_INSTALLATIONS.has(op)) return false;
      const [method, path] = op.split(' ') as [string, string];
      return routePermissions(method, path) === undefined;
    });
    expect(missing).toEqual([]);
  });

  it('matches GitHub’s header and its alternatives', () => {
    const issue = routePermissions('PATCH', '/repos/a/b/issues/7')!;
    expect(acceptedHeader(issue)).toBe('issues=write; pull_requests=write');
    expect(permitted({ pull_requests: 'write' }, issue)).toBe(true);
    expect(permitted({ issues: 'read' }, issue)).toBe(false);
    expect(permitted({ issues: 'admin' }, issue)).toBe(true);
    expect(permitted({}, routePermissions('GET', '/rate_limit')!)).toBe(true);
    expect(routePermissions('GET', '/user')).toBeUndefined();
    expect(
      graphqlPermissions(
        'query { repository(owner:"a", name:"b") { releases(first:1) { nodes { tagName } } } }',
      ),
    ).toEqual([{ contents: 'read' }]);
    expect(
      graphqlPermissions('mutation { updateProjectV2ItemFieldValue(input: {}) { projectV2Item { id } } }'),
    ).toEqual([{ organization_projects: 'write' }]);
  });
});

describe('GitHub App JWTs (simulator)', () => {
  const start = Date.parse('2027-03-01T08:00:00Z');
  const clock = new VirtualClock(start);
  const store = new GitHubStore(new World(clock, new Scheduler(clock)));
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const app = store.apps.seed(
    gitHubScenarioSchema.parse({
      apps: [
        {
          id: 77,
          slug: 'unit',
          publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
          installations: [{ id: 1, account: 'Northwind' }],
        },
      ],
    }).apps[0]!,
  );
  const now = Math.floor(start / 1000);
  const jwt = (claims: { iat: number; exp: number; iss?: string }, key = privateKey) =>
    new SignJWT({})
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuer(claims.iss ?? '77')
      .setIssuedAt(claims.iat)
      .setExpirationTime(claims.exp)
      .sign(key);

  it.each([
    ['accepted as auth-app makes it', { iat: now - 30, exp: now + 570 }, undefined],
    ['iat too far in the future', { iat: now + 120, exp: now + 600 }, JWT_MESSAGES.iat],
    ['exp more than 10 minutes on', { iat: now - 30, exp: now + 900 }, JWT_MESSAGES.expTooFar],
    ['expired', { iat: now - 700, exp: now - 100 }, JWT_MESSAGES.expired],
    ['an unknown app', { iat: now - 30, exp: now + 570, iss: '78' }, JWT_MESSAGES.undecodable],
  ])('%s', async (_name, claims, error) => {
    const result = await verifyAppJwt(store.apps, await jwt(claims), start);
    expect(result).toEqual(error ? { error } : { app });
  });

  it('refuses another key and a token that is no JWT', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    expect(
      await verifyAppJwt(store.apps, await jwt({ iat: now - 30, exp: now + 570 }, other), start),
    ).toEqual({
      error: JWT_MESSAGES.undecodable,
    });
    expect(await verifyAppJwt(store.apps, 'a.b.c', start)).toEqual({ error: JWT_MESSAGES.undecodable });
  });

  it('mints installation tokens that expire after the app’s lifetime', () => {
    const minted = store.apps.mint(app.installations[0]!);
    expect(minted.token).toMatch(/^ghs_[0-9A-Za-z]{36}$/);
    expect(minted.expiresAt - start).toBe(3_600_000);
    expect(store.tokens.get(minted.token)).toMatchObject({ login: 'unit[bot]', account: 'Northwind' });
  });
});
