import { PREFIX } from '../../prefixes.ts';
import type { SimRequest } from '../../types.ts';
import type { Repo } from '../state/repos.ts';

/** Where rendered `url` fields point: the simulator's REST mount; `html_url`s point at github.com. */
export interface RenderContext {
  api: string;
  web: string;
}

export const WEB = 'https://github.com';

export function contextOf(req: SimRequest): RenderContext {
  return { api: `${req.url.origin}${PREFIX.github}`, web: WEB };
}

export function repoApi(ctx: RenderContext, repo: Repo): string {
  return `${ctx.api}/repos/${repo.fullName}`;
}

export function repoWeb(ctx: RenderContext, repo: Repo): string {
  return `${ctx.web}/${repo.fullName}`;
}
