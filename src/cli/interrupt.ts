import { writeSync } from 'node:fs';
import { EXIT } from '../core/errors.ts';
import type { Journal } from '../journal/index.ts';

/** 128 + the signal's number, as shells report a process ended by it. */
const EXIT_FOR = { SIGINT: EXIT.interrupted, SIGTERM: 143 } as const;
type Signal = keyof typeof EXIT_FOR;

export interface InterruptGuard {
  /** The journal to run with: the same one, watched for the runs it starts and finishes. */
  journal: Journal;
  dispose(): void;
}

/**
 * Ctrl-C (SIGINT) or SIGTERM during a run that acts: the run still open in the journal is closed
 * as `interrupted`, `cleanup` restores the terminal, and the process exits 130 or 143. What was in
 * flight is safe to leave: every mutation has its intent journaled first, so the next run of the
 * same command finds it and resumes without acting twice. A second signal exits at once.
 *
 * The journal is watched through a proxy (startRun/finishRun results are awaited whether they are
 * values or promises), so this works unchanged over a synchronous or an asynchronous journal.
 */
export function guardInterrupts(journal: Journal, cleanup: () => void = () => {}): InterruptGuard {
  const open = new Set<number>();
  let stopping = false;
  const watched = new Proxy(journal, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      if (property === 'startRun')
        return (...args: unknown[]) => {
          const id = (value as (...a: unknown[]) => unknown).apply(target, args);
          void Promise.resolve(id).then((runId) => open.add(runId as number));
          return id;
        };
      if (property === 'finishRun')
        return (runId: number, ...rest: unknown[]) => {
          open.delete(runId);
          return (value as (...a: unknown[]) => unknown).apply(target, [runId, ...rest]);
        };
      return (value as (...a: unknown[]) => unknown).bind(target);
    },
  });

  const onSignal = (signal: Signal) => {
    const code = EXIT_FOR[signal];
    if (stopping) process.exit(code);
    stopping = true;
    void (async () => {
      try {
        cleanup();
        const recorded = open.size > 0;
        for (const runId of open) await journal.finishRun(runId, 'interrupted', { signal });
        await journal.close();
        // Straight to the file descriptor: a live progress renderer may hold process.stderr.write.
        writeSync(
          2,
          recorded
            ? `\nInterrupted (${signal}): the run is recorded as interrupted; run the same command again to resume.\n`
            : `\nInterrupted (${signal}); no run was in progress.\n`,
        );
      } finally {
        process.exit(code);
      }
    })();
  };
  const onInt = () => onSignal('SIGINT');
  const onTerm = () => onSignal('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return {
    journal: watched,
    dispose() {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    },
  };
}
