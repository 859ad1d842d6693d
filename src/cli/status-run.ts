// The work behind `pnd status`, loaded only when that command runs (see status.ts).
import { parseDuration } from '../config/duration.ts';
import { systemClock } from '../core/clock.ts';
import { EXIT, PndError } from '../core/errors.ts';
import { renderStatus } from '../status/render.ts';
import { StatusReader } from '../status/reader.ts';
import { printJson } from './output.ts';
import type { StatusOptions } from './status.ts';
import { renderTable } from './table.ts';
import { openTrainContext } from './train-context.ts';

export async function runStatus(
  options: StatusOptions,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const context = await openTrainContext({ config: options.config, journal: options.journal }, env);
  const { estate, journal, providers } = context;
  if (options.env && !estate.environments.some((e) => e.id === options.env))
    throw new PndError('input-invalid', 'There is no such environment in the config.', {
      details: { where: `--env ${options.env}`, allowed: estate.environments.map((e) => e.id) },
    });
  const intervalMs = intervalOf(options.interval);
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
  try {
    for (;;) {
      const report = await reader.read();
      if (options.json) {
        if (options.watch) process.stdout.write(`${JSON.stringify(report)}\n`);
        else printJson(report);
      } else {
        const text = renderStatus(report, { table: renderTable });
        // In place on a terminal (cursor home, clear screen); a plain separator in a pipe or CI.
        process.stdout.write(options.watch && tty ? `\x1b[H\x1b[2J${text}\n` : `${text}\n`);
        if (options.watch && !tty) process.stdout.write('\n');
      }
      if (!options.watch) return EXIT.ok;
      if (await interrupted(intervalMs)) return EXIT.ok;
    }
  } finally {
    journal.close();
  }
}

/** Waits for the next refresh; true when Ctrl-C came first. */
function interrupted(ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const stop = () => {
      clearTimeout(timer);
      resolve(true);
    };
    const timer = setTimeout(() => {
      process.off('SIGINT', stop);
      resolve(false);
    }, ms);
    process.once('SIGINT', stop);
  });
}

function intervalOf(text: string): number {
  try {
    return parseDuration(text);
  } catch (error) {
    throw new PndError('input-invalid', 'The --interval is not a duration.', {
      details: { where: '--interval', value: text, hint: 'Write it like 30s, 1m or 5m.' },
      cause: error,
    });
  }
}
