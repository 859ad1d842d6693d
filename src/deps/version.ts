/**
 * Version arithmetic for dependency-bot titles: which position of a version changed. Kept apart
 * from the title grammar so the property tests can drive it directly.
 */

export type VersionChange = 'major' | 'minor' | 'patch';

const HEX_DIGEST = /^[0-9a-f]{7,64}$/;
const OPERATORS = /^(?:[~^=<>!]+|~>)\s*/;

/** A bare version from a title fragment: without backticks, a leading "v" or range operators. */
export function cleanVersion(raw: string): string {
  let v = raw
    .trim()
    .replace(/^`|`$/g, '')
    .replace(/[.,;:]+$/, '');
  while (OPERATORS.test(v)) v = v.replace(OPERATORS, '');
  return v;
}

/**
 * A version or requirement as the bot wrote it, for people: backticks, trailing punctuation and a
 * leading "v" go; range operators stay ("^9.0.0", "~> 1.57", "= 1.65.0"), since they say what the
 * manifest allows.
 */
export function writtenVersion(raw: string): string {
  return (
    raw
      .trim()
      .replace(/^`|`$/g, '')
      .replace(/[.,;:]+$/, '')
      // "v1.2.3", also after an operator ("^v1.2.3").
      .replace(/^([~^=<>!]*\s*)v(?=\d)/i, '$1')
      .replace(/\s+/g, ' ')
  );
}

/**
 * What a requirement allows: `range` (an operator or wildcard lets the version move: ^, ~, ~>,
 * >=, <, x, *, ||), `pin` (one version, written with = or ==), or null for a bare version, where
 * the bot does not say which the manifest holds.
 */
export type Requirement = 'range' | 'pin';

export function requirementOf(written: string | null): Requirement | null {
  if (written === null) return null;
  const v = written.trim();
  if (/^==?\s*\d/.test(v)) return 'pin';
  if (/^(?:\^|~>?|>=?|<=?|!=)/.test(v) || /\|\||\s-\s|(?:^|\.)[xX*](?:$|\.)/.test(v)) return 'range';
  return null;
}

/** Whether a value is a commit or image digest rather than a version ("b4ffde6", "sha256:..."). */
export function isDigest(raw: string): boolean {
  const v = cleanVersion(raw).replace(/^sha256:/, '');
  return HEX_DIGEST.test(v) && /[a-f]/.test(v);
}

/** The numeric release parts of a version: "v8.0.10" -> [8, 0, 10]; prerelease and build ignored. */
export function releaseParts(raw: string): number[] | undefined {
  const v = cleanVersion(raw).replace(/^v(?=\d)/i, '');
  const match = /^(\d+(?:\.\d+)*)/.exec(v);
  if (!match) return undefined;
  return match[1]!.split('.').map(Number);
}

/**
 * The change from one version to another by the first release part that differs (0.x included,
 * as Renovate and Dependabot count it). Equal release parts (only a prerelease or build changed)
 * count as a patch. Undefined when either side is not a version.
 */
export function versionChange(from: string, to: string): VersionChange | undefined {
  const a = releaseParts(from);
  const b = releaseParts(to);
  if (!a || !b) return undefined;
  const length = Math.max(a.length, b.length, 3);
  for (let i = 0; i < length; i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return i === 0 ? 'major' : i === 1 ? 'minor' : 'patch';
  }
  return 'patch';
}

/**
 * The change of a non-major update known only by its target, as Renovate titles it: Renovate
 * names a major update by its major alone ("to v9"), every other update by the full version. With
 * the minor at 0 and a later part set ("v6.0.3") only a patch can lead there; with the later parts
 * at 0 ("v2.20.0") only a minor; otherwise ("v1.3.1") either, and the larger is reported.
 */
export function changeFromTarget(to: string): VersionChange | undefined {
  const parts = releaseParts(to);
  if (!parts) return undefined;
  if (parts.length === 1) return 'major';
  const minor = parts[1] ?? 0;
  const rest = parts.slice(2).some((p) => p > 0);
  if (minor === 0 && rest) return 'patch';
  return 'minor';
}

const RANK: Record<VersionChange, number> = { patch: 1, minor: 2, major: 3 };

export function largestChange(changes: VersionChange[]): VersionChange | undefined {
  let best: VersionChange | undefined;
  for (const c of changes) if (!best || RANK[c] > RANK[best]) best = c;
  return best;
}
