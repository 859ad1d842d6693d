// Holds an environment's lock in its own process, for the one-train-at-a-time test: prints one
// JSON line when it has the lock (then holds it until killed or `holdMs` passed), or the refusal.
import { exitCodeFor } from '../../src/core/errors.ts';
import { openJournal } from '../../src/journal/index.ts';

const [location, env, holder, waitMs, holdMs] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
];
const schema = process.env.PND_TEST_SCHEMA;
const journal = await openJournal({ path: location, env: {}, ...(schema ? { schema } : {}) });
try {
  const lock = await journal.lockEnvironment(env, {
    waitMs: Number(waitMs),
    holder,
    onWait: (held) => process.stdout.write(`${JSON.stringify({ waiting: held.holder })}\n`),
  });
  const run = await journal.startRun({ command: `act ${env}`, env, actor: holder });
  process.stdout.write(`${JSON.stringify({ acquired: holder, run })}\n`);
  await new Promise((resolve) => setTimeout(resolve, Number(holdMs)));
  await journal.finishRun(run, 'succeeded');
  await lock.release();
} catch (error) {
  const e = error as { code?: string; message?: string; details?: unknown };
  process.stdout.write(`${JSON.stringify({ code: e.code, message: e.message, details: e.details })}\n`);
  process.exitCode = exitCodeFor(error);
} finally {
  await journal.close();
}
