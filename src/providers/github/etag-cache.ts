import type { GitHubClient } from './client.ts';

interface Cached {
  etag: string;
  response: { status: number; url: string; headers: Record<string, unknown>; data: unknown };
}

/**
 * Conditional GETs for a client (GitHub's best practice for polling): the last ETag of each URL
 * goes out as If-None-Match, and a 304 — which costs no rate limit — is answered from the cached
 * response. Bounded, oldest entries evicted first; the cache lives as long as the client.
 */
export function useConditionalRequests(github: GitHubClient, capacity = 500): void {
  const cache = new Map<string, Cached>();
  github.hook.wrap('request', async (request, options) => {
    if (options.method !== 'GET') return request(options);
    const key = (github.request.endpoint(options as never) as { url: string }).url;
    const hit = cache.get(key);
    if (hit) options.headers = { ...options.headers, 'if-none-match': hit.etag };
    try {
      const response = await request(options);
      const etag = response.headers.etag;
      if (typeof etag === 'string') {
        cache.delete(key);
        cache.set(key, { etag, response: response as Cached['response'] });
        if (cache.size > capacity) cache.delete(cache.keys().next().value as string);
      }
      return response;
    } catch (error) {
      // The client's error hook has already mapped the 304 to a PndError by then (details.status).
      if (hit && statusOf(error) === 304) return hit.response as never;
      throw error;
    }
  });
}

function statusOf(error: unknown): number | undefined {
  const e = error as { status?: unknown; details?: { status?: unknown } } | undefined;
  const status = e?.status ?? e?.details?.status;
  return typeof status === 'number' ? status : undefined;
}
