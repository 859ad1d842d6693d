// The work behind `pnd status`, loaded only when that command runs (see status.ts).
import { parseDuration } from '../config/duration.ts';
import { systemClock } from '../core/clock.ts';
import { EXIT, PndError } from '../core/errors.ts';
import { renderStatus } from '../status/render.ts';
import { StatusReader } from '../status/reader.ts';
import { printJson } from './output.ts';
import type { StatusOptions } from './options.ts';
import { renderTable } from './table.ts';
import { openTrainContext } from '../app/compose.ts';

export async function runStatus(
  options: StatusOptions,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const intervalMs = intervalOf(options.interval);
  const context = await openTrainContext(
    { config: options.config, journal: options.journal, readOnly: true },
    env,
  );
  const { estate, journal, providers } = context;
  if (options.env && !estate.environments.some((e) => e.id === options.env)) {
    await journal.close();
    throw new PndError('input-invalid', 'There is no such environment in the config.', {
      details: { where: `--env ${options.env}`, allowed: estate.environments.map((e) => e.id) },
    });
  }
  for (const warning of context.warnings) process.stderr.write(`${warning}\n`);
  const reader = new StatusReader({
    estate,
    providers,
    journal,
    clock: systemClock,
    watch: options.watch,
    ...(options.env ? { env: options.env } : {}),
  });
  const tty = Boolean(process.stdout.isTTY);
  const stop = options.watch ? new Interrupt() : undefined;
  try {
    for (;;) {
      const report = await reader.read();
      if (options.json) {
        if (options.watch) process.stdout.write(`${JSON.stringify(report)}\n`);
        else printJson(report);
      } else {
        // Rows fit the terminal's width (least important columns cut); piped output stays whole.
        const text = renderStatus(report, {
          table: renderTable,
          ...(tty && process.stdout.columns ? { width: process.stdout.columns } : {}),
        });
        // In place on a terminal (cursor home, clear screen); a plain separator in a pipe or CI.
        process.stdout.write(options.watch && tty ? `\x1b[H\x1b[2J${text}\n` : `${text}\n`);
        if (options.watch && !tty) process.stdout.write('\n');
      }
      // A one-off status with an unreadable part says so in its exit code; a watch goes on.
      if (!stop) return exitFor(report.problems);
      if (await stop.sleep(intervalMs)) return EXIT.ok;
    }
  } finally {
    stop?.dispose();
    await journal.close();
  }
}

/**
 * Ctrl-C in watch mode: ends the session after the refresh in progress (or at once while
 * waiting); a second Ctrl-C does not wait for a slow read.
 */
class Interrupt {
  #interrupted = false;
  #wake: (() => void) | undefined;
  readonly #onSigint = () => {
    if (this.#interrupted) process.exit(EXIT.interrupted);
    this.#interrupted = true;
    this.#wake?.();
  };

  constructor() {
    process.on('SIGINT', this.#onSigint);
  }

  /** Waits for the next refresh; true when Ctrl-C came (before or during the wait). */
  sleep(ms: number): Promise<boolean> {
    if (this.#interrupted) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), ms);
      this.#wake = () => {
        clearTimeout(timer);
        resolve(true);
      };
    });
  }

  dispose(): void {
    process.off('SIGINT', this.#onSigint);
  }
}

function intervalOf(text: string): number {
  let ms: number;
  try {
    ms = parseDuration(text);
  } catch (error) {
    throw new PndError('input-invalid', 'The --interval is not a duration.', {
      details: { where: '--interval', value: text, hint: 'Write it like 30s, 1m or 5m.' },
      cause: error,
    });
  }
  if (ms < 1000)
    throw new PndError('input-invalid', 'The --interval is shorter than a second.', {
      details: { where: '--interval', value: text, hint: 'Write it like 30s, 1m or 5m.' },
    });
  return ms;
}

/** 4 when a credential was refused anywhere, else 1 when anything could not be read, else 0. */
function exitFor(problems: { code: string }[]): number {
  if (problems.some((p) => p.code === 'auth-failed' || p.code === 'forbidden')) return EXIT.authFailed;
  return problems.length > 0 ? EXIT.failed : EXIT.ok;
}
