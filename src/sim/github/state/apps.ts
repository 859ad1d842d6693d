import { createHash, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { parseDuration } from '../../../core/duration.ts';
import type { ActionsTokenSeed, AppSeed } from '../scenario.ts';
import type { GitHubStore } from './store.ts';
import type { User } from './users.ts';

export type Permissions = Record<string, 'read' | 'write' | 'admin'>;

export interface Installation {
  id: number;
  account: User;
  app: App;
  createdAt: number;
}

export interface App {
  id: number;
  slug: string;
  name: string;
  owner: User;
  /** The key the app's JWTs are verified with. */
  publicKey: KeyObject;
  /** PEM (PKCS#8) of a key pair the simulator made; undefined when the scenario gave the public key. */
  privateKeyPem?: string;
  /**
   * Whether the simulator's key pair has been made yet: it is made on first use (a JWT to verify,
   * a client asking for the key), not at start, because most runs of a scenario never log in as
   * the app and an RSA key costs tens of milliseconds of CPU at every start.
   */
  readonly keyMade: boolean;
  permissions: Permissions;
  installations: Installation[];
  tokenLifetimeMs: number;
  createdAt: number;
}

/** The real app behind every Actions GITHUB_TOKEN. */
export const GITHUB_ACTIONS_APP = { id: 15368, slug: 'github-actions' };

/**
 * The GitHub Apps of a scenario, and the installation tokens they were given. A token is an entry
 * of the store's token table with an expiry and the app's permissions, so the profile checks it
 * like any other.
 */
export class Apps {
  readonly #store: GitHubStore;
  readonly byId = new Map<number, App>();
  /** Every installation token handed out, for the tests' secrets scan. */
  readonly minted: string[] = [];
  #minted = 0;

  constructor(store: GitHubStore) {
    this.#store = store;
  }

  seed(seed: AppSeed): App {
    const installs = seed.installations;
    const ownerLogin = seed.owner ?? installs[0]?.account ?? `${seed.slug}-owner`;
    const given = seed.publicKey ? createPublicKey(seed.publicKey) : undefined;
    // A key pair made for this run, so that no private key lives in the repository; clients get
    // it from the simulator's state directory (gitHubAppClientEnv).
    let pair: { publicKey: KeyObject; privateKeyPem: string } | undefined;
    const made = () => {
      if (!pair) {
        const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
        pair = {
          publicKey: keys.publicKey,
          privateKeyPem: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        };
      }
      return pair;
    };
    const now = this.#store.now();
    const app: App = {
      id: seed.id,
      slug: seed.slug,
      name: seed.name ?? seed.slug,
      owner: this.#store.users.ensure(ownerLogin, { type: 'Organization' }),
      get publicKey() {
        return given ?? made().publicKey;
      },
      get privateKeyPem() {
        return given ? undefined : made().privateKeyPem;
      },
      get keyMade() {
        return given !== undefined || pair !== undefined;
      },
      permissions: { metadata: 'read', ...seed.permissions },
      installations: [],
      tokenLifetimeMs: parseDuration(seed.tokenLifetime) ?? 3_600_000,
      createdAt: now - 30 * 86_400_000,
    };
    for (const i of installs) {
      app.installations.push({
        id: i.id,
        account: this.#store.users.ensure(i.account, { type: i.accountType }),
        app,
        createdAt: now - 7 * 86_400_000,
      });
    }
    // The bot the installation tokens act as; it may push where the app may write contents.
    const bot = this.#store.users.ensure(`${seed.slug}[bot]`, { type: 'Bot' });
    if (app.permissions['contents'] === 'write' || app.permissions['contents'] === 'admin')
      bot.push.push(...app.installations.map((i) => `${i.account.login}/*`));
    this.byId.set(app.id, app);
    return app;
  }

  installation(id: number): Installation | undefined {
    for (const app of this.byId.values()) {
      const found = app.installations.find((i) => i.id === id);
      if (found) return found;
    }
    return undefined;
  }

  /** The installation of `app` on the account `login` (case-insensitive), if any. */
  installationOn(app: App, login: string): Installation | undefined {
    return app.installations.find((i) => i.account.login.toLowerCase() === login.toLowerCase());
  }

  /** A new installation token (`ghs_` and 36 characters, as GitHub's), valid for the app's lifetime. */
  mint(installation: Installation, permissions?: Permissions): { token: string; expiresAt: number } {
    this.#minted++;
    const token = `ghs_${base62(`${installation.app.id}:${installation.id}:${this.#minted}`, 36)}`;
    const expiresAt = this.#store.now() + installation.app.tokenLifetimeMs;
    this.minted.push(token);
    this.#store.tokens.set(token, {
      login: `${installation.app.slug}[bot]`,
      limit: 5000,
      expiresAt,
      permissions: permissions ?? installation.app.permissions,
      account: installation.account.login,
    });
    return { token, expiresAt };
  }

  /** An Actions GITHUB_TOKEN of the scenario: the github-actions app's, scoped to one repository. */
  seedActionsToken(seed: ActionsTokenSeed): void {
    const bot = this.#store.users.ensure('github-actions[bot]');
    // contents: write lets the job's token see and publish drafts, as a pusher.
    if (seed.permissions['contents'] === 'write' && !bot.push.includes(seed.repository))
      bot.push.push(seed.repository);
    this.#store.tokens.set(seed.token, {
      login: 'github-actions[bot]',
      limit: 1000,
      permissions: { metadata: 'read', ...seed.permissions },
      account: seed.repository.split('/')[0]!,
      repository: seed.repository,
      actions: true,
    });
  }
}

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Deterministic base62 text of `length` characters from `seed`. */
function base62(seed: string, length: number): string {
  let out = '';
  let block = 0;
  while (out.length < length) {
    const digest = createHash('sha256').update(`${seed}:${block++}`).digest();
    for (const byte of digest) if (out.length < length) out += ALPHABET[byte % 62];
  }
  return out;
}
