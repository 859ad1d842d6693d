import type {
  BotPull,
  BotPullListing,
  BotPullRepository,
  CiState,
  DependencyPRs,
  MergeMethod,
  PullState,
} from '../../capabilities/dependency-prs.ts';
import { sameLogin } from '../../capabilities/dependency-prs.ts';
import type { GitHubClient } from './client.ts';
import {
  CONCURRENT_QUERIES,
  DEFAULT_PAGE_SIZE,
  MIN_REPOS_PER_CONCURRENT_QUERY,
  pullsQuery,
  REPOS_PER_QUERY,
  type RepoSlot,
  type WireAnswer,
  type WirePull,
  type WireRepo,
} from './deps-query.ts';
import { gitHubError, viaGitHub } from './errors.ts';
import { graphqlRead } from './graphql-read.ts';

const ROLLUP: Record<string, CiState> = {
  SUCCESS: 'green',
  FAILURE: 'red',
  ERROR: 'red',
  PENDING: 'pending',
  EXPECTED: 'pending',
};

/** GraphQL names a bot "renovate" (type Bot) where REST and pnd.yaml say "renovate[bot]". */
export function actorKey(login: string, typename?: string): string {
  const base = login.toLowerCase().replace(/\[bot\]$/, '');
  return typename === 'Bot' || login.endsWith('[bot]') ? `${base}[bot]` : base;
}

function split(repo: string): { owner: string; repo: string } {
  const [owner, name] = repo.split('/') as [string, string];
  return { owner, repo: name };
}

export interface GitHubDependencyPRsOptions {
  /** Pull requests per repository per request (GitHub allows up to 100). */
  pageSize?: number;
}

/**
 * DependencyPRs on GitHub: the listing in GraphQL (the first page of every repository in one
 * round of requests: one query for up to 49 repositories; for more, up to 4 queries at once of at
 * least 25 each, or queries of 100 when there are over 400; further pages only for those that
 * have more), the fresh reads and the writes in REST.
 */
export class GitHubDependencyPRs implements DependencyPRs {
  readonly #github: GitHubClient;
  readonly #pageSize: number;

  constructor(github: GitHubClient, options: GitHubDependencyPRsOptions = {}) {
    this.#github = github;
    this.#pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  }

  async list(request: { repositories: string[]; bots: string[] }): Promise<BotPullListing> {
    const bots = new Set(request.bots.map((b) => actorKey(b)));
    const byRepo = new Map<string, BotPullRepository>();
    const missing: string[] = [];
    let viewer = '';
    const repositories = [...new Set(request.repositories)];
    let pending: (RepoSlot & { key: string })[] = repositories.map((r) => {
      const { owner, repo } = split(r);
      return { owner, name: repo, key: r };
    });
    let first = true;
    while (pending.length > 0) {
      const next: typeof pending = [];
      // The chunks are asked at once: GitHub resolves them side by side, and each answer is read
      // while the others are still on their way. Their results are taken in the input's order.
      const chunks = splitEvenly(
        pending,
        REPOS_PER_QUERY,
        MIN_REPOS_PER_CONCURRENT_QUERY,
        CONCURRENT_QUERIES,
      );
      const answers = await Promise.all(chunks.map((chunk) => this.#query(chunk, first)));
      chunks.forEach((chunk, c) => {
        const answer = answers[c]!;
        viewer ||= answer.viewer.login;
        chunk.forEach((slot, index) => {
          const wire = answer[`r${index}`] as WireRepo | null | undefined;
          if (!wire) {
            missing.push(slot.key);
            return;
          }
          let entry = byRepo.get(slot.key);
          if (!entry) {
            entry = { repo: slot.key, mergeMethods: mergeMethods(wire), pulls: [] };
            byRepo.set(slot.key, entry);
          }
          for (const node of wire.pullRequests.nodes) {
            const author = node.author ? actorKey(node.author.login, node.author.__typename) : '';
            if (bots.has(author)) entry.pulls.push(botPull(slot.key, author, node));
          }
          const page = wire.pullRequests.pageInfo;
          if (page.hasNextPage && page.endCursor) next.push({ ...slot, after: page.endCursor });
        });
      });
      pending = next;
      first = false;
    }
    return {
      viewer: actorKey(viewer, viewer.endsWith('[bot]') ? 'Bot' : undefined),
      repositories: repositories.flatMap((r) => byRepo.get(r) ?? []),
      missing,
    };
  }

  async #query(slots: RepoSlot[], withSettings: boolean): Promise<WireAnswer> {
    const { query, variables } = pullsQuery(slots, this.#pageSize, withSettings);
    try {
      // A repository that does not exist answers null with a NOT_FOUND error; the others stand.
      const answer = await graphqlRead<WireAnswer>(this.#github, query, variables, ['NOT_FOUND']);
      return answer.data!;
    } catch (error) {
      throw gitHubError(error, 'list the dependency bots’ pull requests');
    }
  }

  async read(repo: string, number: number): Promise<PullState> {
    return viaGitHub('read a pull request', async () => {
      const { data } = await this.#github.rest.pulls.get({ ...split(repo), pull_number: number });
      return {
        state: data.merged ? 'merged' : data.state === 'closed' ? 'closed' : 'open',
        headSha: data.head.sha,
        draft: data.draft ?? false,
        mergeable: data.mergeable,
        labels: data.labels.map((l) => l.name),
        mergedBy: data.merged_by?.login ?? null,
      };
    });
  }

  async approvedBy(repo: string, number: number, login: string, sha: string): Promise<boolean> {
    return viaGitHub('read a pull request’s reviews', async () => {
      const reviews = await this.#github.paginate(this.#github.rest.pulls.listReviews, {
        ...split(repo),
        pull_number: number,
        per_page: 100,
      });
      return reviews.some(
        (r) => r.state === 'APPROVED' && r.commit_id === sha && sameLogin(r.user?.login ?? '', login),
      );
    });
  }

  async approve(repo: string, number: number, sha: string, body: string): Promise<void> {
    await viaGitHub('approve a pull request', () =>
      this.#github.rest.pulls.createReview({
        ...split(repo),
        pull_number: number,
        commit_id: sha,
        event: 'APPROVE',
        body,
      }),
    );
  }

  async merge(
    repo: string,
    number: number,
    options: { method: MergeMethod; sha: string },
  ): Promise<{ sha: string }> {
    return viaGitHub('merge a pull request', async () => {
      const { data } = await this.#github.rest.pulls.merge({
        ...split(repo),
        pull_number: number,
        merge_method: options.method,
        sha: options.sha,
      });
      return { sha: data.sha };
    });
  }
}

/**
 * `items` in as few chunks of at most `max` as it takes, but spread over up to `parallel` chunks
 * of at least `min` each when there are that many: 100 repositories are 4 queries of 25, 30 are
 * one query, 250 are 3 of 84 or fewer.
 */
export function splitEvenly<T>(items: readonly T[], max: number, min: number, parallel: number): T[][] {
  const count = Math.max(
    Math.ceil(items.length / max),
    Math.min(parallel, Math.floor(items.length / min)),
    1,
  );
  const size = Math.ceil(items.length / count);
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

function mergeMethods(wire: WireRepo): MergeMethod[] {
  const methods: MergeMethod[] = [];
  if (wire.squashMergeAllowed) methods.push('squash');
  if (wire.mergeCommitAllowed) methods.push('merge');
  if (wire.rebaseMergeAllowed) methods.push('rebase');
  return methods;
}

function botPull(repo: string, author: string, node: WirePull): BotPull {
  const rollup = node.statusCheckRollup?.state;
  return {
    repo,
    number: node.number,
    title: node.title,
    body: node.body,
    url: node.url,
    author,
    createdAt: node.createdAt,
    labels: (node.labels?.nodes ?? []).map((l) => l.name),
    draft: node.isDraft,
    headSha: node.headRefOid,
    mergeable:
      node.mergeable === 'MERGEABLE'
        ? 'mergeable'
        : node.mergeable === 'CONFLICTING'
          ? 'conflicting'
          : 'unknown',
    reviewDecision:
      node.reviewDecision === 'APPROVED'
        ? 'approved'
        : node.reviewDecision === 'CHANGES_REQUESTED'
          ? 'changes-requested'
          : node.reviewDecision === 'REVIEW_REQUIRED'
            ? 'review-required'
            : null,
    ci: rollup ? (ROLLUP[rollup] ?? 'pending') : 'none',
  };
}
