import { ProviderContext } from '../../src/providers/registry.ts';

/**
 * Providers pointed at addresses that do not resolve (`.invalid`), for tests that build a deploy
 * request from a config and never call a vendor: any request would fail loudly.
 */
export function offlineProviders(): ProviderContext {
  return new ProviderContext({
    github: { apiUrl: 'https://github.invalid/api', token: 'unused' },
    azureDevOps: {
      releaseUrl: 'https://ado.invalid',
      buildUrl: 'https://ado.invalid',
      credential: { pat: 'unused' },
    },
    checks: { arm: {}, kubernetes: () => ({ context: 'unused' }) },
  });
}
