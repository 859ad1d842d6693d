import type { MergePolicy } from '../config/schema.ts';
import { parseDuration } from '../core/duration.ts';
import type { MergeMethod } from '../capabilities/dependency-prs.ts';
import type { Triaged } from './triage.ts';

/**
 * The merge-safe policy (pnd.yaml patchDay.mergePolicy): pnd merges a bot's pull request on its
 * own only when nobody needs to look at it, its update type is allowed, CI is green, GitHub says
 * it merges cleanly, it is no draft, carries no blocking label, and is old enough.
 */
export type Blocker =
  | 'update-type'
  | 'group-contents-unknown'
  | 'ci-pending'
  | 'ci-none'
  | 'mergeability-unknown'
  | 'draft'
  | 'blocking-label'
  | 'too-new'
  | 'no-merge-method';

export interface MergeDecision {
  safe: boolean;
  blockers: Blocker[];
}

export function mergeDecision(
  t: Triaged,
  policy: MergePolicy,
  context: { now: number; mergeMethods: MergeMethod[] },
): MergeDecision {
  const blockers: Blocker[] = [];
  const { pull, classification: c } = t;
  const allowed = new Set<string>(policy.updateTypes);
  if (c.updateType === 'group') {
    // A group is judged by its largest update; unknown contents are never merged unseen.
    if (c.groupMax === null) blockers.push('group-contents-unknown');
    else if (!allowed.has(c.groupMax)) blockers.push('update-type');
  } else if (c.updateType !== 'unknown' && !allowed.has(c.updateType)) blockers.push('update-type');
  if (pull.ci === 'pending') blockers.push('ci-pending');
  if (pull.ci === 'none') blockers.push('ci-none');
  if (pull.mergeable === 'unknown') blockers.push('mergeability-unknown');
  if (pull.draft) blockers.push('draft');
  if (hasBlockingLabel(pull.labels, policy.blockingLabels)) blockers.push('blocking-label');
  // The pull request's age is the release's age at least: the bot opened it after the release.
  const minimum = policy.minimumReleaseAge ? (parseDuration(policy.minimumReleaseAge) ?? 0) : 0;
  if (context.now - Date.parse(pull.createdAt) < minimum) blockers.push('too-new');
  if (context.mergeMethods.length === 0) blockers.push('no-merge-method');
  // Needing a human is its own verdict (needsHuman, reasons), not a blocker: docs/patch-day.md.
  return { safe: !t.needsHuman && blockers.length === 0, blockers };
}

export function hasBlockingLabel(labels: string[], blocking: string[]): boolean {
  const set = new Set(blocking.map((l) => l.trim().toLowerCase()));
  return labels.some((l) => set.has(l.trim().toLowerCase()));
}

export const BLOCKER_TEXT: Record<Blocker, string> = {
  'update-type': 'update type not in the merge policy',
  'group-contents-unknown': 'group contents unknown',
  'ci-pending': 'CI still running',
  'ci-none': 'no CI',
  'mergeability-unknown': 'GitHub has not computed mergeability yet',
  draft: 'draft',
  'blocking-label': 'blocking label',
  'too-new': 'younger than the minimum release age',
  'no-merge-method': 'the repository allows no merge method',
};
