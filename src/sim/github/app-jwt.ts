import type { App, Apps } from './state/apps.ts';

/**
 * GitHub's check of a GitHub App's JWT (RS256, `iss` = App ID, `iat`/`exp` in seconds), with
 * GitHub's limits and its 401 messages, on the simulator's virtual clock. The messages are the
 * ones @octokit/auth-app recognises to retry with the server's time (its hook.js), so a client
 * whose clock is off recovers as it does against GitHub.
 * https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/generating-a-json-web-token-jwt-for-a-github-app
 */

/** How far in the future `iat` may be (GitHub tolerates small clock drift). */
const IAT_SKEW_SECONDS = 60;
/** `exp` may be at most 10 minutes after `iat` (and after now). */
const MAX_LIFETIME_SECONDS = 600;

export const JWT_MESSAGES = {
  undecodable: 'A JSON web token could not be decoded',
  iat: "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued.",
  expTooFar: "'Expiration time' claim ('exp') is too far in the future",
  expired:
    "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires.",
  notFound: 'Integration not found',
} as const;

/** Three base64url segments: what a JWT looks like (installation tokens and PATs never do). */
export function looksLikeJwt(token: string): boolean {
  return /^[\w-]+\.[\w-]+\.[\w-]+$/.test(token);
}

export async function verifyAppJwt(
  apps: Apps,
  jwt: string,
  nowMs: number,
): Promise<{ app: App } | { error: string }> {
  // Loaded on the first App JWT: most scenarios have no GitHub App (see entra/directory.ts).
  const { compactVerify, decodeJwt, decodeProtectedHeader } = await import('jose');
  let iss: unknown;
  try {
    if (decodeProtectedHeader(jwt).alg !== 'RS256') return { error: JWT_MESSAGES.undecodable };
    iss = decodeJwt(jwt).iss;
  } catch {
    return { error: JWT_MESSAGES.undecodable };
  }
  const app = apps.byId.get(Number(iss));
  if (!app) return { error: JWT_MESSAGES.undecodable };
  let claims: { iat?: unknown; exp?: unknown };
  try {
    // Signature only: the time claims are checked below against the virtual clock, with GitHub's words.
    const { payload } = await compactVerify(jwt, app.publicKey, { algorithms: ['RS256'] });
    claims = JSON.parse(new TextDecoder().decode(payload)) as typeof claims;
  } catch {
    return { error: JWT_MESSAGES.undecodable };
  }
  const now = Math.floor(nowMs / 1000);
  const { iat, exp } = claims;
  if (!Number.isInteger(iat) || (iat as number) > now + IAT_SKEW_SECONDS) return { error: JWT_MESSAGES.iat };
  if (!Number.isInteger(exp) || (exp as number) <= now) return { error: JWT_MESSAGES.expired };
  if (
    (exp as number) - (iat as number) > MAX_LIFETIME_SECONDS ||
    (exp as number) > now + MAX_LIFETIME_SECONDS
  )
    return { error: JWT_MESSAGES.expTooFar };
  return { app };
}
