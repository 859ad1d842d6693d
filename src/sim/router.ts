import type { Handler } from './types.ts';

interface Route {
  method: string;
  template: string;
  segments: string[];
  handler: Handler;
}

export interface RouteMatch {
  template: string;
  params: Record<string, string>;
  handler: Handler;
}

/**
 * Routes by method and vendor path template (`/repos/{owner}/{repo}/issues/{issue_number}`).
 * Literal segments win over parameters, so `/issues/comments/{id}` beats `/issues/{n}/...`.
 * Matching is case-insensitive on literals because Azure DevOps' own paths vary in case
 * (`_apis/Release/releases` and `_apis/release/releases` are the same resource).
 */
export class Router {
  #routes: Route[] = [];

  add(method: string, template: string, handler: Handler): this {
    this.#routes.push({ method: method.toUpperCase(), template, segments: split(template), handler });
    return this;
  }

  get(template: string, handler: Handler): this {
    return this.add('GET', template, handler);
  }
  post(template: string, handler: Handler): this {
    return this.add('POST', template, handler);
  }
  patch(template: string, handler: Handler): this {
    return this.add('PATCH', template, handler);
  }
  put(template: string, handler: Handler): this {
    return this.add('PUT', template, handler);
  }

  match(method: string, path: string): RouteMatch | undefined {
    const parts = split(path);
    let best: { route: Route; params: Record<string, string>; literals: number } | undefined;
    for (const route of this.#routes) {
      if (route.method !== method.toUpperCase() || route.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let literals = 0;
      let ok = true;
      for (let i = 0; i < parts.length; i++) {
        const seg = route.segments[i]!;
        const part = parts[i]!;
        if (seg.startsWith('{') && seg.endsWith('}')) {
          params[seg.slice(1, -1)] = decodeURIComponent(part);
        } else if (seg.toLowerCase() === part.toLowerCase()) {
          literals++;
        } else {
          ok = false;
          break;
        }
      }
      if (ok && (!best || literals > best.literals)) best = { route, params, literals };
    }
    return best && { template: best.route.template, params: best.params, handler: best.route.handler };
  }

  /** Whether any method is routed at this path (for 405-vs-404 decisions). */
  hasPath(path: string): boolean {
    return ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'].some((m) => this.match(m, path));
  }
}

function split(path: string): string[] {
  return path.split('/').filter((s) => s.length > 0);
}
