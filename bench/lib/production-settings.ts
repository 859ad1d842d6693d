import type { Clock } from '../../src/core/clock.ts';
import type { SimAccess } from '../../src/demo/sim-access.ts';
import { simProviderSettings } from '../../src/demo/sim-providers.ts';
import { PRODUCTION_WRITE_SPACING } from '../../src/providers/github/client.ts';
import type { ProviderSettings } from '../../src/providers/registry.ts';

/**
 * The provider settings a production `pnd` command uses (GitHub write spacing, retry backoff and
 * rate-limit waits at their defaults), pointed at a simulator: only the endpoints, the CA and the
 * tokens come from the simulator. `simProviderSettings` (tests, demo) turns the spacing off and
 * shortens the backoff (GitHub's and ARM's); a benchmark must not.
 */
export function productionProviderSettings(access: SimAccess, clock: Clock): ProviderSettings {
  const settings = simProviderSettings(access, clock);
  const { writeSpacingMs: _spacing, retryBaseMs: _backoff, ...github } = settings.github;
  // ARM's retries back off at the SDK pipeline's production defaults too.
  const { retry: _armBackoff, ...arm } = settings.checks.arm;
  return { ...settings, github, checks: { ...settings.checks, arm } };
}

/** What every bench prints first: the client settings its figures were measured with. */
export function clientSettingsBanner(): string {
  return [
    'client settings (production defaults):',
    `  GitHub: Octokit + plugin-throttling + plugin-retry; mutations spaced ${PRODUCTION_WRITE_SPACING.write} ms (notifying ${PRODUCTION_WRITE_SPACING.notifying} ms),`,
    '          reads (GET, GraphQL queries) not spaced, at most 10 requests in flight; reads retried 3 times',
    '          on 5xx (backoff 1 s, 4 s, 9 s), writes never retried; rate limits waited out up to 3 times',
    '  Azure DevOps: fetch, GETs retried 3 times on 429/5xx/timeouts, 30 s timeout per request',
    '  simulator: its own process (bench/lib/sim-process.ts), trusted through its CA; pnd shares its virtual clock over IPC',
  ].join('\n');
}
