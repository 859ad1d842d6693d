import type { GitHubClient } from './client.ts';
import { viaGitHub } from './errors.ts';

/** GitHub answers `nodes(ids:)` for at most 100 ids. */
const IDS_PER_QUERY = 100;

interface Waiter<T> {
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

/**
 * GraphQL nodes read by id, many at once: every id asked for in one turn of the event loop goes
 * into one `nodes(ids: $ids)` query (100 ids a query, the chunks in parallel), so the deployers
 * of a gather, which all ask in the same turn, share one request instead of one each.
 * `query` takes `$ids: [ID!]!`; `parse` turns one node (null: no such node) into the answer.
 */
export class NodeBatch<Raw, T> {
  readonly #github: GitHubClient;
  readonly #action: string;
  readonly #query: string;
  readonly #parse: (node: Raw | null) => T;
  #pending: Map<string, Waiter<T>[]> | undefined;

  constructor(github: GitHubClient, action: string, query: string, parse: (node: Raw | null) => T) {
    this.#github = github;
    this.#action = action;
    this.#query = query;
    this.#parse = parse;
  }

  get(id: string): Promise<T> {
    if (!this.#pending) {
      const batch = new Map<string, Waiter<T>[]>();
      this.#pending = batch;
      setImmediate(() => {
        this.#pending = undefined;
        void this.#flush(batch);
      });
    }
    let waiters = this.#pending.get(id);
    if (!waiters) {
      waiters = [];
      this.#pending.set(id, waiters);
    }
    const target = waiters;
    return new Promise((resolve, reject) => target.push({ resolve, reject }));
  }

  async #flush(batch: Map<string, Waiter<T>[]>): Promise<void> {
    const ids = [...batch.keys()];
    const chunks: string[][] = [];
    for (let start = 0; start < ids.length; start += IDS_PER_QUERY)
      chunks.push(ids.slice(start, start + IDS_PER_QUERY));
    await Promise.all(
      chunks.map(async (chunk) => {
        try {
          const answer = await viaGitHub(this.#action, () =>
            this.#github.graphql<{ nodes: (Raw | null)[] }>(this.#query, { ids: chunk }),
          );
          chunk.forEach((id, i) => {
            const value = this.#parse(answer.nodes[i] ?? null);
            for (const waiter of batch.get(id)!) waiter.resolve(value);
          });
        } catch (error) {
          for (const id of chunk) for (const waiter of batch.get(id)!) waiter.reject(error);
        }
      }),
    );
  }
}
