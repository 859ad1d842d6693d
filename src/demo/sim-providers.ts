import { checkAccessFromSim } from './sim-check-access.ts';
import type { Clock } from '../core/clock.ts';
import type { ProviderSettings } from '../providers/registry.ts';
import type { SimAccess } from './sim-access.ts';

/**
 * The operator's provider settings, as `openTrainContext` builds them from pnd.yaml and the
 * environment, but pointed at the simulator: the scenario's first GitHub identity reviews, a
 * second person publishes drafts (environments that prevent self-review need two). Writes are
 * not spaced out and retries back off briefly: the simulator has no secondary rate limits, and
 * GitHub's real spacing would make the demo and the tests slow. Used by `pnd demo`, the tests and
 * the benchmarks — never by a production command.
 */
export function simProviderSettings(access: SimAccess, clock: Clock): ProviderSettings {
  return {
    github: {
      apiUrl: access.urls.github,
      token: access.tokens.github,
      ...(access.tokens.githubPublisher ? { publishToken: access.tokens.githubPublisher } : {}),
      writeSpacingMs: { write: 0, notifying: 0 },
      retryBaseMs: 5,
    },
    azureDevOps: {
      releaseUrl: access.urls.azureDevOpsRelease,
      buildUrl: access.urls.azureDevOpsBuild,
      credential: { pat: access.tokens.azureDevOps },
    },
    ca: access.ca,
    clock,
    checks: checkAccessFromSim(access),
  };
}
