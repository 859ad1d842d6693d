/**
 * The GraphQL document that reads the dependency bots' pull requests of many repositories in one
 * request: one aliased `repository` field per repository (GitHub answers up to 100 in a query),
 * each with one page of open pull requests. Owner, name and cursor are variables, so no value is
 * ever spliced into the query text.
 */

export const REPOS_PER_QUERY = 100;
export const DEFAULT_PAGE_SIZE = 50;
/**
 * A large listing is asked as up to this many queries at once (GitHub's secondary limits allow
 * far more concurrent reads; the client keeps at most 10 requests in flight): a query of 100
 * repositories with 1000 pull requests takes GitHub, and pnd reading its answer, a few times a
 * round trip, and side by side those parts overlap. Fewer than MIN repositories a query is not
 * worth a request of its own.
 */
export const CONCURRENT_QUERIES = 4;
export const MIN_REPOS_PER_CONCURRENT_QUERY = 25;

const PULL_FIELDS = `
fragment DepsPull on PullRequest {
  number
  title
  body
  url
  createdAt
  isDraft
  headRefOid
  mergeable
  reviewDecision
  author { __typename login }
  labels(first: 20) { nodes { name } }
  statusCheckRollup { state }
}`;

export interface RepoSlot {
  owner: string;
  name: string;
  /** The cursor after which to read; undefined for the first page. */
  after?: string;
}

/** One query for up to REPOS_PER_QUERY repositories; `withSettings` adds the merge settings (first page). */
export function pullsQuery(
  slots: RepoSlot[],
  pageSize: number,
  withSettings: boolean,
): { query: string; variables: Record<string, unknown> } {
  const params: string[] = ['$size: Int!'];
  const fields: string[] = [];
  const variables: Record<string, unknown> = { size: pageSize };
  slots.forEach((slot, i) => {
    params.push(`$o${i}: String!`, `$n${i}: String!`, `$a${i}: String`);
    variables[`o${i}`] = slot.owner;
    variables[`n${i}`] = slot.name;
    variables[`a${i}`] = slot.after ?? null;
    fields.push(
      `  r${i}: repository(owner: $o${i}, name: $n${i}) {
    nameWithOwner${withSettings ? '\n    mergeCommitAllowed\n    squashMergeAllowed\n    rebaseMergeAllowed' : ''}
    pullRequests(states: OPEN, first: $size, after: $a${i}, orderBy: { field: CREATED_AT, direction: ASC }) {
      pageInfo { hasNextPage endCursor }
      nodes { ...DepsPull }
    }
  }`,
    );
  });
  const query = `query DependencyPulls(${params.join(', ')}) {
  viewer { login }
${fields.join('\n')}
}
${PULL_FIELDS}`;
  return { query, variables };
}

export interface WirePull {
  number: number;
  title: string;
  body: string;
  url: string;
  createdAt: string;
  isDraft: boolean;
  headRefOid: string;
  mergeable: 'MERGEABLE' | 'CONFLICTING' | 'UNKNOWN';
  reviewDecision: 'APPROVED' | 'CHANGES_REQUESTED' | 'REVIEW_REQUIRED' | null;
  author: { __typename: string; login: string } | null;
  labels: { nodes: { name: string }[] } | null;
  /** The head commit's rollup, read on the pull request itself (not through `commits(last: 1)`). */
  statusCheckRollup: { state: string } | null;
}

export interface WireRepo {
  nameWithOwner: string;
  mergeCommitAllowed?: boolean;
  squashMergeAllowed?: boolean;
  rebaseMergeAllowed?: boolean;
  pullRequests: {
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    nodes: WirePull[];
  };
}

export interface WireAnswer {
  viewer: { login: string };
  [alias: string]: WireRepo | null | { login: string };
}
