/**
 * The `DependencyPRs` capability (DESIGN.md §5): the open pull requests of the dependency bots
 * across repositories, with what patch day needs to judge them, and the two writes it makes.
 * Repositories are "owner/name" as in pnd.yaml; bots are logins as configured ("renovate[bot]").
 */

export type CiState = 'green' | 'red' | 'pending' | 'none';
export type Mergeable = 'mergeable' | 'conflicting' | 'unknown';
export type ReviewDecision = 'approved' | 'changes-requested' | 'review-required' | null;
export type MergeMethod = 'merge' | 'squash' | 'rebase';

export interface BotPull {
  repo: string;
  number: number;
  title: string;
  body: string;
  url: string;
  /** The bot, as configured: "renovate[bot]". */
  author: string;
  createdAt: string;
  labels: string[];
  draft: boolean;
  headSha: string;
  mergeable: Mergeable;
  /** null when the repository requires no review. */
  reviewDecision: ReviewDecision;
  /** Check runs and commit statuses of the head commit, rolled up. */
  ci: CiState;
}

export interface BotPullRepository {
  repo: string;
  /** The merge methods the repository allows. */
  mergeMethods: MergeMethod[];
  pulls: BotPull[];
}

export interface BotPullListing {
  /** The token's user, as GitHub names it in reviews ("oncall-kari", "github-actions[bot]"). */
  viewer: string;
  repositories: BotPullRepository[];
  /** Configured repositories GitHub does not have, or the token cannot see. */
  missing: string[];
}

/** A fresh read of one pull request, right before acting on it. */
export interface PullState {
  state: 'open' | 'closed' | 'merged';
  headSha: string;
  draft: boolean;
  /** null while GitHub computes it. */
  mergeable: boolean | null;
  labels: string[];
  mergedBy: string | null;
}

export interface DependencyPRs {
  list(request: { repositories: string[]; bots: string[] }): Promise<BotPullListing>;
  read(repo: string, number: number): Promise<PullState>;
  /** Whether `login` approved the pull request at commit `sha`. */
  approvedBy(repo: string, number: number, login: string, sha: string): Promise<boolean>;
  approve(repo: string, number: number, sha: string, body: string): Promise<void>;
  /** Merges the head `sha` only: GitHub refuses (409) when the branch moved meanwhile. */
  merge(
    repo: string,
    number: number,
    options: { method: MergeMethod; sha: string },
  ): Promise<{ sha: string }>;
}

/**
 * Whether two logins are the same account: GitHub's GraphQL names a bot "renovate" where REST and
 * pnd.yaml say "renovate[bot]".
 */
export function sameLogin(a: string, b: string): boolean {
  const base = (login: string) => login.toLowerCase().replace(/\[bot\]$/, '');
  return base(a) === base(b);
}
