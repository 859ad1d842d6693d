import type { World } from '../../world.ts';
import { nodeId } from '../node-id.ts';
import type { Project } from './projects.ts';
import { labelColor, type Label, type Repo } from './repos.ts';
import { Apps } from './apps.ts';
import { Users, type User } from './users.ts';

export interface TokenEntry {
  login: string;
  limit: number;
  /** When the token stops working (installation tokens); none for a PAT. */
  expiresAt?: number;
  /** Fine-grained permissions (installation and Actions tokens): checked per route. */
  permissions?: Record<string, 'read' | 'write' | 'admin'>;
  /** The account an installation token is scoped to. */
  account?: string;
  /** The one repository an Actions GITHUB_TOKEN is scoped to. */
  repository?: string;
  /** An Actions GITHUB_TOKEN: its events start no workflow run. */
  actions?: boolean;
}

/**
 * All GitHub state of one simulator. Families of resources live in their own files and take this
 * store; ids come from the world so that they are deterministic for a scenario.
 */
export class GitHubStore {
  readonly world: World;
  readonly users: Users;
  readonly tokens = new Map<string, TokenEntry>();
  readonly repos = new Map<string, Repo>();
  readonly projects: Project[] = [];
  readonly apps: Apps;

  constructor(world: World) {
    this.world = world;
    this.users = new Users(world);
    this.apps = new Apps(this);
  }

  now(): number {
    return this.world.clock.now();
  }

  /** Next id in a GitHub namespace, starting at a realistic magnitude. */
  id(namespace: string, start = 1): number {
    return this.world.nextId(`github.${namespace}`, start);
  }

  /** Uses a scenario's explicit id, or the next one; either way later ids stay unique. */
  idOr(namespace: string, explicit: number | undefined, start = 1): number {
    if (explicit === undefined) return this.id(namespace, start);
    this.world.reserveId(`github.${namespace}`, explicit);
    return explicit;
  }

  repo(owner: string, name: string): Repo | undefined {
    return this.repos.get(`${owner}/${name}`.toLowerCase());
  }

  repoByFullName(fullName: string): Repo | undefined {
    return this.repos.get(fullName.toLowerCase());
  }

  user(login: string): User {
    return this.users.ensure(login);
  }

  ensureLabel(repo: Repo, name: string): Label {
    const key = name.toLowerCase();
    let label = repo.labels.get(key);
    if (!label) {
      const id = this.id('label', 5_000_000_001);
      label = {
        id,
        nodeId: nodeId('LA', `${repo.fullName}:${key}`),
        name,
        color: labelColor(name),
        description: null,
      };
      repo.labels.set(key, label);
    }
    return label;
  }
}
