import type { SimRequest, SimResponse } from '../types.ts';
import type { World } from '../world.ts';
import { armError } from './profile.ts';

/** What the resource provider and ARM check before the resource itself. */
export interface ArmTopology {
  subscriptions: Map<string, Map<string, { name: string; location: string }>>;
}

/**
 * The api-versions each resource type takes: the versions of the descriptions in spec/, plus the
 * version @azure/arm-appservice 19 sends by default (2025-05-01; its wire shape for deployments is
 * the same as 2024-11-01's).
 */
export const API_VERSIONS = {
  containerApps: ['2025-07-01'],
  sites: ['2024-11-01', '2025-05-01'],
} as const;

export function checkRequest(
  world: World,
  topology: ArmTopology,
  req: SimRequest,
  type: keyof typeof API_VERSIONS,
): SimResponse | undefined {
  const version = req.query.get('api-version') ?? '';
  const supported: readonly string[] = API_VERSIONS[type];
  if (!supported.includes(version)) {
    const typeName = type === 'containerApps' ? 'containerApps' : 'sites';
    return armError(
      world,
      req,
      400,
      'NoRegisteredProviderFound',
      `No registered resource provider found for location 'norwayeast' and API version '${version}' for type '${typeName}'. The supported api-versions are '${supported.join(', ')}'. The supported locations are 'norwayeast, westeurope'.`,
    );
  }
  const subscription = topology.subscriptions.get((req.params.subscriptionId ?? '').toLowerCase());
  if (!subscription) {
    return armError(
      world,
      req,
      404,
      'SubscriptionNotFound',
      `The subscription '${req.params.subscriptionId}' could not be found.`,
    );
  }
  if (!subscription.has((req.params.resourceGroupName ?? '').toLowerCase())) {
    return armError(
      world,
      req,
      404,
      'ResourceGroupNotFound',
      `Resource group '${req.params.resourceGroupName}' could not be found.`,
    );
  }
  return undefined;
}

export function baseUrl(req: SimRequest): string {
  return /^https?:/.test(req.base) ? req.base : `${req.url.origin}${req.base}`;
}
