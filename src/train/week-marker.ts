import { createHash } from 'node:crypto';

/**
 * The hidden markers pnd writes into the weekly issue. The week marker is the identity
 * (titles repeat every year); the rendered marker lets pnd tell later whether anyone changed the
 * body since pnd wrote it.
 */
export function weekMarker(week: string, team: string): string {
  return `<!-- pnd:week=${week} team=${team} -->`;
}

const RENDERED = /\n?<!-- pnd:rendered sha256=([0-9a-f]{64}) -->[ \t]*(?:\r?\n)?$/;

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Appends the rendered marker: a hash of everything above it. */
export function sealBody(body: string): string {
  return `${body}\n<!-- pnd:rendered sha256=${digest(body)} -->\n`;
}

/** The body without the rendered marker, and whether it is still exactly what pnd wrote. */
export function unsealBody(body: string): { content: string; untouched: boolean } {
  const match = RENDERED.exec(body);
  if (!match) return { content: body, untouched: false };
  const content = body.slice(0, match.index);
  return { content, untouched: digest(content) === match[1] };
}
