import { createHash } from 'node:crypto';
import type { AzureDevOpsScenario, IdentityInput } from './scenario.ts';

/** An Azure DevOps identity (a person or a group) as the simulator knows it. */
export interface AdoIdentity {
  id: string;
  displayName: string;
  uniqueName: string;
  isContainer: boolean;
  /** uniqueNames of a group's members. */
  members: string[];
}

/** A GUID derived from a text, so a scenario's identities keep their ids from run to run. */
export function stableGuid(seed: string): string {
  const h = createHash('sha1').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Everyone the scenario names: token owners, other users and groups, looked up by uniqueName.
 * A name that no list defines becomes a person of that name, so short scenarios stay valid.
 */
export class Directory {
  readonly #byName = new Map<string, AdoIdentity>();
  readonly #byToken = new Map<string, AdoIdentity>();
  readonly #scopes = new Map<string, readonly string[]>();
  readonly defaultUser: AdoIdentity;

  constructor(scenario: AzureDevOpsScenario) {
    for (const { token, user, scopes } of scenario.tokens) {
      this.#byToken.set(token, this.#add(user, false, []));
      this.#scopes.set(token, scopes);
    }
    for (const user of scenario.users) this.#add(user, false, []);
    for (const group of scenario.groups) this.#add(group, true, group.members);
    this.defaultUser = [...this.#byToken.values()][0] ?? this.resolve('user@example.com');
  }

  #add(input: IdentityInput, isContainer: boolean, members: string[]): AdoIdentity {
    const key = input.uniqueName.toLowerCase();
    const existing = this.#byName.get(key);
    if (existing) return existing;
    const identity: AdoIdentity = {
      id: input.id ?? stableGuid(`ado-identity:${key}`),
      displayName: input.displayName,
      uniqueName: input.uniqueName,
      isContainer,
      members: members.map((m) => m.toLowerCase()),
    };
    this.#byName.set(key, identity);
    return identity;
  }

  byToken(token: string): AdoIdentity | undefined {
    return this.#byToken.get(token);
  }

  /** The PAT's scopes (full access when the scenario names none). */
  scopesOf(token: string): readonly string[] {
    return this.#scopes.get(token) ?? ['app_token'];
  }

  resolve(uniqueName: string): AdoIdentity {
    return (
      this.#byName.get(uniqueName.toLowerCase()) ??
      this.#add({ displayName: uniqueName.split('@')[0] ?? uniqueName, uniqueName }, false, [])
    );
  }

  /** Whether `who` is `approver` or a member of the approver group. */
  canActFor(who: AdoIdentity, approver: AdoIdentity): boolean {
    if (who.id === approver.id) return true;
    return approver.isContainer && approver.members.includes(who.uniqueName.toLowerCase());
  }

  /** assignedToFilter matches an identity's id, uniqueName or display name, as the service does. */
  matches(identity: AdoIdentity, filter: string, includeGroups: boolean): boolean {
    const f = filter.toLowerCase();
    const direct = [identity.id, identity.uniqueName, identity.displayName].some(
      (v) => v.toLowerCase() === f,
    );
    if (direct || !includeGroups || !identity.isContainer) return direct;
    return identity.members.some((m) => {
      const member = this.resolve(m);
      return [member.id, member.uniqueName, member.displayName].some((v) => v.toLowerCase() === f);
    });
  }
}

/** The IdentityRef wire shape (urls point at the real identity service; nothing follows them). */
export function identityRef(identity: AdoIdentity, organization: string): Record<string, unknown> {
  return {
    displayName: identity.displayName,
    url: `https://spsprodweu5.vssps.visualstudio.com/_apis/Identities/${identity.id}`,
    _links: {
      avatar: {
        href: `https://dev.azure.com/${organization}/_apis/GraphProfile/MemberAvatars/${identity.id}`,
      },
    },
    id: identity.id,
    uniqueName: identity.uniqueName,
    imageUrl: `https://dev.azure.com/${organization}/_api/_common/identityImage?id=${identity.id}`,
    ...(identity.isContainer ? { isContainer: true } : {}),
    descriptor: `${identity.isContainer ? 'vssgp' : 'aad'}.${Buffer.from(identity.id).toString('base64url')}`,
  };
}
