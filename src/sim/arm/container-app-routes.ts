import type { Router } from '../router.ts';
import type { SimRequest, SimResponse } from '../types.ts';
import type { World } from '../world.ts';
import {
  containerAppId,
  environmentId,
  systemGuid,
  type ContainerApp,
  type ContainerApps,
  type Revision,
} from './container-apps.ts';
import { baseUrl, checkRequest, type ArmTopology } from './context.ts';
import { nextLink, readSkipToken } from './paging.ts';
import { armError, resourceNotFound } from './profile.ts';

const iso = (ms: number) => new Date(ms).toISOString();
const LOCATION_NAMES: Record<string, string> = { norwayeast: 'Norway East', westeurope: 'West Europe' };

function template(app: ContainerApp, image: string, suffix = ''): Record<string, unknown> {
  return {
    revisionSuffix: suffix,
    containers: [{ image, name: app.container, resources: { cpu: 0.5, memory: '1Gi' } }],
    scale: { minReplicas: 1, maxReplicas: 3 },
  };
}

function appJson(app: ContainerApps, a: ContainerApp): Record<string, unknown> {
  const latest = a.revisions.find((r) => r.name === a.latestRevisionName)!;
  return {
    id: containerAppId(a),
    name: a.name,
    type: 'Microsoft.App/containerApps',
    location: LOCATION_NAMES[a.location] ?? a.location,
    systemData: {
      createdBy: 'pnd-deployer',
      createdByType: 'Application',
      createdAt: iso(a.createdAt),
      lastModifiedBy: 'pnd-deployer',
      lastModifiedByType: 'Application',
      lastModifiedAt: iso(a.modifiedAt),
    },
    properties: {
      provisioningState: a.provisioningState,
      runningStatus: a.runningStatus,
      managedEnvironmentId: environmentId(a),
      environmentId: environmentId(a),
      workloadProfileName: 'Consumption',
      latestRevisionName: a.latestRevisionName,
      latestReadyRevisionName: a.latestReadyRevisionName,
      latestRevisionFqdn: `${latest.name}.${a.environmentDomain}`,
      customDomainVerificationId: systemGuid(a).replaceAll('-', '').toUpperCase(),
      configuration: {
        secrets: [],
        activeRevisionsMode: a.activeRevisionsMode,
        ingress: {
          fqdn: `${a.name}.${a.environmentDomain}`,
          external: true,
          targetPort: 8080,
          transport: 'auto',
          traffic: [{ weight: 100, latestRevision: true }],
          allowInsecure: false,
        },
        maxInactiveRevisions: 100,
      },
      template: template(a, app.image(a)),
      eventStreamEndpoint: `https://${a.location}.azurecontainerapps.dev/subscriptions/${a.subscriptionId}/resourceGroups/${a.resourceGroup}/containerApps/${a.name}/eventstream`,
      outboundIpAddresses: ['51.120.0.10'],
    },
    identity: { type: 'None' },
  };
}

function revisionJson(a: ContainerApp, r: Revision): Record<string, unknown> {
  return {
    id: `${containerAppId(a)}/revisions/${r.name}`,
    name: r.name,
    type: 'Microsoft.App/containerApps/revisions',
    properties: {
      createdTime: iso(r.createdAt),
      lastActiveTime: iso(r.lastActiveAt),
      fqdn: `${r.name}.${a.environmentDomain}`,
      template: template(a, r.image, r.name.slice(a.name.length + 2)),
      active: r.active,
      replicas: r.replicas,
      trafficWeight: r.trafficWeight,
      ...(r.provisioningError ? { provisioningError: r.provisioningError } : {}),
      healthState: r.healthState,
      provisioningState: r.provisioningState,
      runningState: r.runningState,
    },
  };
}

type Clause = (r: Revision) => boolean;

const FILTER_FIELDS = [
  'name',
  'properties/active',
  'properties/createdtime',
  'properties/provisioningstate',
  'properties/healthstate',
  'properties/runningstate',
];

/**
 * The `$filter` subset the simulator understands: `and`-joined comparisons of name,
 * properties/createdTime, properties/active and the state properties.
 */
function parseFilter(text: string): Clause[] | string {
  const clauses: Clause[] = [];
  for (const raw of text.split(/\s+and\s+/i)) {
    const part = raw.trim().replace(/^\(+/, '').replace(/\)+$/, '').trim();
    const m = /^([\w/]+)\s+(eq|ne|gt|ge|lt|le)\s+('([^']*)'|true|false)$/i.exec(part);
    if (!m) return `Invalid $filter clause '${part}'.`;
    const [, field, op, literal, quoted] = m;
    const value = quoted ?? literal!.toLowerCase();
    const get = (r: Revision): string | number | boolean | undefined => {
      switch (field!.toLowerCase()) {
        case 'name':
          return r.name;
        case 'properties/active':
          return r.active;
        case 'properties/createdtime':
          return r.createdAt;
        case 'properties/provisioningstate':
          return r.provisioningState;
        case 'properties/healthstate':
          return r.healthState;
        case 'properties/runningstate':
          return r.runningState;
        default:
          return undefined;
      }
    };
    if (!FILTER_FIELDS.includes(field!.toLowerCase())) {
      return `Could not find a property named '${field}' on type 'Revision'.`;
    }
    const parsed: string | number | boolean =
      field!.toLowerCase() === 'properties/createdtime'
        ? Date.parse(value)
        : value === 'true'
          ? true
          : value === 'false'
            ? false
            : value;
    clauses.push((r) => {
      const v = get(r)!;
      switch (op!.toLowerCase()) {
        case 'eq':
          return v === parsed;
        case 'ne':
          return v !== parsed;
        case 'gt':
          return v > parsed;
        case 'ge':
          return v >= parsed;
        case 'lt':
          return v < parsed;
        default:
          return v <= parsed;
      }
    });
  }
  return clauses;
}

export function addContainerAppRoutes(
  router: Router,
  world: World,
  topology: ArmTopology,
  apps: ContainerApps,
  pageSize: number,
): void {
  const root =
    '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.App/containerApps/{containerAppName}';
  const withApp = (handler: (req: SimRequest, app: ContainerApp) => SimResponse) => (req: SimRequest) => {
    const problem = checkRequest(world, topology, req, 'containerApps');
    if (problem) return problem;
    const app = apps.find(
      req.params.subscriptionId!,
      req.params.resourceGroupName!,
      req.params.containerAppName!,
    );
    if (!app)
      return resourceNotFound(world, req, 'Microsoft.App/containerApps', req.params.containerAppName!);
    return handler(req, app);
  };

  router.get(
    root,
    withApp((_req, app) => ({ status: 200, body: appJson(apps, app) })),
  );

  router.get(
    `${root}/revisions`,
    withApp((req, app) => {
      const filter = req.query.get('$filter');
      const clauses = filter ? parseFilter(filter) : [];
      if (typeof clauses === 'string') return armError(world, req, 400, 'InvalidFilter', clauses);
      // Oldest first, as created.
      const matching = app.revisions.filter((r) => clauses.every((c) => c(r)));
      const offset = readSkipToken(req.query);
      if (offset === undefined)
        return armError(world, req, 400, 'InvalidSkipToken', 'The $skiptoken is invalid.');
      const page = matching.slice(offset, offset + pageSize);
      const body: Record<string, unknown> = { value: page.map((r) => revisionJson(app, r)) };
      // ARM's nextLink: the same query plus an opaque $skiptoken (ARM RPC paging convention).
      if (matching.length > offset + pageSize) body.nextLink = nextLink(req, baseUrl(req), offset + pageSize);
      return { status: 200, body };
    }),
  );

  router.get(
    `${root}/revisions/{revisionName}`,
    withApp((req, app) => {
      const revision = app.revisions.find(
        (r) => r.name.toLowerCase() === req.params.revisionName!.toLowerCase(),
      );
      if (!revision) {
        // Guessed code and wording (the resource provider answers for child resources).
        return armError(
          world,
          req,
          404,
          'ContainerAppRevisionNotFound',
          `Revision '${req.params.revisionName}' not found for container app '${app.name}'.`,
        );
      }
      return { status: 200, body: revisionJson(app, revision) };
    }),
  );
}
