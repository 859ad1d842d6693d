// Image tags against versions: shared by every check kind that reads a running image (pods,
// Container App revisions), so it lives in the vendor-neutral engine.

/** The tag of an image reference: `repo/name:tag@sha256:…` → `tag`; undefined without one. */
export function imageTag(image: string | undefined): string | undefined {
  if (!image) return undefined;
  const withoutDigest = image.split('@')[0]!;
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  return colon > slash ? withoutDigest.slice(colon + 1) : undefined;
}

const SHA = /^[0-9a-f]{7,40}$/i;

/**
 * Does a tag carry the expected version? Exactly equal; or, for commit SHAs, one abbreviating the
 * other (tags are often the 7- or 12-character short SHA of the commit the release names).
 */
export function tagMatches(tag: string | undefined, version: string): boolean {
  if (tag === undefined) return false;
  if (tag === version) return true;
  if (SHA.test(tag) && SHA.test(version)) {
    const [short, long] = tag.length <= version.length ? [tag, version] : [version, tag];
    return long.toLowerCase().startsWith(short.toLowerCase());
  }
  return false;
}
