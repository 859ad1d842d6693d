import type { Router } from '../../router.ts';
import type { SimRequest, SimResponse } from '../../types.ts';
import { basicError, notFound } from '../errors.ts';
import { nodeId } from '../node-id.ts';
import { gitHubPrincipal } from '../profile.ts';
import { contextOf, type RenderContext } from '../render/context.ts';
import { simpleUser } from '../render/users.ts';
import type { App, Installation, Permissions } from '../state/apps.ts';
import { iso } from '../time.ts';
import { bodyOf, isResponse, ok, type GitHubDeps } from './common.ts';

const APPS_DOCS = 'https://docs.github.com/rest/apps/apps';
const EVENTS = ['deployment', 'deployment_status', 'issues', 'pull_request', 'release', 'workflow_run'];

/**
 * A GitHub App's own endpoints, called with its JWT (the profile verified it): the app, where it
 * is installed, and installation tokens that expire (GitHub: after one hour).
 */
export function registerAppRoutes(router: Router, deps: GitHubDeps): void {
  const { store } = deps;
  const appOf = (req: SimRequest): App => {
    const app = gitHubPrincipal(req.principal).app;
    if (!app) throw new Error('An app route was reached without a GitHub App JWT.');
    return app;
  };

  router.get('/app', (req) => ok(renderApp(contextOf(req), appOf(req))));

  router.get('/app/installations', (req) =>
    ok(appOf(req).installations.map((i) => renderInstallation(contextOf(req), i))),
  );

  router.post('/app/installations/{installation_id}/access_tokens', (req) => {
    const app = appOf(req);
    const installation = app.installations.find((i) => String(i.id) === req.params['installation_id']);
    if (!installation) return notFound(APPS_DOCS);
    const body = bodyOf(req);
    if (isResponse(body)) return body;
    // A narrower token may be asked for; never a wider one than the installation's.
    const asked = body['permissions'] as Permissions | undefined;
    if (asked) {
      for (const [name, level] of Object.entries(asked)) {
        const held = app.permissions[name];
        if (!held || (level !== 'read' && held === 'read'))
          return basicError(
            422,
            `The permissions requested are not granted to this installation.`,
            APPS_DOCS,
          );
      }
    }
    const permissions = asked ? { metadata: 'read' as const, ...asked } : app.permissions;
    const { token, expiresAt } = store.apps.mint(installation, permissions);
    return ok(
      {
        token,
        expires_at: iso(expiresAt),
        permissions,
        repository_selection: 'all',
      },
      undefined,
      201,
    );
  });

  const installationOn = (req: SimRequest, account: string): SimResponse => {
    const app = appOf(req);
    const found = store.apps.installationOn(app, account);
    return found ? ok(renderInstallation(contextOf(req), found)) : notFound(APPS_DOCS);
  };
  router.get('/repos/{owner}/{repo}/installation', (req) => {
    // The repository must exist (GitHub: 404 otherwise); the installation is its owner's.
    if (!store.repo(req.params['owner'] ?? '', req.params['repo'] ?? '')) return notFound(APPS_DOCS);
    return installationOn(req, req.params['owner'] ?? '');
  });
  router.get('/orgs/{org}/installation', (req) => installationOn(req, req.params['org'] ?? ''));
}

function renderApp(ctx: RenderContext, app: App): Record<string, unknown> {
  return {
    id: app.id,
    slug: app.slug,
    node_id: nodeId('A', String(app.id)),
    client_id: `Iv1.${app.id.toString(16).padStart(16, '0')}`,
    owner: simpleUser(ctx, app.owner),
    name: app.name,
    description: null,
    external_url: `https://example.invalid/${app.slug}`,
    html_url: `${ctx.web}/apps/${app.slug}`,
    created_at: iso(app.createdAt),
    updated_at: iso(app.createdAt),
    permissions: app.permissions,
    events: EVENTS,
    installations_count: app.installations.length,
  };
}

function renderInstallation(ctx: RenderContext, installation: Installation): Record<string, unknown> {
  const { app, account } = installation;
  return {
    id: installation.id,
    account: simpleUser(ctx, account),
    repository_selection: 'all',
    access_tokens_url: `${ctx.api}/app/installations/${installation.id}/access_tokens`,
    repositories_url: `${ctx.api}/installation/repositories`,
    html_url: `${ctx.web}/organizations/${account.login}/settings/installations/${installation.id}`,
    app_id: app.id,
    client_id: `Iv1.${app.id.toString(16).padStart(16, '0')}`,
    target_id: account.id,
    target_type: account.type === 'Organization' ? 'Organization' : 'User',
    permissions: app.permissions,
    events: EVENTS,
    created_at: iso(installation.createdAt),
    updated_at: iso(installation.createdAt),
    single_file_name: null,
    has_multiple_single_files: false,
    single_file_paths: [],
    app_slug: app.slug,
    suspended_by: null,
    suspended_at: null,
    contact_email: null,
  };
}
