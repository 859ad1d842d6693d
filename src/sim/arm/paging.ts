import type { SimRequest } from '../types.ts';

/**
 * ARM paging: a list answers at most a page and a `nextLink` that repeats the query with an
 * opaque `$skiptoken`. The simulator's token is the base64url of the next offset.
 */
export function readSkipToken(query: URLSearchParams): number | undefined {
  const token = query.get('$skiptoken') ?? query.get('$skipToken');
  if (token === null) return 0;
  const offset = Number(Buffer.from(token, 'base64url').toString('utf8'));
  return Number.isInteger(offset) && offset >= 0 ? offset : undefined;
}

export function nextLink(req: SimRequest, base: string, offset: number): string {
  const next = new URL(`${base}${req.path}`);
  for (const [key, value] of req.query)
    if (key !== '$skiptoken' && key !== '$skipToken') next.searchParams.append(key, value);
  next.searchParams.set('$skiptoken', Buffer.from(String(offset)).toString('base64url'));
  return next.toString();
}
