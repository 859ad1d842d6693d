import type { Journal } from '../journal/index.ts';

/**
 * One remote effect, done at most once across crashes and reruns (DESIGN.md §5):
 * re-read the remote state → already so? record it and stop → else journal the intent → act →
 * journal the result. A crash between `act` and the result leaves an open intent; the next run
 * reads the remote state, sees the effect happened, and closes that intent as done.
 */
export interface MutationContext {
  journal: Journal;
  runId: number;
  dryRun: boolean;
}

export interface Mutation<T> {
  /** Identity of the effect, stable across runs: e.g. `ado:brreg/altinn-studio:approval:1234:approve`. */
  key: string;
  step?: string;
  action: string;
  /** What is acted on, for people: `Authentication release R-418 Staging pre-deploy approval`. */
  target: string;
  detail?: unknown;
  /** Fresh read of the remote state: has the effect happened (by anyone)? */
  isDone: () => Promise<false | { by?: string; detail?: unknown }>;
  act: () => Promise<T>;
}

export type MutationOutcome<T> =
  | { outcome: 'done'; value: T }
  /** Already so: `resumed` when pnd did it in an earlier run (finished or crashed), else a person. */
  | { outcome: 'already'; resumed: boolean; by?: string }
  | { outcome: 'planned' };

export async function mutateOnce<T>(
  ctx: MutationContext,
  mutation: Mutation<T>,
): Promise<MutationOutcome<T>> {
  const done = await mutation.isDone();
  const open = await ctx.journal.openIntents(mutation.key);
  const record = () =>
    ctx.journal.intent(ctx.runId, {
      key: mutation.key,
      step: mutation.step,
      action: mutation.action,
      target: mutation.target,
      detail: mutation.detail,
    });
  if (done) {
    const ours = open.length > 0 || (await ctx.journal.lastResult(mutation.key))?.outcome === 'done';
    if (ctx.dryRun) return { outcome: 'already', resumed: ours, by: done.by };
    // Our own earlier attempt did it and crashed before recording: close that intent.
    for (const intent of open)
      await ctx.journal.result(intent.id, 'done', {
        confirmedBy: 'a later run re-read the remote state',
        by: done.by,
      });
    if (!ours)
      await ctx.journal.result(await record(), 'already', {
        by: done.by,
        ...(done.detail ? { detail: done.detail } : {}),
      });
    return { outcome: 'already', resumed: ours, by: done.by };
  }
  if (ctx.dryRun) return { outcome: 'planned' };
  const intent = await record();
  // A stale open intent whose effect did not happen (the call never reached the service): this
  // attempt supersedes it.
  for (const stale of open) await ctx.journal.result(stale.id, 'skipped', { supersededBy: intent });
  try {
    const value = await mutation.act();
    await ctx.journal.result(intent, 'done');
    return { outcome: 'done', value };
  } catch (error) {
    await ctx.journal.result(intent, 'failed', {
      code: (error as { code?: unknown }).code ?? null,
      message: error instanceof Error ? error.message : String(error),
    });
    throw error;
  }
}
