import { writeSync } from 'node:fs';
import { Listr, type ListrTaskWrapper } from 'listr2';
import type { DeployEvent, NamedRef } from '../train/deploy/model.ts';

/**
 * Live progress of a train day: a task line per component that updates in place in a terminal
 * (listr2), and plain timestamped lines in CI or a pipe (listr2's simple renderer). The engine
 * only emits events; this maps them onto tasks that end when their component's final event comes.
 */
export interface ProgressReporter {
  event(event: DeployEvent): void;
  stop(): Promise<void>;
  /** A signal ends the process: leave the terminal usable (the live renderer hides the cursor). */
  interrupt(): void;
}

interface Deferred {
  resolve: () => void;
  reject: (error: Error) => void;
  task?: ListrTaskWrapper<unknown, never, never>;
  title: string;
  /** Events that came before listr started the task. */
  early: Extract<DeployEvent, { type: 'component' }>[];
}

export function progressReporter(components: NamedRef[]): ProgressReporter {
  const live = Boolean(process.stdout.isTTY) && !process.env.CI;
  const pending = new Map<string, Deferred>();
  let started = false;
  let run: Promise<unknown> = Promise.resolve();
  const tasks = components.map((component) => ({
    title: component.name,
    task: (_ctx: unknown, task: ListrTaskWrapper<unknown, never, never>) =>
      new Promise<void>((resolve, reject) => {
        const entry = pending.get(component.id);
        if (!entry) return resolve();
        Object.assign(entry, { resolve, reject, task });
        for (const early of entry.early.splice(0)) apply(entry, early);
      }),
  }));
  for (const component of components)
    pending.set(component.id, { resolve: () => {}, reject: () => {}, title: component.name, early: [] });

  const apply = (entry: Deferred, event: Extract<DeployEvent, { type: 'component' }>) => {
    const task = entry.task as ListrTaskWrapper<unknown, never, never>;
    const text = event.detail.startsWith(event.state) ? event.detail : `${event.state}: ${event.detail}`;
    // Plain lines interleave the components: each line names its own.
    task.output = live ? text : `${entry.title}: ${text}`;
    if (!event.final) return;
    task.title = `${entry.title}: ${event.state}`;
    pending.delete(event.component);
    if (event.state === 'failed' || event.state === 'timed-out') entry.reject(new Error(event.detail));
    else entry.resolve();
  };

  const start = () => {
    if (started) return;
    started = true;
    const listr = new Listr(tasks as never, {
      concurrent: true,
      exitOnError: false,
      renderer: live ? 'default' : 'simple',
      rendererOptions: { timestamp: true } as never,
      fallbackRenderer: 'simple',
      // listr2's own handler exits 127 on Ctrl-C; the command's guard ends the run (130/143).
      registerSignalListeners: false,
    });
    run = listr.run().catch(() => undefined);
  };

  return {
    event(event) {
      if (event.type === 'phase') {
        if (event.phase === 'act') start();
        return;
      }
      const entry = pending.get(event.component);
      if (!entry) return;
      if (entry.task) apply(entry, event);
      else entry.early.push(event);
    },
    async stop() {
      for (const entry of pending.values()) entry.resolve();
      await run;
    },
    interrupt() {
      // Straight to the file descriptor: the live renderer holds process.stdout.write while it draws.
      if (live && started) writeSync(1, '\n\u001b[?25h');
    },
  };
}
