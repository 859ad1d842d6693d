import type { SimRequest } from '../types.ts';

export interface Page<T> {
  items: T[];
  /** The `link` header, absent when everything fits on one page (as on GitHub). */
  headers: Record<string, string>;
}

/** `per_page` (default 30, capped at 100 as GitHub does silently) and `page` (from 1). */
export function pageParams(req: SimRequest): { perPage: number; page: number } {
  const perRaw = Number.parseInt(req.query.get('per_page') ?? '', 10);
  const pageRaw = Number.parseInt(req.query.get('page') ?? '', 10);
  const perPage = Number.isFinite(perRaw) && perRaw > 0 ? Math.min(perRaw, 100) : 30;
  const page = Number.isFinite(pageRaw) && pageRaw > 0 ? pageRaw : 1;
  return { perPage, page };
}

/** Slices `all` like GitHub and builds the `link` header from the request's own URL. */
export function paginate<T>(req: SimRequest, all: T[], maxResults = Infinity): Page<T> {
  const { perPage, page } = pageParams(req);
  const total = Math.min(all.length, maxResults);
  const lastPage = Math.max(1, Math.ceil(total / perPage));
  const items = all.slice((page - 1) * perPage, Math.min(page * perPage, total));
  const headers: Record<string, string> = {};
  if (lastPage > 1 || page > 1) headers['link'] = linkHeader(req, page, lastPage);
  return { items, headers };
}

export function linkHeader(req: SimRequest, page: number, lastPage: number): string {
  const at = (n: number): string => {
    const url = new URL(req.url.href);
    url.searchParams.set('page', String(n));
    return url.href;
  };
  const links: string[] = [];
  // GitHub's order: prev, next, last, first.
  if (page > 1) links.push(`<${at(Math.min(page - 1, lastPage))}>; rel="prev"`);
  if (page < lastPage) {
    links.push(`<${at(page + 1)}>; rel="next"`);
    links.push(`<${at(lastPage)}>; rel="last"`);
  }
  if (page > 1) links.push(`<${at(1)}>; rel="first"`);
  return links.join(', ');
}
