import { patchStepId } from '../checklist/step-ids.ts';
import { PndError } from '../core/errors.ts';
import type { DependencyPRs } from '../capabilities/dependency-prs.ts';
import { mutateOnce, type MutationContext } from '../train/mutate-once.ts';
import type { MergeAction, PatchDayPlan } from './plan.ts';
import { hasBlockingLabel } from './policy.ts';

/**
 * The act phase: one pull request at a time (the GitHub client spaces writes at least 1 s apart),
 * each re-read first and merged only when it is still what the plan judged. A merge GitHub refuses
 * (405 not mergeable, 409 head moved) is reported and the next one goes on; only a refused token
 * stops the run, since every further write would be refused too.
 */

export type MergeOutcome = 'merged' | 'already-merged' | 'refused' | 'failed' | 'skipped' | 'planned';
export type ApprovalOutcome = 'approved' | 'already' | 'planned' | 'failed' | 'not-needed';

export interface MergeResult {
  repo: string;
  number: number;
  title: string;
  url: string;
  outcome: MergeOutcome;
  approval: ApprovalOutcome;
  method: string;
  /** Why it was skipped, refused or failed; GitHub's status and message for a refusal. */
  detail?: string;
  status?: number;
  mergeSha?: string;
}

export interface RunOptions {
  blockingLabels: string[];
  /** Told after each pull request (progress output). */
  onResult?: (result: MergeResult) => void;
}

export async function runMerges(
  ctx: MutationContext,
  prs: DependencyPRs,
  plan: PatchDayPlan,
  options: RunOptions,
): Promise<MergeResult[]> {
  const results: MergeResult[] = [];
  for (const action of plan.actions) {
    const result = await mergeOne(ctx, prs, plan.viewer, action, options);
    results.push(result);
    options.onResult?.(result);
  }
  return results;
}

async function mergeOne(
  ctx: MutationContext,
  prs: DependencyPRs,
  viewer: string,
  action: MergeAction,
  options: RunOptions,
): Promise<MergeResult> {
  const base = {
    repo: action.repo,
    number: action.number,
    title: action.title,
    url: action.url,
    method: action.method,
  };
  const step = patchStepId(action.repo);
  const target = `${action.repo}#${action.number} (${action.title})`;

  const fresh = await prs.read(action.repo, action.number);
  if (fresh.state === 'merged')
    return {
      ...base,
      outcome: 'already-merged',
      approval: 'not-needed',
      detail: `by ${fresh.mergedBy ?? 'someone'}`,
    };
  const changed =
    fresh.state === 'closed'
      ? 'closed since the plan'
      : fresh.headSha !== action.sha
        ? 'new commits since the plan'
        : fresh.draft
          ? 'turned into a draft'
          : fresh.mergeable === false
            ? 'conflicts with the base branch now'
            : hasBlockingLabel(fresh.labels, options.blockingLabels)
              ? 'got a blocking label'
              : undefined;
  if (changed) return { ...base, outcome: 'skipped', approval: 'not-needed', detail: changed };

  let approval: ApprovalOutcome = 'not-needed';
  if (action.approve) {
    try {
      const outcome = await mutateOnce(ctx, {
        key: `github:${action.repo}#${action.number}:approve:${action.sha}`,
        step,
        action: 'approve',
        target,
        // Done when approved at this commit by the token's user. Whether it was merged meanwhile
        // is the `fresh` read just above: reading the pull request again here cost a request per
        // pull request and answered the same.
        isDone: async () =>
          (await prs.approvedBy(action.repo, action.number, viewer, action.sha)) ? {} : false,
        act: () =>
          prs.approve(
            action.repo,
            action.number,
            action.sha,
            'Approved by pnd on patch day: the merge policy allows it.',
          ),
      });
      approval = outcome.outcome === 'done' ? 'approved' : outcome.outcome;
    } catch (error) {
      stopOnAuth(error);
      // Without branch protection the merge needs no review; GitHub's answer to it decides.
      approval = 'failed';
    }
  }

  try {
    const outcome = await mutateOnce(ctx, {
      key: `github:${action.repo}#${action.number}:merge`,
      step,
      action: 'merge',
      target,
      detail: { sha: action.sha, method: action.method },
      // `fresh` is the state right before, unless pnd just wrote an approval (a merge queue or
      // auto-merge may act on it): only then is the pull request read again.
      isDone: async () => {
        const now = approval === 'approved' ? await prs.read(action.repo, action.number) : fresh;
        return now.state === 'merged' ? { by: now.mergedBy ?? undefined } : false;
      },
      act: () => prs.merge(action.repo, action.number, { method: action.method, sha: action.sha }),
    });
    if (outcome.outcome === 'planned') return { ...base, outcome: 'planned', approval };
    if (outcome.outcome === 'already')
      return { ...base, outcome: 'already-merged', approval, detail: `by ${outcome.by ?? 'someone'}` };
    return { ...base, outcome: 'merged', approval, mergeSha: outcome.value.sha };
  } catch (error) {
    stopOnAuth(error);
    const e = error instanceof PndError ? error : undefined;
    const status = typeof e?.details.status === 'number' ? e.details.status : undefined;
    // GitHub's own sentence ("Pull Request is not mergeable"), without the client's docs link.
    const answer = (e?.cause as { response?: { data?: { message?: unknown } } } | undefined)?.response?.data
      ?.message;
    const vendor =
      typeof answer === 'string'
        ? answer
        : typeof e?.details.vendorMessage === 'string'
          ? e.details.vendorMessage
          : undefined;
    return {
      ...base,
      outcome: e?.code === 'conflict' ? 'refused' : 'failed',
      approval,
      ...(status ? { status } : {}),
      detail: vendor ?? (error instanceof Error ? error.message : String(error)),
    };
  }
}

function stopOnAuth(error: unknown): void {
  if (error instanceof PndError && error.code === 'auth-failed') throw error;
  // The journal is gone (with a PostgreSQL journal, the patch-day lock with it): every further
  // write would need an intent it cannot record, so the run stops rather than go on unprotected.
  if (error instanceof PndError && error.code === 'journal-failed') throw error;
  if (!(error instanceof PndError)) throw error;
}
