import { realpathSync } from 'node:fs';

/**
 * The V8 flags and environment a simulator process runs with (issue 12 item 11: < 150 MB peak
 * under bench/sim-throughput.ts's load). Why they are needed: the simulator's garbage is large
 * and short-lived (a 30-issue page is ~100 KB of JSON, rendered, validated and serialised per
 * request), and with V8's defaults on a 64-bit machine the young generation grows to two 32 MB
 * semi-spaces under that load, and glibc gives each busy thread (main, V8's GC and compiler
 * workers, libuv) a malloc arena of its own that keeps what it once held. Both are memory the
 * simulator's live data (~35 MB) never needs. A 4 MB semi-space measured better than 2 MB on
 * both memory and req/s (the 30-issue page route is ~15% slower than with V8's defaults; the
 * others within noise), and two arenas are plenty for one JavaScript thread. These are process-start settings (V8 sizes the young generation when the
 * heap is set up, glibc reads MALLOC_ARENA_MAX on first malloc), so `pnd sim` re-executes itself
 * with them (see execWithSimulatorSettings); the benches start their simulator processes with
 * the same ones.
 */
/*
 * `--expose-gc` gives the process `gc`, through which its memory budget asks for V8's
 * memory-reducing collection (src/sim/memory-budget.ts); nothing else in pnd calls it.
 * Measured again with the budget (bench/sim-throughput.ts, 2 runs each): a 2 MB or 1 MB semi-space
 * gave no lower peak and cost the 30-issue page route ~40% of its throughput.
 */
export const SIMULATOR_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=4', '--expose-gc'];
/*
 * MALLOC_MMAP_THRESHOLD_: glibc serves allocations of 8 KiB and more with mmap, so they go back to
 * the system when freed. Without it glibc raises that threshold to the largest block freed so far
 * (up to 32 MiB), and the TLS records and answer buffers of busy connections (16 KiB to ~200 KiB,
 * freed at once) stayed in its heap as fragments. Measured with the memory budget
 * (bench/sim-throughput.ts, 5 runs each): peak resident 146.5 MiB without it; with a threshold of
 * 64 KiB 147.2, 32 KiB 142.9, 16 KiB 139.5 and 142.6 (two sets), 8 KiB 136.7 (136.5-139.5), and
 * half as many memory-reducing collections; the 30-issue page's CPU per request within noise.
 */
export const SIMULATOR_ENV: Readonly<Record<string, string>> = {
  MALLOC_ARENA_MAX: '2',
  MALLOC_MMAP_THRESHOLD_: '8192',
};

/** Set in the re-executed process, so it does not re-execute again. */
const APPLIED = 'PND_SIM_PROCESS_SETTINGS';

/**
 * Replaces this process (same pid, same stdio, no parent left behind: `process.execve`) with the
 * same command under SIMULATOR_NODE_FLAGS and SIMULATOR_ENV, once. Only when this process was
 * started as `entry` (bin/pnd.js): a test runner or a program that runs the CLI in process is
 * never replaced. Where `process.execve` does not exist (Windows, Node < 22.15) the simulator
 * runs with V8's defaults: the same behaviour, more memory. Call it before anything is printed.
 */
export function execWithSimulatorSettings(entry: string): void {
  if (process.env[APPLIED] === '1') return;
  if (typeof process.execve !== 'function' || process.platform === 'win32') return;
  const script = process.argv[1];
  if (script === undefined || realpath(script) !== realpath(entry)) return;
  process.execve(
    process.execPath,
    [process.execPath, ...SIMULATOR_NODE_FLAGS, ...process.execArgv, ...process.argv.slice(1)],
    { ...process.env, ...SIMULATOR_ENV, [APPLIED]: '1' },
  );
}

function realpath(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}
