import type { Router } from '../router.ts';
import type { SimRequest, SimResponse } from '../types.ts';
import type { World } from '../world.ts';
import type { Controllers } from './controllers.ts';
import type { Cluster, Pod, Workload } from './model.ts';
import { badRequestStatus, notFoundStatus } from './profile.ts';
import { matchesSelector, parseSelector } from './selectors.ts';
import { daemonSetJson, deploymentJson, podJson } from './wire.ts';

interface Listable {
  name: string;
  labels: Record<string, string>;
  json: () => Record<string, unknown>;
}

/**
 * The continue token the API server hands out: base64 of `{"v":"meta.k8s.io/v1","rv":N,"start":"<key>\u0000"}`,
 * where key is the last name returned (etcd keys sort by name within a namespace).
 */
function encodeContinue(rv: number, lastName: string): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start: `${lastName}\u0000` })).toString(
    'base64',
  );
}

function decodeContinue(token: string): { rv: number; start: string } | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as {
      v?: unknown;
      rv?: unknown;
      start?: unknown;
    };
    if (parsed.v !== 'meta.k8s.io/v1' || typeof parsed.rv !== 'number' || typeof parsed.start !== 'string')
      return undefined;
    return { rv: parsed.rv, start: parsed.start };
  } catch {
    return undefined;
  }
}

function list(world: World, req: SimRequest, cluster: Cluster, kind: string, items: Listable[]): SimResponse {
  const selectorText = req.query.get('labelSelector') ?? '';
  const selector = parseSelector(selectorText);
  if ('error' in selector) return badRequestStatus(world, `unable to parse requirement: ${selector.error}`);
  let candidates = items
    .filter((i) => matchesSelector(i.labels, selector))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const token = req.query.get('continue');
  if (token) {
    const decoded = decodeContinue(token);
    if (!decoded)
      return badRequestStatus(
        world,
        'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
      );
    // The start key is the last name plus NUL: every later name sorts at or after it.
    candidates = candidates.filter((i) => i.name >= decoded.start);
  }
  const limit = Number(req.query.get('limit') ?? 0);
  const page = limit > 0 ? candidates.slice(0, limit) : candidates;
  const more = limit > 0 && candidates.length > limit;
  const metadata: Record<string, unknown> = { resourceVersion: String(cluster.resourceVersion) };
  if (more) {
    metadata.continue = encodeContinue(cluster.resourceVersion, page.at(-1)!.name);
    // The count is only known (and sent) when no selector filters the list.
    if (selectorText === '') metadata.remainingItemCount = candidates.length - page.length;
  }
  return {
    status: 200,
    body: {
      kind,
      apiVersion: kind === 'PodList' ? 'v1' : 'apps/v1',
      metadata,
      items: page.map((i) => i.json()),
    },
  };
}

export function addKubernetesRoutes(router: Router, controllers: Controllers, world: World): void {
  const clusterOf = (req: SimRequest) => controllers.clusters.get(req.params.cluster ?? '')!;
  const workloads = (req: SimRequest, kind: Workload['kind']) =>
    clusterOf(req).workloads.filter((w) => w.kind === kind && w.namespace === req.params.namespace);

  const get =
    (
      kind: Workload['kind'],
      resource: string,
      json: (w: Workload, withType: boolean) => Record<string, unknown>,
    ) =>
    (req: SimRequest) => {
      const workload = workloads(req, kind).find((w) => w.name === req.params.name);
      if (!workload) return notFoundStatus(world, resource, 'apps', req.params.name ?? '');
      return { status: 200, body: json(workload, true) };
    };
  const listOf =
    (
      kind: Workload['kind'],
      listKind: string,
      json: (w: Workload, withType: boolean) => Record<string, unknown>,
    ) =>
    (req: SimRequest) =>
      list(
        world,
        req,
        clusterOf(req),
        listKind,
        workloads(req, kind).map((w) => ({ name: w.name, labels: w.labels, json: () => json(w, false) })),
      );

  router.get(
    '/apis/apps/v1/namespaces/{namespace}/daemonsets',
    listOf('DaemonSet', 'DaemonSetList', daemonSetJson),
  );
  router.get(
    '/apis/apps/v1/namespaces/{namespace}/daemonsets/{name}',
    get('DaemonSet', 'daemonsets', daemonSetJson),
  );
  router.get(
    '/apis/apps/v1/namespaces/{namespace}/deployments',
    listOf('Deployment', 'DeploymentList', deploymentJson),
  );
  router.get(
    '/apis/apps/v1/namespaces/{namespace}/deployments/{name}',
    get('Deployment', 'deployments', deploymentJson),
  );
  router.get('/api/v1/namespaces/{namespace}/pods', (req) => {
    const pods: Pod[] = clusterOf(req)
      .workloads.filter((w) => w.namespace === req.params.namespace)
      .flatMap((w) => w.pods);
    return list(
      world,
      req,
      clusterOf(req),
      'PodList',
      pods.map((p) => {
        const json = podJson(p, false);
        return {
          name: p.name,
          labels: (json.metadata as { labels: Record<string, string> }).labels,
          json: () => json,
        };
      }),
    );
  });
}
