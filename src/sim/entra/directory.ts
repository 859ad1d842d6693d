import type { CryptoKey, JWK } from 'jose';
import { parseDuration } from '../../core/duration.ts';
import type { World } from '../world.ts';
import type { EntraApplication, EntraScenario } from './scenario.ts';

/**
 * jose, loaded when the first token is signed or checked: a simulator whose clients never sign in
 * to Entra ID (a GitHub-only scenario) does not keep it in its heap (~0.7 MB).
 */
const loadJose = () => import('jose');

/** Who an accepted Entra access token was issued to, as a vendor sees it. */
export interface EntraCaller {
  clientId: string;
  displayName: string;
  /** The service principal's Azure DevOps uniqueName. */
  azureDevOpsUser: string;
}

/** Why a bearer token was not accepted: expired, or for another resource. Unknown: not ours. */
export type TokenCheck =
  | { ok: true; caller: EntraCaller }
  | { ok: false; reason: 'expired'; expiredAt: number }
  | { ok: false; reason: 'audience'; audience: string }
  | undefined;

interface Issued {
  audience: string;
  expiresAt: number;
  caller: EntraCaller;
}

/** The application ids (audiences) of the resources pnd asks Entra for. */
export const ENTRA_RESOURCES = {
  arm: 'https://management.azure.com',
  azureDevOps: '499b84ac-1321-427f-aa17-267ca6975798',
  /** The AKS AAD server application, the same in every tenant. */
  aks: '6dae42f8-4368-4678-94ff-3960e28e3630',
} as const;

/**
 * The simulated Entra ID tenant and the GitHub Actions OIDC issuer: signing keys, the
 * applications of the scenario, and every access token issued, so that ARM, Azure DevOps and the
 * API servers can accept a token on the virtual clock without a network round trip. (Real
 * resources validate the signature against the tenant's keys; the sim keeps the table instead
 * because `authenticate` is synchronous — the tokens are still signed JWTs a client can decode.)
 */
export class EntraDirectory {
  readonly scenario: EntraScenario;
  readonly #world: World;
  readonly #issued = new Map<string, Issued>();
  #keys?: Promise<{ privateKey: CryptoKey; jwk: JWK }>;

  constructor(world: World, scenario: EntraScenario) {
    this.#world = world;
    this.scenario = scenario;
  }

  get tenantId(): string {
    return this.scenario.tenantId;
  }

  application(clientId: string): EntraApplication | undefined {
    return this.scenario.applications.find((a) => a.clientId.toLowerCase() === clientId.toLowerCase());
  }

  /** One RSA key for both issuers, made on first use (a few ms). */
  async #signingKeys(): Promise<{ privateKey: CryptoKey; jwk: JWK }> {
    this.#keys ??= (async () => {
      const { exportJWK, generateKeyPair } = await loadJose();
      const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
      const jwk = { ...(await exportJWK(publicKey)), kid: 'pnd-sim-1', use: 'sig', alg: 'RS256' };
      return { privateKey, jwk };
    })();
    return this.#keys;
  }

  async jwks(): Promise<{ keys: JWK[] }> {
    return { keys: [(await this.#signingKeys()).jwk] };
  }

  async #sign(claims: Record<string, unknown>, lifetimeMs: number): Promise<{ token: string; exp: number }> {
    const { privateKey } = await this.#signingKeys();
    const { SignJWT } = await loadJose();
    const now = Math.floor(this.#world.clock.now() / 1000);
    const exp = now + Math.floor(lifetimeMs / 1000);
    const token = await new SignJWT({ ...claims, iat: now, nbf: now, exp })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: 'pnd-sim-1' })
      .sign(privateKey);
    return { token, exp };
  }

  /** An access token for `resource`, valid for the scenario's lifetime on the virtual clock. */
  async issueAccessToken(app: EntraApplication, resource: string, issuerBase: string) {
    const lifetimeMs = parseDuration(this.scenario.tokenLifetime) ?? 3_600_000;
    const { token, exp } = await this.#sign(
      {
        aud: resource,
        iss: `${issuerBase}/${this.tenantId}/`,
        appid: app.clientId,
        azp: app.clientId,
        oid: app.clientId,
        sub: app.clientId,
        tid: this.tenantId,
        ver: '1.0',
      },
      lifetimeMs,
    );
    this.#issued.set(token, {
      audience: resource,
      expiresAt: exp * 1000,
      caller: {
        clientId: app.clientId,
        displayName: app.displayName,
        azureDevOpsUser: app.azureDevOpsUser ?? app.clientId,
      },
    });
    return { token, expiresInSeconds: Math.floor(lifetimeMs / 1000) };
  }

  /** A GitHub Actions OIDC token (claims per GitHub's "About security hardening with OpenID Connect"). */
  async issueActionsToken(audience: string, issuer: string): Promise<string> {
    const oidc = this.scenario.actionsOidc;
    const [owner] = oidc.repository.split('/');
    const subject = oidc.environment
      ? `repo:${oidc.repository}:environment:${oidc.environment}`
      : `repo:${oidc.repository}:ref:${oidc.ref}`;
    const { token } = await this.#sign(
      {
        iss: issuer,
        aud: audience,
        sub: subject,
        repository: oidc.repository,
        repository_owner: owner,
        ref: oidc.ref,
        ...(oidc.environment ? { environment: oidc.environment } : {}),
        event_name: 'workflow_dispatch',
        runner_environment: 'github-hosted',
        jti: `sim-${this.#world.nextId('actions-oidc')}`,
      },
      parseDuration(oidc.tokenLifetime) ?? 300_000,
    );
    return token;
  }

  /**
   * Checks a client assertion against the application's federated credentials: signature by the
   * simulator's key (its JWKS), issuer, subject and audience as declared, not expired on the
   * virtual clock. Returns the AADSTS error text when refused.
   */
  async verifyAssertion(
    app: EntraApplication,
    assertion: string,
    defaultIssuer: string,
  ): Promise<{ ok: true } | { ok: false; code: number; message: string }> {
    let payload: Record<string, unknown>;
    const { createLocalJWKSet, jwtVerify } = await loadJose();
    try {
      ({ payload } = await jwtVerify(assertion, createLocalJWKSet(await this.jwks()), {
        currentDate: new Date(this.#world.clock.now()),
      }));
    } catch (error) {
      const expired = (error as { code?: string }).code === 'ERR_JWT_EXPIRED';
      return expired
        ? {
            ok: false,
            code: 700024,
            message: 'AADSTS700024: Client assertion is not within its valid time range.',
          }
        : {
            ok: false,
            code: 50027,
            message: 'AADSTS50027: JWT token is invalid or malformed.',
          };
    }
    const match = app.federatedCredentials.find(
      (f) =>
        (f.issuer ?? defaultIssuer) === payload.iss &&
        f.subject === payload.sub &&
        (Array.isArray(payload.aud) ? payload.aud.includes(f.audience) : payload.aud === f.audience),
    );
    if (match) return { ok: true };
    return {
      ok: false,
      code: 70021,
      message: `AADSTS70021: No matching federated identity record found for presented assertion. Assertion Issuer: '${String(payload.iss)}'. Assertion Subject: '${String(payload.sub)}'. Assertion Audience: '${String(payload.aud)}'.`,
    };
  }

  /** Every access token issued so far (the tests' secrets scan looks for them in what pnd wrote). */
  issuedTokens(): string[] {
    return [...this.#issued.keys()];
  }

  /** Whether `token` is an unexpired access token of this tenant for one of `audiences`. */
  check(token: string, audiences: readonly string[]): TokenCheck {
    const issued = this.#issued.get(token);
    if (!issued) return undefined;
    const norm = (a: string) => a.replace(/\/+$/, '').toLowerCase();
    if (!audiences.some((a) => norm(a) === norm(issued.audience)))
      return { ok: false, reason: 'audience', audience: issued.audience };
    if (this.#world.clock.now() >= issued.expiresAt)
      return { ok: false, reason: 'expired', expiredAt: issued.expiresAt };
    return { ok: true, caller: issued.caller };
  }
}
