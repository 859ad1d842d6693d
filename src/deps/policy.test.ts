import { describe, expect, it } from 'vitest';
import type { MergePolicy } from '../config/schema.ts';
import { sameLogin, type BotPull } from '../capabilities/dependency-prs.ts';
import { chooseMergeMethod, planPatchDay } from './plan.ts';
import { mergeDecision } from './policy.ts';
import { triage } from './triage.ts';

const NOW = Date.parse('2026-11-26T06:30:00Z');
const DAY = 86_400_000;
const POLICY: MergePolicy = {
  updateTypes: ['patch', 'minor', 'digest', 'pin', 'lockfile'],
  minimumReleaseAge: '3d',
  blockingLabels: ['do not merge', 'wip'],
  approve: true,
};

function pull(overrides: Partial<BotPull> = {}): BotPull {
  return {
    repo: 'Team/api',
    number: 1,
    title: 'Bump a from 1.0.0 to 1.0.1',
    body: '',
    url: 'https://github.com/Team/api/pull/1',
    author: 'dependabot[bot]',
    createdAt: new Date(NOW - 4 * DAY).toISOString(),
    labels: [],
    draft: false,
    headSha: 'a'.repeat(40),
    mergeable: 'mergeable',
    reviewDecision: null,
    ci: 'green',
    ...overrides,
  };
}

const decide = (p: BotPull, policy = POLICY, methods = ['squash' as const]) =>
  mergeDecision(triage(p), policy, { now: NOW, mergeMethods: methods });

describe('the merge-safe policy', () => {
  it('merges a green, mergeable, old-enough patch', () => {
    expect(decide(pull())).toEqual({ safe: true, blockers: [] });
  });

  it('counts the minimum release age from when the bot opened the PR, inclusive', () => {
    expect(decide(pull({ createdAt: new Date(NOW - 3 * DAY).toISOString() })).safe).toBe(true);
    expect(decide(pull({ createdAt: new Date(NOW - 3 * DAY + 1).toISOString() })).blockers).toEqual([
      'too-new',
    ]);
    expect(
      decide(pull({ createdAt: new Date(NOW).toISOString() }), { ...POLICY, minimumReleaseAge: undefined })
        .safe,
    ).toBe(true);
  });

  it('matches blocking labels without regard to case or surrounding spaces', () => {
    expect(decide(pull({ labels: ['dependencies', ' WIP '] })).blockers).toEqual(['blocking-label']);
  });

  it('never merges what needs a human, and says every other reason too', () => {
    // Needing a human is the pull request's needsHuman/reasons, not one of the documented blockers.
    const decision = decide(pull({ title: 'Bump a from 1.0.0 to 2.0.0', ci: 'pending', draft: true }));
    expect(decision.safe).toBe(false);
    expect(decision.blockers).toEqual(['update-type', 'ci-pending', 'draft']);
  });

  it('judges a group by its largest update, and leaves one with unknown contents', () => {
    expect(decide(pull({ title: 'Update all non-major dependencies' })).safe).toBe(true);
    expect(
      decide(pull({ title: 'Update all non-major dependencies' }), { ...POLICY, updateTypes: ['patch'] })
        .blockers,
    ).toEqual(['update-type']);
    expect(decide(pull({ title: 'Bump the nuget group with 3 updates' })).blockers).toEqual([
      'group-contents-unknown',
    ]);
  });

  it('needs a merge method the repository allows', () => {
    expect(decide(pull(), POLICY, []).blockers).toEqual(['no-merge-method']);
    expect(chooseMergeMethod(['merge', 'rebase'])).toBe('merge');
    expect(chooseMergeMethod(['squash', 'merge', 'rebase'], 'rebase')).toBe('rebase');
    expect(chooseMergeMethod(['merge'], 'squash')).toBe('merge');
    expect(chooseMergeMethod([])).toBeUndefined();
  });
});

describe('the plan', () => {
  it('approves only what the token’s user did not open and nobody approved yet', () => {
    const listing = {
      viewer: 'renovate',
      missing: [],
      repositories: [
        {
          repo: 'Team/api',
          mergeMethods: ['squash' as const],
          pulls: [
            pull({ number: 1, author: 'renovate[bot]' }),
            pull({ number: 2 }),
            pull({ number: 3, reviewDecision: 'approved' }),
          ],
        },
      ],
    };
    const plan = planPatchDay(listing, POLICY, { now: NOW, merge: true });
    expect(plan.actions.map((a) => [a.number, a.approve])).toEqual([
      [1, false],
      [2, true],
      [3, false],
    ]);
    expect(planPatchDay(listing, POLICY, { now: NOW, merge: false }).actions).toEqual([]);
  });

  it('compares logins as GitHub spells them in GraphQL and in REST', () => {
    expect(sameLogin('github-actions', 'github-actions[bot]')).toBe(true);
    expect(sameLogin('Oncall-Kari', 'oncall-kari')).toBe(true);
    expect(sameLogin('renovate', 'dependabot[bot]')).toBe(false);
  });
});
