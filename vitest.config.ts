import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // The simulator and the clients share the process; forks keep NODE_EXTRA_CA_CERTS-free runs isolated.
    pool: 'forks',
    // Vitest's default is one worker less than the cores: on a 2-core machine the files would run
    // one at a time, while many of them spend their time in child processes and TLS round trips.
    maxWorkers: '100%',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts'],
          // The unit files run one after another in a worker's module graph instead of loading it
          // again per file (the engine, the vendor SDKs, the spec validator): about a quarter less
          // CPU for src/** (88 -> 65 CPU-s, same results). Files that change process state (TZ,
          // KUBECONFIG) put it back when done.
          isolate: false,
        },
      },
      // The end-to-end and contract files share a worker's module graph too: each starts its own
      // simulators, journals and child processes and stops them in its hooks, and none keeps
      // state at module level, so a fresh graph per file bought nothing but loading the engine,
      // the vendor SDKs and the spec validator again (the whole suite on 2 cores: 346 -> 242 s
      // wall, 676 -> 396 CPU-s, same results).
      { extends: true, test: { name: 'e2e', include: ['test/**/*.test.ts'], isolate: false } },
    ],
  },
});
