import { Pool } from 'undici';

export interface LoadRequest {
  method: string;
  path: string;
  body?: string;
  headers?: Record<string, string>;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  perSecond: number;
  statuses: Record<number, number>;
  errors: number;
}

/**
 * A closed-loop load generator: `concurrency` keep-alive connections, each sending its next
 * request when the previous answer arrived. Bounded by count and by time so it always stops.
 */
export async function runLoad(options: {
  origin: string;
  ca: string;
  next: (i: number) => LoadRequest;
  total: number;
  maxSeconds: number;
  concurrency: number;
}): Promise<LoadResult> {
  const pool = new Pool(options.origin, {
    connections: options.concurrency,
    pipelining: 1,
    connect: { ca: options.ca },
  });
  const statuses: Record<number, number> = {};
  let issued = 0;
  let done = 0;
  let errors = 0;
  const started = performance.now();
  const deadline = started + options.maxSeconds * 1000;

  const worker = async () => {
    while (issued < options.total && performance.now() < deadline) {
      const req = options.next(issued++);
      try {
        const res = await pool.request({
          method: req.method as 'GET',
          path: req.path,
          body: req.body,
          headers: { 'content-type': 'application/json', ...req.headers },
        });
        await res.body.dump();
        statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
      } catch {
        errors++;
      }
      done++;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  return { requests: done, seconds, perSecond: done / seconds, statuses, errors };
}

/** Current anonymous resident memory (heap, stacks, wasm; not the mapped binary) of a process, in MiB. */
export async function anonRssMiB(pid: number): Promise<number | undefined> {
  const { readFile } = await import('node:fs/promises');
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const match = /RssAnon:\s+(\d+)\s+kB/.exec(status);
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Samples a process's anonymous memory every 50 ms until stopped; returns the peak seen. */
export function sampleAnonPeak(pid: number): { stop: () => number } {
  let peak = 0;
  const timer = setInterval(() => {
    void anonRssMiB(pid).then((mib) => {
      if (mib !== undefined) peak = Math.max(peak, mib);
    });
  }, 50);
  return {
    stop: () => {
      clearInterval(timer);
      return peak;
    },
  };
}

/** Peak resident memory of a process, from /proc (Linux): VmHWM in MiB. */
export async function peakRssMiB(pid: number): Promise<number | undefined> {
  const { readFile } = await import('node:fs/promises');
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const match = /VmHWM:\s+(\d+)\s+kB/.exec(status);
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * CPU time (user + system, all threads) a process has used so far, in seconds, from /proc (Linux;
 * /proc counts in USER_HZ, 100 per second). On a shared machine req/s depends on what else runs;
 * CPU time per request is what the server itself costs.
 */
export async function cpuSeconds(pid: number): Promise<number | undefined> {
  const { readFile } = await import('node:fs/promises');
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which is in parentheses and may contain spaces).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}
