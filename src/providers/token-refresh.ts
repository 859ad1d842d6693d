import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { systemClock, type Clock } from '../core/clock.ts';

/** Renew this long before the token's expiry: MSAL's own renewal offset (5 minutes). */
export const REFRESH_BEFORE_MS = 5 * 60_000;

/**
 * A bearer token for one scope, asked of the credential again when it is within 5 minutes of its
 * expiry (or past the refresh time Entra suggested), so that a run of hours keeps working. For
 * the clients that do not take a TokenCredential themselves (Azure DevOps' fetch client, the
 * Kubernetes client); the ARM SDKs' bearer policy does the same on its own. Concurrent callers
 * share one renewal.
 */
export class RefreshingToken {
  readonly #credential: TokenCredential;
  readonly #scope: string;
  readonly #clock: Clock;
  #current?: AccessToken;
  #pending?: Promise<AccessToken>;

  constructor(credential: TokenCredential, scope: string, clock: Clock = systemClock) {
    this.#credential = credential;
    this.#scope = scope;
    this.#clock = clock;
  }

  async get(): Promise<string> {
    const now = this.#clock.now();
    const current = this.#current;
    const fresh =
      current &&
      now < current.expiresOnTimestamp - REFRESH_BEFORE_MS &&
      (current.refreshAfterTimestamp === undefined || now < current.refreshAfterTimestamp);
    if (fresh) return current.token;
    this.#pending ??= this.#renew().finally(() => (this.#pending = undefined));
    return (await this.#pending).token;
  }

  async #renew(): Promise<AccessToken> {
    const token = await this.#credential.getToken(this.#scope);
    if (!token) throw new Error(`The Azure credential returned no token for ${this.#scope}.`);
    this.#current = token;
    return token;
  }
}
