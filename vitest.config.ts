import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // The simulator and the clients share the process; forks keep NODE_EXTRA_CA_CERTS-free runs isolated.
    pool: 'forks',
    // Vitest's default is one worker less than the cores: on a 2-core machine the files would run
    // one at a time, while many of them spend their time in child processes and TLS round trips.
    maxWorkers: '100%',
  },
});
