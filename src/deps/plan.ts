import type { MergePolicy } from '../config/schema.ts';
import { sameLogin, type BotPullListing, type MergeMethod } from '../capabilities/dependency-prs.ts';
import { mergeDecision, type MergeDecision } from './policy.ts';
import { triage, type Triaged } from './triage.ts';

export interface PlannedPull extends Triaged {
  merge: MergeDecision;
}

export interface RepoPlan {
  repo: string;
  mergeMethods: MergeMethod[];
  /** What needs a human first, then by number. */
  pulls: PlannedPull[];
}

export interface MergeAction {
  repo: string;
  number: number;
  title: string;
  url: string;
  /** The head commit the plan judged; the merge is of this commit only. */
  sha: string;
  method: MergeMethod;
  /** Approve first (the token's user is not the author and has not approved this commit). */
  approve: boolean;
}

export interface PatchDayPlan {
  viewer: string;
  repositories: RepoPlan[];
  missing: string[];
  /** Merges the policy allows, in table order. Empty unless merging was asked for. */
  actions: MergeAction[];
}

const METHOD_ORDER: MergeMethod[] = ['squash', 'merge', 'rebase'];

/** The preferred merge method when the repository allows it, else the first allowed of squash, merge, rebase. */
export function chooseMergeMethod(allowed: MergeMethod[], preferred?: MergeMethod): MergeMethod | undefined {
  if (preferred && allowed.includes(preferred)) return preferred;
  return METHOD_ORDER.find((m) => allowed.includes(m));
}

export function planPatchDay(
  listing: BotPullListing,
  policy: MergePolicy,
  options: { now: number; merge: boolean },
): PatchDayPlan {
  const actions: MergeAction[] = [];
  const repositories = listing.repositories.map((repo): RepoPlan => {
    const pulls = repo.pulls
      .map((pull) => {
        const t = triage(pull);
        return {
          ...t,
          merge: mergeDecision(t, policy, { now: options.now, mergeMethods: repo.mergeMethods }),
        };
      })
      .sort((a, b) => Number(b.needsHuman) - Number(a.needsHuman) || a.pull.number - b.pull.number);
    const method = chooseMergeMethod(repo.mergeMethods, policy.mergeMethod);
    if (options.merge && method) {
      for (const p of pulls.filter((x) => x.merge.safe)) {
        actions.push({
          repo: repo.repo,
          number: p.pull.number,
          title: p.pull.title,
          url: p.pull.url,
          sha: p.pull.headSha,
          method,
          approve:
            policy.approve &&
            !sameLogin(p.pull.author, listing.viewer) &&
            p.pull.reviewDecision !== 'approved',
        });
      }
    }
    return { repo: repo.repo, mergeMethods: repo.mergeMethods, pulls };
  });
  return { viewer: listing.viewer, repositories, missing: listing.missing, actions };
}
