/**
 * Stable ids for checklist lines. A line with `<!-- pnd:step id=... -->` is that step; any other
 * line gets `h:<heading>/<heading>/<text>` from slugs of its headings and its text, so the same
 * line in next week's issue (rendered from the same template) gets the same id.
 */

const STEP_MARKER = /<!--[ \t]*pnd:step[ \t]+id=([^\s>]+?)[ \t]*-->/;
const STEP_MARKER_ALL = new RegExp(STEP_MARKER.source, 'g');

/** The id of the line's step marker, if it has one. */
export function stepMarkerId(text: string): string | undefined {
  return STEP_MARKER.exec(text)?.[1];
}

export function withoutStepMarker(text: string): string {
  return text.replace(STEP_MARKER_ALL, '');
}

/** The hidden marker pnd puts at the end of a step's line. */
export function stepMarker(id: string): string {
  return `<!-- pnd:step id=${id} -->`;
}

const MAX_HEADING_SLUG = 32;
const MAX_TEXT_SLUG = 48;

function truncateSlug(slug: string, max: number): string {
  if (slug.length <= max) return slug;
  const cut = slug.slice(0, max);
  const dash = cut.lastIndexOf('-');
  // Cut at a word boundary unless that throws away most of the slug.
  return dash > max / 2 ? cut.slice(0, dash) : cut;
}

/**
 * What a reader sees of a line of Markdown, as a slug: link and emphasis syntax, footnote
 * references, images, HTML and comments dropped; lower case; letters and digits of any script
 * kept, everything else a single dash.
 */
export function slugify(markdown: string, max = MAX_TEXT_SLUG): string {
  const visible = markdown
    .replace(/<!--[\s\S]*?(?:-->|$)/g, ' ')
    .replace(/!\[[^\]]*\]\((?:[^()]|\([^()]*\))*\)/g, ' ')
    .replace(/\[\^[^\]]*\]/g, ' ')
    .replace(/\[([^\]]*)\]\((?:[^()]|\([^()]*\))*\)/g, '$1')
    .replace(/\[([^\]]*)\]\[[^\]]*\]/g, '$1')
    .replace(/\[([^\]]*)\]/g, '$1')
    .replace(/<\/?[A-Za-z][^>]*>/g, ' ');
  const slug = visible
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  return truncateSlug(slug, max);
}

/** The id of a line without a marker, before collisions are numbered. */
export function derivedId(headingPath: readonly string[], text: string): string {
  const headings = headingPath.map((heading) => slugify(heading, MAX_HEADING_SLUG)).filter((s) => s !== '');
  return `h:${[...headings, slugify(text) || 'item'].join('/')}`;
}

/**
 * Makes ids unique: marker ids are claimed first, so a marked line always keeps its exact id;
 * then repeats get `-2`, `-3`, ... in document order.
 */
export function assignIds(candidates: ReadonlyArray<{ base: string; marked: boolean }>): string[] {
  const used = new Set<string>();
  const ids: Array<string | undefined> = candidates.map(({ base, marked }) => {
    if (!marked || used.has(base)) return undefined;
    used.add(base);
    return base;
  });
  return candidates.map(({ base }, index) => {
    const claimed = ids[index];
    if (claimed !== undefined) return claimed;
    let id = base;
    for (let n = 2; used.has(id); n += 1) id = `${base}-${n}`;
    used.add(id);
    return id;
  });
}
