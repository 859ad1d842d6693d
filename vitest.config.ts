import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // The simulator and the clients share the process; forks keep NODE_EXTRA_CA_CERTS-free runs isolated.
    pool: 'forks',
  },
});
