import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { PndError } from '../core/errors.ts';

/** Who holds an environment's lock, for the message a waiting run prints. */
export interface LockHolder {
  /** `user@host pid N`, or the GitHub login when known. */
  holder: string;
  /** ISO time the lock was taken. */
  since: string;
}

export interface LockRequest {
  /** How long to wait for a held lock before giving up (0: do not wait). */
  waitMs: number;
  /** Says once who holds it when the run has to wait. */
  onWait?: (held: LockHolder) => void;
  /** Polling pause; tests pass a virtual one. */
  sleep?: (ms: number) => Promise<void>;
  holder?: string;
}

export interface HeldLock {
  release(): Promise<void>;
}

export const LOCK_POLL_MS = 1_000;

export function thisProcess(): string {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry (some containers): the host and pid still say who.
  }
  return `${user}@${hostname()} pid ${process.pid}`;
}

export function lockedError(env: string, held: LockHolder | undefined, where: string): PndError {
  const who = held ? `${held.holder} since ${held.since}` : 'another pnd run';
  return new PndError('locked', `Another run is acting on ${env}: ${who}.`, {
    details: {
      where,
      env,
      ...(held ? { holder: held.holder, since: held.since } : {}),
      hint: 'Wait for it (--wait 30m), or run again when it has finished. A run that died releases the lock by itself.',
    },
  });
}

/** Polls `attempt` until it takes the lock or `waitMs` has passed. */
export async function acquireWithWait(
  env: string,
  where: string,
  request: LockRequest,
  attempt: () => Promise<HeldLock | LockHolder | undefined>,
): Promise<HeldLock> {
  const sleep = request.sleep ?? ((ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let waited = 0;
  let told = false;
  for (;;) {
    const result = await attempt();
    if (result && 'release' in result) return result;
    if (waited >= request.waitMs) throw lockedError(env, result, where);
    if (!told && result) request.onWait?.(result);
    told = true;
    const pause = Math.min(LOCK_POLL_MS, request.waitMs - waited);
    await sleep(pause);
    waited += pause;
  }
}

/**
 * The SQLite journal's lock: a lock file beside the journal, created with O_EXCL and holding the
 * holder's host and pid. Chosen over `proper-lockfile`, whose staleness is an mtime the holder
 * must keep refreshing (a timer for the whole deploy, and a false "stale" when the event loop is
 * busy): a SQLite journal is one machine's, so the holder's pid tells for certain whether it is
 * alive. A lock file from another host is never taken over (its pid means nothing here).
 */
export function tryFileLock(path: string, holder: string, now: () => string): HeldLock | LockHolder {
  for (let tries = 0; tries < 3; tries++) {
    const info = { holder, since: now(), host: hostname(), pid: process.pid };
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, JSON.stringify(info));
      closeSync(fd);
      let released = false;
      return {
        release: async () => {
          if (released) return;
          released = true;
          rmSync(path, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let held: { holder: string; since: string; host: string; pid: number };
    try {
      held = JSON.parse(readFileSync(path, 'utf8')) as typeof held;
    } catch {
      // Being written this instant, or removed: look again.
      continue;
    }
    if (held.host === hostname() && !alive(held.pid)) {
      rmSync(path, { force: true });
      continue;
    }
    return { holder: held.holder, since: held.since };
  }
  return { holder: 'another pnd run', since: now() };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
