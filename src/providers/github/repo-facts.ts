import type { GitHubClient } from './client.ts';
import { viaGitHub } from './errors.ts';

/**
 * Releases and per-environment deployments (with their statuses) of many repositories in one
 * GraphQL request. Every environment deployer asks for its repository in the same tick of a
 * gather; the asks are batched into one aliased query (100 repositories a query), which replaces
 * four REST requests per repository (releases, deployments, and a status list per deployment).
 * The pending deployment requests of waiting runs are batched the same way (`pending`): one
 * `nodes(ids:)` query for the runs of every repository instead of one REST read per run.
 */

export interface ReleaseFact {
  tagName: string;
  name: string | null;
  isDraft: boolean;
  createdAt: string;
  url: string;
  tagCommit: { oid: string } | null;
}

export interface DeploymentFact {
  databaseId: number | null;
  commitOid: string;
  ref: { name: string } | null;
  createdAt: string;
  creator: { login: string } | null;
  statuses: { nodes: { state: string; createdAt: string; description: string | null }[] };
}

/** What REST's `pending_deployments` says about one environment a run waits on. */
export interface PendingRequest {
  environment: { id: number | null; name: string };
  currentUserCanApprove: boolean;
  /** Logins of the users and slugs of the teams that may review. */
  reviewers: string[];
}

export interface RepoFacts {
  releases: ReleaseFact[];
  deployments: Record<string, DeploymentFact[]>;
}

const RELEASES = 20;
const DEPLOYMENTS = 5;
const STATUSES = 10;
const REPOS_PER_QUERY = 100;

interface Ask {
  owner: string;
  repo: string;
  environments: Set<string>;
  waiters: { resolve: (facts: RepoFacts) => void; reject: (error: unknown) => void }[];
}

export class GitHubRepoFacts {
  readonly #github: GitHubClient;
  #batch: Map<string, Ask> | undefined;
  #runs: Map<string, PendingAsk> | undefined;

  constructor(github: GitHubClient) {
    this.#github = github;
  }

  /**
   * The pending deployment requests of a workflow run (by its node_id from REST). Asks made in
   * the same turn of the event loop share one query (100 runs a query).
   */
  pending(runNodeId: string): Promise<PendingRequest[]> {
    if (!this.#runs) {
      const batch = new Map<string, PendingAsk>();
      this.#runs = batch;
      setImmediate(() => {
        this.#runs = undefined;
        void this.#flushPending(batch);
      });
    }
    let ask = this.#runs.get(runNodeId);
    if (!ask) {
      ask = { waiters: [] };
      this.#runs.set(runNodeId, ask);
    }
    const target = ask;
    return new Promise((resolve, reject) => target.waiters.push({ resolve, reject }));
  }

  async #flushPending(batch: Map<string, PendingAsk>): Promise<void> {
    const ids = [...batch.keys()];
    await Promise.all(
      chunks(ids, REPOS_PER_QUERY).map(async (chunk) => {
        try {
          const answer = await viaGitHub('read what the waiting runs wait for', () =>
            this.#github.graphql<{ nodes: (RawRun | null)[] }>(PENDING_QUERY, { ids: chunk }),
          );
          chunk.forEach((id, i) => {
            const run = answer.nodes[i];
            const requests = (run?.pendingDeploymentRequests.nodes ?? []).map((r): PendingRequest => ({
              environment: { id: r.environment.databaseId, name: r.environment.name },
              currentUserCanApprove: r.currentUserCanApprove,
              reviewers: r.reviewers.nodes.flatMap((n) =>
                (n?.login ?? n?.slug) ? [n.login ?? n.slug!] : [],
              ),
            }));
            for (const waiter of batch.get(id)!.waiters) waiter.resolve(requests);
          });
        } catch (error) {
          for (const id of chunk) for (const waiter of batch.get(id)!.waiters) waiter.reject(error);
        }
      }),
    );
  }

  /** The repository's recent releases and its recent deployments to `environment`. */
  get(fullName: string, environment: string): Promise<RepoFacts> {
    if (!this.#batch) {
      const batch = new Map<string, Ask>();
      this.#batch = batch;
      // Everything asked for in this turn of the event loop goes into one request.
      setImmediate(() => {
        this.#batch = undefined;
        void this.#flush(batch);
      });
    }
    const key = fullName.toLowerCase();
    let ask = this.#batch.get(key);
    if (!ask) {
      const [owner, repo] = fullName.split('/') as [string, string];
      ask = { owner, repo, environments: new Set(), waiters: [] };
      this.#batch.set(key, ask);
    }
    ask.environments.add(environment);
    const target = ask;
    return new Promise((resolve, reject) => target.waiters.push({ resolve, reject }));
  }

  async #flush(batch: Map<string, Ask>): Promise<void> {
    const asks = [...batch.values()];
    for (let start = 0; start < asks.length; start += REPOS_PER_QUERY) {
      const chunk = asks.slice(start, start + REPOS_PER_QUERY);
      try {
        const answer = await viaGitHub('read releases and deployments', () =>
          this.#github.graphql<Record<string, RawRepo | null>>(query(chunk), variables(chunk)),
        );
        chunk.forEach((ask, i) => {
          const raw = answer[`r${i}`];
          const facts: RepoFacts = {
            releases: raw?.releases.nodes ?? [],
            deployments: Object.fromEntries(
              [...ask.environments].map((env, j) => [env, raw?.[`e${j}`]?.nodes ?? []]),
            ),
          };
          for (const waiter of ask.waiters) waiter.resolve(facts);
        });
      } catch (error) {
        for (const ask of chunk) for (const waiter of ask.waiters) waiter.reject(error);
      }
    }
  }
}

interface PendingAsk {
  waiters: { resolve: (requests: PendingRequest[]) => void; reject: (error: unknown) => void }[];
}

interface RawRun {
  pendingDeploymentRequests: {
    nodes: {
      currentUserCanApprove: boolean;
      environment: { name: string; databaseId: number | null };
      reviewers: { nodes: ({ login?: string; slug?: string } | null)[] };
    }[];
  };
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}

/** A run waits on one environment at a time in practice; 10 leaves room for parallel jobs. */
const PENDING_QUERY = `query PendingDeployments($ids: [ID!]!) { nodes(ids: $ids) { ... on WorkflowRun { pendingDeploymentRequests(first: 10) { nodes { currentUserCanApprove environment { name databaseId } reviewers(first: 10) { nodes { ... on User { login } ... on Team { slug } } } } } } } }`;

type RawRepo = { releases: { nodes: ReleaseFact[] } } & Record<
  string,
  { nodes: DeploymentFact[] } | undefined
>;

const RELEASE_FIELDS = 'tagName name isDraft createdAt url tagCommit { oid }';
const DEPLOYMENT_FIELDS = `databaseId commitOid ref { name } createdAt creator { login } statuses(first: ${STATUSES}) { nodes { state createdAt description } }`;

/** Names and environments travel as variables: nothing from the config is spliced into the query. */
function query(chunk: Ask[]): string {
  const declarations: string[] = [];
  const fields = chunk.map((ask, i) => {
    declarations.push(`$o${i}: String!`, `$n${i}: String!`);
    const envs = [...ask.environments].map((_, j) => {
      declarations.push(`$r${i}e${j}: [String!]`);
      return `e${j}: deployments(environments: $r${i}e${j}, first: ${DEPLOYMENTS}, orderBy: {field: CREATED_AT, direction: DESC}) { nodes { ${DEPLOYMENT_FIELDS} } }`;
    });
    return `r${i}: repository(owner: $o${i}, name: $n${i}) { releases(first: ${RELEASES}, orderBy: {field: CREATED_AT, direction: DESC}) { nodes { ${RELEASE_FIELDS} } } ${envs.join(' ')} }`;
  });
  return `query DeployFacts(${declarations.join(', ')}) { ${fields.join(' ')} }`;
}

function variables(chunk: Ask[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  chunk.forEach((ask, i) => {
    values[`o${i}`] = ask.owner;
    values[`n${i}`] = ask.repo;
    [...ask.environments].forEach((env, j) => (values[`r${i}e${j}`] = [env]));
  });
  return values;
}
