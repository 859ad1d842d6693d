import { readFileSync } from 'node:fs';

/**
 * Keeps a simulator process's resident memory near a target (issue 12 item 11: < 150 MB peak
 * under bench/sim-throughput.ts's load).
 *
 * Why a collection on demand, not only V8 flags: measured under that load, most of the
 * simulator's peak is memory V8 no longer uses but keeps — pages freed by its collectors stay
 * in V8's page pool for reuse (`pooled: 40 MB` in `--trace-gc`, beside ~35 MB of live heap), and
 * only a memory-reducing collection gives them back. V8 runs one of those by itself only once
 * the allocation rate drops (its memory reducer), so under sustained load it never does. No V8
 * flag bounds the pool (V8 13.6: --heap-growing-percent, --max-old-space-size, semi-space sizes
 * and --optimize-for-size were measured; none brought the peak near the target, and a smaller
 * young generation made it far worse by promoting more garbage). A regular full collection
 * leaves the pool alone (measured: 3,800 collections in 20 s, no memory given back); the
 * "last-resort" flavour (V8's CollectAllAvailableGarbage) releases it.
 *
 * So the process reads the memory it has allocated every `intervalMs` and, above the target, asks
 * for one such collection (~40 ms at this heap size). What it reads is its anonymous resident
 * memory (heap, malloc, stacks), not the whole resident set: about 55 MiB of that is the Node
 * binary's mapped code and data, which no collection changes, so a target on the resident set
 * would mostly measure the binary. Where /proc is missing (not Linux) it reads the resident set.
 *
 * The target is a working figure, not a hard limit: when what is left after a collection is
 * itself near the target (a scenario whose live data outgrows it, e.g. 2,000 repositories),
 * collecting again soon would free nothing, so the working target moves up to leave headroom and
 * comes back down when the live data shrinks. It never thrashes, and it never refuses work.
 *
 * Only for a process that is the simulator alone (`pnd sim`, the benches' simulator processes):
 * in a test runner it would collect the runner's heap too.
 */

export interface MemoryBudgetOptions {
  /** Allocated resident bytes above which a memory-reducing collection is asked for. */
  targetBytes: number;
  /** How often the memory is read, ms (a read is one /proc read, a few µs). */
  intervalMs?: number;
  /** The process's allocated resident memory, bytes (default: allocatedResidentBytes). */
  residentBytes?: () => number;
  /** A memory-reducing collection (default: V8's last-resort collection through `gc`). */
  collect?: () => void;
  /** A monotonic clock in ms, to account the time collections take (default: performance.now). */
  now?: () => number;
  /** Called when what is live after a collection is more than the target (the live data outgrew it). */
  onRaised?: (workingTargetBytes: number, residentAfterBytes: number) => void;
}

export interface MemoryBudgetStats {
  targetBytes: number;
  /** The target in force now: the configured one, or more while the live data needs more. */
  workingTargetBytes: number;
  collections: number;
  /** Time spent in those collections, ms (the main thread is paused for it). */
  collectMs: number;
}

/** The budget's decision, driven by `check()`: what the tests drive and the timer calls. */
export interface MemoryBudgetCheck {
  /** Reads the allocated memory once and collects if it is above the working target. */
  check(): void;
  stats(): MemoryBudgetStats;
}

/** A budget running on its timer (startMemoryBudget). */
export interface MemoryBudget extends MemoryBudgetCheck {
  stop(): void;
}

/**
 * After a collection, the working target leaves this much room above what is left: the next
 * collection comes after the process has allocated a fifth of its live memory again, however
 * large that is (at 2,000 repositories a collection takes far longer than at 300 issues).
 */
const HEADROOM = 1.2;

/**
 * The process's anonymous resident memory (RssAnon: what it allocated, not its mapped binary),
 * bytes; the whole resident set where /proc/self/status cannot be read.
 */
export function allocatedResidentBytes(): number {
  try {
    const match = /RssAnon:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'latin1'));
    if (match) return Number(match[1]) * 1024;
  } catch {
    // not Linux
  }
  return process.memoryUsage.rss();
}

let current: MemoryBudget | undefined;

/** The budget this process runs under, if any (the control API reports it). */
export function currentMemoryBudget(): MemoryBudget | undefined {
  return current;
}

/**
 * The V8 collection that gives pooled pages back, when this process was started with
 * `--expose-gc` (`pnd sim` re-executes itself with it: src/sim/process-settings.ts); otherwise
 * undefined and the simulator runs without a budget.
 */
export function lastResortCollection(): (() => void) | undefined {
  const gc = globalThis.gc;
  if (typeof gc !== 'function') return undefined;
  return () => gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
}

/** A budget driven by `check()` alone (tests, and the timer of startMemoryBudget). */
export function createMemoryBudget(
  options: MemoryBudgetOptions & { collect: () => void },
): MemoryBudgetCheck {
  const residentBytes = options.residentBytes ?? allocatedResidentBytes;
  const now = options.now ?? (() => performance.now());
  const { targetBytes, collect } = options;
  let working = targetBytes;
  let collections = 0;
  let collectMs = 0;
  let outgrown = false;
  return {
    check() {
      if (residentBytes() <= working) return;
      const started = now();
      collect();
      collectMs += now() - started;
      collections++;
      const after = residentBytes();
      const next = Math.max(targetBytes, Math.ceil(after * HEADROOM));
      // Said when what is live outgrows the configured target itself (not when the headroom
      // does: that is the budget at work), once until the live data fits again.
      if (after > targetBytes && !outgrown) options.onRaised?.(next, after);
      outgrown = after > targetBytes;
      working = next;
    },
    stats: () => ({ targetBytes, workingTargetBytes: working, collections, collectMs }),
  };
}

/**
 * Starts this process's budget: a timer (unref'd, so it never keeps the process alive) that
 * checks the allocated memory. Undefined when the target is 0 or no memory-reducing collection is
 * available (see lastResortCollection).
 */
export function startMemoryBudget(options: MemoryBudgetOptions): MemoryBudget | undefined {
  const collect = options.collect ?? lastResortCollection();
  if (collect === undefined || options.targetBytes <= 0) return undefined;
  const budget = createMemoryBudget({ ...options, collect });
  const timer = setInterval(() => budget.check(), options.intervalMs ?? 20);
  timer.unref();
  const running: MemoryBudget = {
    ...budget,
    stop() {
      clearInterval(timer);
      if (current === running) current = undefined;
    },
  };
  current = running;
  return running;
}

/**
 * The default target, MiB of allocated memory. With the ~55 MiB of the binary it keeps `pnd sim`
 * under 150 MB resident under bench/sim-throughput.ts's load (5 runs each, with the process
 * settings: 80 MiB gave medians of 136.0-139.8 MiB but single runs up to 145.2 MiB = 152 MB;
 * 72 MiB gave 136.1 MiB, 127.8-141.1, with ~18 collections per run instead of ~12).
 */
export const DEFAULT_MEMORY_TARGET_MIB = 72;
