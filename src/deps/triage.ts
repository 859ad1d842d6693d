import type { BotPull } from '../capabilities/dependency-prs.ts';
import { classify, type Classification } from './classify.ts';

/**
 * What needs a person: the pull requests pnd must never merge on its own and people should look
 * at first. Everything else waits only for time (CI, GitHub's mergeability, the release age).
 */
export type HumanReason =
  'ci-red' | 'security' | 'major' | 'major-in-group' | 'conflict' | 'changes-requested' | 'unrecognised';

export interface Triaged {
  pull: BotPull;
  classification: Classification;
  needsHuman: boolean;
  reasons: HumanReason[];
}

export function triage(pull: BotPull): Triaged {
  const classification = classify({ title: pull.title, body: pull.body, labels: pull.labels });
  const reasons: HumanReason[] = [];
  if (pull.ci === 'red') reasons.push('ci-red');
  if (classification.security) reasons.push('security');
  if (classification.updateType === 'major') reasons.push('major');
  if (classification.updateType === 'group' && classification.groupMax === 'major')
    reasons.push('major-in-group');
  if (pull.mergeable === 'conflicting') reasons.push('conflict');
  if (pull.reviewDecision === 'changes-requested') reasons.push('changes-requested');
  if (classification.updateType === 'unknown') reasons.push('unrecognised');
  return { pull, classification, needsHuman: reasons.length > 0, reasons };
}

export const REASON_TEXT: Record<HumanReason, string> = {
  'ci-red': 'CI red',
  security: 'security fix',
  major: 'major update',
  'major-in-group': 'group with a major update',
  conflict: 'conflicts with the base branch',
  'changes-requested': 'changes requested',
  unrecognised: 'title not recognised',
};
