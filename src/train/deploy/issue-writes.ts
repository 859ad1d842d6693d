import { PndError } from '../../core/errors.ts';
import type { IssueTracker } from '../../capabilities/issue-tracker.ts';
import { ensureComment, tickStep, type WeeklyIssueRef } from '../issue-progress.ts';
import type { MutationContext } from '../mutate-once.ts';

/**
 * Writes to the weekly issue during a deploy day (issue 12.5). The issue is the record people
 * read, not the deploy: a comment or tick that fails (a 502, a refused write) must not turn a
 * deployed component into a failed one or skip its verification. The failure is journaled as a
 * pending write and reported as a warning; the next run of the command writes it, once (comments
 * are found again by their hidden key, ticks by the line's state).
 */
export type IssueWrite =
  { kind: 'comment'; key: string; step?: string; body: string } | { kind: 'tick'; step: string };

const PENDING = 'issue-write-pending';
const SETTLED = 'issue-write-settled';

/** The journal key under which a component's (or a feed's) pending issue writes are kept. */
export function issueWritesKey(ownerKey: string): string {
  return `${ownerKey}:issue-writes`;
}

export interface IssueWriteOutcome {
  url?: string;
  ticked?: boolean;
  warning?: string;
}

export async function writeToIssue(
  ctx: MutationContext,
  tracker: IssueTracker,
  issue: WeeklyIssueRef,
  write: IssueWrite,
  ownerKey: string,
): Promise<IssueWriteOutcome> {
  try {
    if (write.kind === 'comment') return { url: (await ensureComment(ctx, tracker, issue, write)).url };
    return { ticked: (await tickStep(ctx, tracker, issue, write.step)).status === 'applied' };
  } catch (error) {
    // Anything but a mapped remote failure is a bug: let it surface.
    if (!(error instanceof PndError)) throw error;
    const reason = `${error.message}${typeof error.details.where === 'string' ? ` (${error.details.where})` : ''}`;
    await ctx.journal.evidence(ctx.runId, {
      kind: PENDING,
      key: issueWritesKey(ownerKey),
      step: write.step,
      data: { write, reason, code: error.code },
    });
    const what = write.kind === 'comment' ? 'the evidence comment' : `the tick of ${write.step}`;
    return {
      warning: `${what} could not be written to ${issue.url}: ${reason} — run the same command again to write it`,
    };
  }
}

/**
 * The writes earlier runs could not make, made now (each once). A write that fails again stays
 * pending under a new entry; the old one is settled either way.
 */
export async function retryPendingWrites(
  ctx: MutationContext,
  tracker: IssueTracker,
  issue: WeeklyIssueRef,
  ownerKey: string,
): Promise<string[]> {
  const entries = await ctx.journal.entries({ key: issueWritesKey(ownerKey), kind: 'evidence' });
  const settled = new Set(
    entries.filter((e) => e.action === SETTLED).map((e) => (e.data as { pending: number }).pending),
  );
  const warnings: string[] = [];
  for (const entry of entries) {
    if (entry.action !== PENDING || settled.has(entry.id)) continue;
    const { write } = entry.data as { write: IssueWrite };
    const outcome = await writeToIssue(ctx, tracker, issue, write, ownerKey);
    await ctx.journal.evidence(ctx.runId, {
      kind: SETTLED,
      key: issueWritesKey(ownerKey),
      step: write.step,
      data: { pending: entry.id, written: !outcome.warning },
    });
    if (outcome.warning) warnings.push(outcome.warning);
  }
  return warnings;
}
