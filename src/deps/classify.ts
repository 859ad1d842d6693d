import {
  citesAdvisory,
  dependabotFooterTypes,
  dependabotUpdates,
  renovateTable,
  type BodyUpdate,
} from './body.ts';
import {
  changeFromTarget,
  cleanVersion,
  isDigest,
  largestChange,
  requirementOf,
  versionChange,
  writtenVersion,
  type Requirement,
  type VersionChange,
} from './version.ts';

/**
 * What a dependency bot's pull request updates, read from its title first (the part people see)
 * and its body where the title leaves something out. Covers the title formats Renovate and
 * Dependabot use by default and with semantic-commit prefixes; see docs/patch-day.md.
 */

export type UpdateType = 'major' | 'minor' | 'patch' | 'digest' | 'pin' | 'lockfile' | 'group' | 'unknown';
export type SingleUpdateType = Exclude<UpdateType, 'group' | 'unknown'>;

export interface Classification {
  updateType: UpdateType;
  /** The dependency, or the group's name; null when the title names neither. */
  dependency: string | null;
  /** As the bot wrote them, without a leading "v": `^8.12.0`, `~> 1.56`, `1.2.3`. */
  from: string | null;
  to: string | null;
  /**
   * What the new requirement allows: `range` (`^9.0.0`, `~> 1.57`), `pin` (one version: `= 1.65.0`,
   * or a pin update), null when the bot wrote bare versions and does not say.
   */
  requirement: Requirement | null;
  security: boolean;
  /** For a group: its largest update when the title or body tells ("non-major" = minor at most). */
  groupMax: SingleUpdateType | null;
}

export interface PullText {
  title: string;
  body?: string;
  labels?: string[];
}

interface Title {
  text: string;
  security: boolean;
  /** Renovate's "(major)" suffix. */
  major: boolean;
}

const PREFIX = /^[a-z][\w-]*(?:\([^)]*\))?!?:\s+/i;
const DECORATION = /^(?::[a-z0-9_+-]+:|\p{Extended_Pictographic}|\uFE0F|\u200D)\s*/iu;

/** The title without decoration: conventional-commit prefix, emoji, Renovate's and Dependabot's suffixes. */
export function normaliseTitle(raw: string): Title {
  let text = raw.trim();
  let security = false;
  let major = false;
  for (let changed = true; changed;) {
    const before = text;
    text = text.replace(DECORATION, '').replace(PREFIX, '');
    if (/^\[security\]\s*/i.test(text)) {
      security = true;
      text = text.replace(/^\[security\]\s*/i, '');
    }
    if (/\s*\[security\]$/i.test(text)) {
      security = true;
      text = text.replace(/\s*\[security\]$/i, '');
    }
    if (/\s+\(major\)$/i.test(text)) {
      major = true;
      text = text.replace(/\s+\(major\)$/i, '');
    }
    text = text
      .replace(/\s+-\s+(?:autoclosed|abandoned)$/i, '')
      .replace(/\s+\(#\d+\)$/, '')
      .trim();
    changed = text !== before;
  }
  return { text, security, major };
}

const KIND_WORDS =
  /^(?:dependency|devdependency|dev dependency|peer dependency|module|package|plugin|rust crate|crate|gem|helm release|terraform|image)\s+/i;
const KIND_SUFFIX =
  /\s+(?:docker tag|docker image|docker digest|action|actions|orb|image|helm release|module)$/i;

function dependencyName(raw: string): string {
  return raw.trim().replace(KIND_WORDS, '').replace(KIND_SUFFIX, '').trim();
}

function result(partial: Partial<Classification> & { updateType: UpdateType }): Classification {
  return {
    dependency: null,
    from: null,
    to: null,
    requirement: partial.updateType === 'pin' ? 'pin' : null,
    security: false,
    groupMax: null,
    ...partial,
  };
}

/**
 * One dependency's update. `from` and `to` are kept as the bot wrote them (operators and all, a
 * leading "v" aside); the update type is computed on the bare versions by the caller.
 */
function single(
  dependency: string,
  from: string | null,
  to: string | null,
  type: UpdateType,
): Classification {
  const written = (v: string | null) => (v === null ? null : writtenVersion(v));
  const requirement =
    requirementOf(written(to)) ?? requirementOf(written(from)) ?? (type === 'pin' ? 'pin' : null);
  return result({ updateType: type, dependency, from: written(from), to: written(to), requirement });
}

const UPDATE_KINDS: Record<string, SingleUpdateType> = {
  major: 'major',
  minor: 'minor',
  patch: 'patch',
  digest: 'digest',
  pin: 'pin',
  pindigest: 'pin',
  lockfilemaintenance: 'lockfile',
  lockfileupdate: 'lockfile',
};

const RANK: Record<SingleUpdateType, number> = {
  lockfile: 0,
  pin: 1,
  digest: 2,
  patch: 3,
  minor: 4,
  major: 5,
};

function largest(types: SingleUpdateType[]): SingleUpdateType | null {
  let best: SingleUpdateType | null = null;
  for (const t of types) if (!best || RANK[t] > RANK[best]) best = t;
  return best;
}

/** The type of one body row: Renovate's Update column, else the versions. */
function rowType(row: BodyUpdate): SingleUpdateType | undefined {
  const kind = row.kind ? UPDATE_KINDS[row.kind.replace(/[^a-z]/g, '')] : undefined;
  if (kind) return kind;
  if (row.from && row.to) {
    if (isDigest(row.from) && isDigest(row.to)) return 'digest';
    return versionChange(row.from, row.to);
  }
  return undefined;
}

function bodyRows(body: string): BodyUpdate[] {
  const table = renovateTable(body);
  return table.length > 0 ? table : dependabotUpdates(body);
}

/** A dependency moved from one version to another ("Bump x from a to b"). */
function fromTo(dependency: string, fromRaw: string, toRaw: string): Classification {
  const from = cleanVersion(fromRaw);
  const to = cleanVersion(toRaw);
  if (isDigest(from) && isDigest(to)) return single(dependency, fromRaw, toRaw, 'digest');
  return single(dependency, fromRaw, toRaw, versionChange(from, to) ?? 'unknown');
}

/** A Renovate update known by its target ("Update dependency x to v1.2.3"), refined by the body. */
function toTarget(dependency: string, toRaw: string, title: Title, body: string): Classification {
  const to = cleanVersion(toRaw);
  const rows = bodyRows(body);
  const bareTo = (v: string) => cleanVersion(v).replace(/^v(?=\d)/i, '');
  const row = rows.length === 1 ? rows[0] : rows.find((r) => r.to && bareTo(r.to) === bareTo(to));
  const known = row ? rowType(row) : undefined;
  const from = row?.from ?? null;
  if (isDigest(to)) return single(dependency, from, to, 'digest');
  if (known) return single(dependency, from, row?.to ?? to, known);
  if (title.major) return single(dependency, from, to, 'major');
  return single(dependency, from, to, changeFromTarget(to) ?? 'unknown');
}

/** A group: its largest update from the body when listed there, else from the title's words. */
function group(name: string | null, body: string, fromTitle: SingleUpdateType | null): Classification {
  const types = bodyRows(body)
    .map(rowType)
    .filter((t): t is SingleUpdateType => t !== undefined);
  const footer = dependabotFooterTypes(body);
  const inBody = largest([...types, ...footer]);
  return result({ updateType: 'group', dependency: name, groupMax: inBody ?? fromTitle });
}

type Rule = (m: RegExpExecArray, title: Title, body: string) => Classification;

const RULES: [RegExp, Rule][] = [
  [/^(?:lock ?file maintenance|update lock ?files?)$/i, () => result({ updateType: 'lockfile' })],
  [
    /^pin dependencies$/i,
    // Several pins, but no group: updateType 'pin' decides, and groupMax stays null (documented).
    () => result({ updateType: 'pin' }),
  ],
  [/^pin (.+?) to (\S+)$/i, (m) => single(dependencyName(m[1]!), null, cleanVersion(m[2]!), 'pin')],
  [
    /^update (.+?) (?:docker )?digest to (\S+)$/i,
    (m, _t, body) => {
      const row = bodyRows(body)[0];
      return single(dependencyName(m[1]!), row?.from ?? null, cleanVersion(m[2]!), 'digest');
    },
  ],
  [
    /^update all (non-major )?(?:(?:dev |development )?dependencies|updates)$/i,
    (m, _t, body) => group(m[0], body, m[1] ? 'minor' : null),
  ],
  // Dependabot groups: "Bump the nuget group with 3 updates", "... across 2 directories with 5 updates".
  [
    /^bump the (\S+) group(?: in \S+)?(?: across \d+ director(?:y|ies))? with \d+ updates?$/i,
    (m, _t, body) => group(m[1]!, body, null),
  ],
  // A group of one: "Bump x from a to b in /dir in the npm_and_yarn group across 1 directory".
  [
    /^bump (\S+) from (\S+) to (\S+?)(?: in \S+)? in the \S+ group(?: across \d+ director(?:y|ies))?$/i,
    (m) => fromTo(m[1]!, m[2]!, m[3]!),
  ],
  [/^bump (\S+) from (\S+) to (\S+?)(?: in \S+)?$/i, (m) => fromTo(m[1]!, m[2]!, m[3]!)],
  [/^update (\S+) requirement from (.+?) to (.+?)(?: in \S+)?$/i, (m) => fromTo(m[1]!, m[2]!, m[3]!)],
  // Dependabot updating several dependencies together: "Bump x and y", "Bump x, y and z".
  [/^bump (\S+(?:, \S+)* and \S+)(?: in \S+)?$/i, (m, _t, body) => group(m[1]!, body, null)],
  // Dependabot's security updates name only the dependency: "Bump cross-spawn in /app".
  [
    /^bump (\S+)(?: in \S+)?$/i,
    (m, _t, body) => {
      const row = dependabotUpdates(body).find((u) => u.dependency === m[1]) ?? dependabotUpdates(body)[0];
      if (row?.from && row.to) return fromTo(m[1]!, row.from, row.to);
      const footer = largestChange(dependabotFooterTypes(body));
      return single(m[1]!, null, null, footer ?? 'unknown');
    },
  ],
  [/^(?:unlock and )?update (.+?) from (\S+) to (\S+)$/i, (m) => fromTo(dependencyName(m[1]!), m[2]!, m[3]!)],
  [
    /^(?:unlock and )?update (.+?) to (\S+)$/i,
    (m, title, body) => toTarget(dependencyName(m[1]!), m[2]!, title, body),
  ],
  // A Renovate group by name without a single target: "Update dotnet monorepo", "update github-actions".
  [/^update (.+)$/i, (m, _t, body) => group(dependencyName(m[1]!), body, null)],
];

export function classify(pull: PullText): Classification {
  const title = normaliseTitle(pull.title);
  const body = pull.body ?? '';
  const security =
    title.security ||
    (pull.labels ?? []).some((l) => /^security$|vulnerab/i.test(l.trim())) ||
    citesAdvisory(body);
  for (const [pattern, rule] of RULES) {
    const match = pattern.exec(title.text);
    if (match) return { ...rule(match, title, body), security };
  }
  return result({ updateType: 'unknown', security });
}

export type { VersionChange };
