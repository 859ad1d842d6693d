import type { World } from '../../world.ts';
import { nodeId } from '../node-id.ts';

export type AccountType = 'User' | 'Bot' | 'Organization';

export interface User {
  id: number;
  nodeId: string;
  login: string;
  name: string | null;
  type: AccountType;
  /** Repositories this account can push to: "owner/name" or "owner/*". */
  push: string[];
  createdAt: number;
}

/** The real ids of the bots pnd meets, so fixtures look like what GitHub returns. */
const KNOWN_IDS: Record<string, number> = {
  'renovate[bot]': 29139614,
  'dependabot[bot]': 49699333,
  'github-actions[bot]': 41898282,
};

/** Accounts by login (case-insensitive, as on GitHub). Logins seen anywhere are created on demand. */
export class Users {
  readonly #byLogin = new Map<string, User>();
  readonly #world: World;
  readonly #createdAt: number;

  constructor(world: World) {
    this.#world = world;
    this.#createdAt = Date.UTC(2015, 0, 1);
  }

  ensure(
    login: string,
    seed: { type?: AccountType; name?: string; id?: number; push?: string[] } = {},
  ): User {
    const existing = this.#byLogin.get(login.toLowerCase());
    if (existing) {
      if (seed.push) existing.push.push(...seed.push);
      if (seed.name) existing.name = seed.name;
      if (seed.type) existing.type = seed.type;
      return existing;
    }
    const type = seed.type ?? (login.endsWith('[bot]') ? 'Bot' : 'User');
    const id = seed.id ?? KNOWN_IDS[login] ?? this.#world.nextId('github.account', 100_001);
    this.#world.reserveId('github.account', id);
    const kind = type === 'Bot' ? 'BOT' : type === 'Organization' ? 'O' : 'U';
    const user: User = {
      id,
      nodeId: nodeId(kind, login.toLowerCase()),
      login,
      name: seed.name ?? null,
      type,
      push: [...(seed.push ?? [])],
      createdAt: this.#createdAt,
    };
    this.#byLogin.set(login.toLowerCase(), user);
    return user;
  }

  get(login: string): User | undefined {
    return this.#byLogin.get(login.toLowerCase());
  }

  all(): User[] {
    return [...this.#byLogin.values()];
  }
}

/** Whether `user` may push to `fullName` ("owner/name"); an organization's members are listed explicitly. */
export function canPush(user: User, fullName: string): boolean {
  const [owner] = fullName.split('/');
  const target = fullName.toLowerCase();
  return user.push.some((p) => {
    const pattern = p.toLowerCase();
    return pattern === target || pattern === `${owner!.toLowerCase()}/*`;
  });
}

/** GraphQL shows a bot's login without the "[bot]" suffix. */
export function graphqlLogin(user: User): string {
  return user.type === 'Bot' ? user.login.replace(/\[bot\]$/, '') : user.login;
}
