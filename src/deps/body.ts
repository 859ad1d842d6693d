import { writtenVersion, type VersionChange } from './version.ts';

/**
 * What the bots write in a pull request's body, where the title leaves something out: Renovate's
 * "This PR contains the following updates" table (with an Update column when it has several
 * kinds of update), Dependabot's "Bumps [x](...) from a to b" and "Updates `x` from a to b" lines,
 * and Dependabot's metadata footer (`update-type: version-update:semver-major`).
 */

export interface BodyUpdate {
  dependency: string;
  /** As the bot wrote them, operators included (`^8.12.0`); see writtenVersion. */
  from?: string;
  to?: string;
  /** Renovate's Update column: major, minor, patch, digest, pin, lockFileMaintenance, ... */
  kind?: string;
}

const CHANGE = /`([^`]+)`\s*(?:->|→)\s*`([^`]+)`/;

function cells(line: string): string[] {
  return line
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((c) => c.trim());
}

function linkText(cell: string): string {
  const link = /^\[([^\]]+)\]/.exec(cell);
  return (link ? link[1]! : cell).replace(/`/g, '').trim();
}

/** Rows of Renovate's update table, or [] when the body has none. */
export function renovateTable(body: string): BodyUpdate[] {
  const lines = body.split(/\r?\n/);
  const start = lines.findIndex((l) => /^\|\s*Package\s*\|/i.test(l.trim()));
  if (start < 0) return [];
  const header = cells(lines[start]!).map((h) => h.toLowerCase());
  const updateCol = header.indexOf('update');
  const changeCol = header.indexOf('change');
  const rows: BodyUpdate[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.trim().startsWith('|')) break;
    const row = cells(line);
    const change = CHANGE.exec(changeCol >= 0 ? (row[changeCol] ?? '') : line);
    rows.push({
      dependency: linkText(row[0] ?? ''),
      ...(change ? { from: writtenVersion(change[1]!), to: writtenVersion(change[2]!) } : {}),
      ...(updateCol >= 0 && row[updateCol] ? { kind: row[updateCol]!.toLowerCase() } : {}),
    });
  }
  return rows;
}

const BUMPS = /^Bumps \[([^\]]+)\]\([^)]*\) from (\S+) to (\S+?)\.?$/m;
const UPDATES = /^Updates `([^`]+)` from (\S+) to (\S+?)\.?$/gm;

/** Dependabot's per-dependency lines: one "Bumps" for a single update, "Updates" lines in groups. */
export function dependabotUpdates(body: string): BodyUpdate[] {
  const updates = [...body.matchAll(UPDATES)].map((m) => ({
    dependency: m[1]!,
    from: writtenVersion(m[2]!),
    to: writtenVersion(m[3]!),
  }));
  if (updates.length > 0) return dedupe(updates);
  const bump = BUMPS.exec(body);
  return bump ? [{ dependency: bump[1]!, from: writtenVersion(bump[2]!), to: writtenVersion(bump[3]!) }] : [];
}

function dedupe(updates: BodyUpdate[]): BodyUpdate[] {
  const seen = new Set<string>();
  return updates.filter((u) => {
    const key = `${u.dependency} ${u.from} ${u.to}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The update types in Dependabot's footer (`update-type: version-update:semver-minor`). */
export function dependabotFooterTypes(body: string): VersionChange[] {
  return [...body.matchAll(/update-type:\s*version-update:semver-(major|minor|patch)/g)].map(
    (m) => m[1] as VersionChange,
  );
}

/** Advisory identifiers a body cites (Renovate's vulnerability section, Dependabot's release notes). */
export function citesAdvisory(body: string): boolean {
  return /\b(?:CVE-\d{4}-\d{4,}|GHSA(?:-[0-9a-z]{4}){3})\b/i.test(body);
}
