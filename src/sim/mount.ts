import type { Router } from './router.ts';
import type { Vendor as SpecName } from './spec/index.ts';
import type { Vendor, VendorProfile } from './types.ts';

/** The trimmed vendor descriptions under spec/, by name. */
export type { SpecName };

/**
 * One vendor API served under a path prefix of the simulator's single HTTPS port, e.g. GitHub REST
 * at `/gh`, Kubernetes at `/k8s/{cluster}`. Clients get `base + prefix` as their base URL.
 */
export interface Mount {
  vendor: Vendor;
  /** Path prefix; may hold parameters (`/k8s/{cluster}`) that reach handlers as params. */
  prefix: string;
  profile: VendorProfile;
  router: Router;
  /**
   * The trimmed vendor descriptions requests and responses are validated against (spec/*.json).
   * Empty only for an API validated another way (GitHub GraphQL runs against GitHub's schema).
   */
  specs: SpecName[];
  /** The request bodies carry credentials (a token endpoint's client secret or assertion): never logged. */
  secretBodies?: boolean;
  /** Serve ETags and answer If-None-Match with 304, as GitHub's REST API does. */
  conditionalGet?: boolean;
}
