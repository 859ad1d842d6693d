import type { Router } from '../router.ts';
import type { SimRequest, SimResponse } from '../types.ts';
import type { World } from '../world.ts';
import { baseUrl, checkRequest, type ArmTopology } from './context.ts';
import type { Deployment, FunctionApp, FunctionApps } from './function-apps.ts';
import { nextLink, readSkipToken } from './paging.ts';
import { armError, resourceNotFound } from './profile.ts';

const iso = (ms: number) => new Date(ms).toISOString();

function siteId(app: FunctionApp): string {
  return `/subscriptions/${app.subscriptionId}/resourceGroups/${app.resourceGroup}/providers/Microsoft.Web/sites/${app.name}`;
}

/** Note the snake_case property names: that is how Microsoft.Web sends them. */
function deploymentJson(app: FunctionApp, d: Deployment): Record<string, unknown> {
  return {
    id: `${siteId(app)}/deployments/${d.id}`,
    name: `${app.name}/${d.id}`,
    type: 'Microsoft.Web/sites/deployments',
    properties: {
      status: d.status,
      message: d.message,
      author: d.author,
      deployer: d.deployer,
      ...(d.authorEmail ? { author_email: d.authorEmail } : {}),
      start_time: iso(d.startTime),
      ...(d.endTime !== undefined ? { end_time: iso(d.endTime) } : {}),
      active: d.active,
    },
  };
}

export function addFunctionAppRoutes(
  router: Router,
  world: World,
  topology: ArmTopology,
  apps: FunctionApps,
  pageSize: number,
): void {
  const root =
    '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Web/sites/{name}/deployments';
  const withApp = (handler: (req: SimRequest, app: FunctionApp) => SimResponse) => (req: SimRequest) => {
    const problem = checkRequest(world, topology, req, 'sites');
    if (problem) return problem;
    const app = apps.find(req.params.subscriptionId!, req.params.resourceGroupName!, req.params.name!);
    if (!app) return resourceNotFound(world, req, 'Microsoft.Web/sites', req.params.name!);
    return handler(req, app);
  };

  router.get(
    root,
    withApp((req, app) => {
      // Newest first, as Kudu lists them; paged with ARM's $skiptoken nextLink.
      const offset = readSkipToken(req.query);
      if (offset === undefined)
        return armError(world, req, 400, 'InvalidSkipToken', 'The $skiptoken is invalid.');
      const all = [...app.deployments].sort((a, b) => b.startTime - a.startTime);
      const body: Record<string, unknown> = {
        value: all.slice(offset, offset + pageSize).map((d) => deploymentJson(app, d)),
      };
      if (all.length > offset + pageSize) body.nextLink = nextLink(req, baseUrl(req), offset + pageSize);
      return { status: 200, body };
    }),
  );

  router.get(
    `${root}/{id}`,
    withApp((req, app) => {
      const deployment = app.deployments.find((d) => d.id.toLowerCase() === req.params.id!.toLowerCase());
      if (!deployment) {
        // Guessed wording.
        return armError(world, req, 404, 'NotFound', `Cannot find Deployment with name ${req.params.id}.`);
      }
      return { status: 200, body: deploymentJson(app, deployment) };
    }),
  );
}
