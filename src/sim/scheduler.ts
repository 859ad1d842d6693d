import type { VirtualClock } from '../core/clock.ts';

interface Task {
  at: number;
  seq: number;
  label: string;
  run: (at: number) => void;
}

/**
 * State changes that happen "later" in the simulated estate (a release finishes deploying, a pod
 * starts crash-looping). Tasks run in time order as the shared virtual clock passes them; a task
 * may schedule further tasks, which also run if they fall due before the clock's new time.
 */
export class Scheduler {
  #tasks: Task[] = [];
  #seq = 0;
  #running = false;
  readonly clock: VirtualClock;

  constructor(clock: VirtualClock) {
    this.clock = clock;
    clock.onTick((now) => this.runDue(now));
  }

  at(at: number, label: string, run: (at: number) => void): void {
    this.#tasks.push({ at, seq: this.#seq++, label, run });
    this.#tasks.sort((a, b) => a.at - b.at || a.seq - b.seq);
    if (at <= this.clock.now()) this.runDue(this.clock.now());
  }

  after(ms: number, label: string, run: (at: number) => void): void {
    this.at(this.clock.now() + ms, label, run);
  }

  /** Labels and times of what is still to come, for the control API. */
  pending(): { at: string; label: string }[] {
    return this.#tasks.map((t) => ({ at: new Date(t.at).toISOString(), label: t.label }));
  }

  runDue(now: number): void {
    if (this.#running) return;
    this.#running = true;
    try {
      while (this.#tasks.length > 0 && this.#tasks[0]!.at <= now) {
        const task = this.#tasks.shift()!;
        task.run(task.at);
      }
    } finally {
      this.#running = false;
    }
  }
}
