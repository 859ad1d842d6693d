import type { GitHubClient } from './client.ts';
import { viaGitHub } from './errors.ts';
import { NodeBatch } from './node-batch.ts';
import {
  pendingRequests,
  waitingCommit,
  WAITING_RUNS_QUERY,
  type PendingRequest,
  type RawDeploymentNode,
  type WaitingCommit,
} from './waiting-runs.ts';

export type { PendingRequest } from './waiting-runs.ts';

/**
 * Releases and per-environment deployments (with their statuses) of many repositories in one
 * GraphQL request. Every environment deployer asks for its repository in the same tick of a
 * gather; the asks are batched into one aliased query (100 repositories a query), which replaces
 * four REST requests per repository (releases, deployments, and a status list per deployment).
 * What the waiting deployments of every repository wait for is batched the same way
 * (`waitingAt`): one `nodes(ids:)` query from the deployments through their commits' check suites
 * to the waiting runs and their pending deployment requests (./waiting-runs.ts), instead of a
 * REST list of each repository's waiting runs.
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
  /** The node id, for `waitingAt`. */
  id: string;
  databaseId: number | null;
  commitOid: string;
  ref: { name: string } | null;
  createdAt: string;
  creator: { login: string } | null;
  statuses: { nodes: { state: string; createdAt: string; description: string | null }[] };
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
  readonly #pending: NodeBatch<RawRun, PendingRequest[]>;
  readonly #waiting: NodeBatch<RawDeploymentNode, WaitingCommit | null>;

  constructor(github: GitHubClient) {
    this.#github = github;
    this.#pending = new NodeBatch(github, 'read what the waiting runs wait for', PENDING_QUERY, (run) =>
      pendingRequests(run?.pendingDeploymentRequests),
    );
    this.#waiting = new NodeBatch(
      github,
      'read the runs waiting on the deployments (their commits’ check suites)',
      WAITING_RUNS_QUERY,
      waitingCommit,
    );
  }

  /**
   * The pending deployment requests of a workflow run (by its node_id from REST), for when the
   * waiting runs had to be listed by REST after all. Asks made in the same turn of the event loop
   * share one query (100 runs a query).
   */
  pending(runNodeId: string): Promise<PendingRequest[]> {
    return this.#pending.get(runNodeId);
  }

  /**
   * The commit of a waiting deployment (by its node id from `get`) and the workflow runs on it,
   * with what each waits for. Asks made in the same turn of the event loop share one query.
   */
  waitingAt(deploymentNodeId: string): Promise<WaitingCommit | null> {
    return this.#waiting.get(deploymentNodeId);
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
    const chunks: Ask[][] = [];
    for (let start = 0; start < asks.length; start += REPOS_PER_QUERY)
      chunks.push(asks.slice(start, start + REPOS_PER_QUERY));
    // In parallel: past 100 repositories a gather should not wait for one query before the next.
    await Promise.all(chunks.map((chunk) => this.#flushChunk(chunk)));
  }

  async #flushChunk(chunk: Ask[]): Promise<void> {
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

interface RawRun {
  pendingDeploymentRequests: Parameters<typeof pendingRequests>[0];
}

/** A run waits on one environment at a time in practice; 10 leaves room for parallel jobs. */
const PENDING_QUERY = `query PendingDeployments($ids: [ID!]!) { nodes(ids: $ids) { ... on WorkflowRun { pendingDeploymentRequests(first: 10) { nodes { currentUserCanApprove environment { name databaseId } reviewers(first: 10) { nodes { ... on User { login } ... on Team { slug } } } } } } } }`;

type RawRepo = { releases: { nodes: ReleaseFact[] } } & Record<
  string,
  { nodes: DeploymentFact[] } | undefined
>;

const RELEASE_FIELDS = 'tagName name isDraft createdAt url tagCommit { oid }';
const DEPLOYMENT_FIELDS = `id databaseId commitOid ref { name } createdAt creator { login } statuses(first: ${STATUSES}) { nodes { state createdAt description } }`;

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
