import type { Router } from './router.ts';
import type { Vendor, VendorProfile } from './types.ts';

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
  /** Serve ETags and answer If-None-Match with 304, as GitHub's REST API does. */
  conditionalGet?: boolean;
}

export type SpecName =
  | 'github'
  | 'azure-devops-release'
  | 'azure-devops-build'
  | 'arm-container-apps'
  | 'arm-web-apps'
  | 'kubernetes';
