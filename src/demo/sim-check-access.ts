import type { SimAccess } from './sim-access.ts';
import type { CheckAccess } from '../providers/registry.ts';

/**
 * CheckAccess for the in-process simulator (`pnd demo`, the tests, the benchmark): its ARM URL
 * and per-cluster API servers, its CA, and the scenario's fake tokens as static credentials.
 */
export function checkAccessFromSim(access: SimAccess): CheckAccess {
  return {
    ca: access.ca,
    arm: {
      endpoint: access.urls.arm,
      credential: {
        getToken: async () => ({ token: access.tokens.arm, expiresOnTimestamp: Date.now() + 3_600_000 }),
      },
      // The same number of retries as production, backing off briefly (as the GitHub settings
      // do): the Azure SDKs wait on the wall clock, which the demo and the tests must not.
      retry: { retryDelayInMs: 5, maxRetryDelayInMs: 50 },
    },
    kubernetes: (cluster) => {
      const server = access.urls.kubernetes[cluster];
      const token = access.tokens.kubernetes[cluster];
      if (!server || !token) throw new Error(`The simulator has no Kubernetes cluster named ${cluster}.`);
      return { server, ca: access.ca, token, name: cluster };
    },
  };
}
