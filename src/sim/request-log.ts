/** One handled request, as tests and the control API see it. */
export interface LoggedRequest {
  seq: number;
  /** Virtual time of the request (ISO). */
  at: string;
  vendor: string;
  method: string;
  path: string;
  query: string;
  status: number;
  template?: string;
  operationId?: string;
  principal?: string;
  fault?: string;
  /** Request body for mutations, so tests can assert what was sent (never tokens). */
  body?: unknown;
  /** Spec drift or request problems seen on this request. */
  problems?: string[];
  unknownRoute?: boolean;
}

export type Problem = { seq: number; kind: 'request' | 'response' | 'unknown-route'; message: string };

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The request log. Bounded so a long-running `pnd sim` cannot grow without limit; problems are
 * kept separately (and bounded too) so a test can always ask "did anything drift?".
 */
export class RequestLog {
  #entries: LoggedRequest[] = [];
  #problems: Problem[] = [];
  #seq = 0;
  readonly capacity: number;

  constructor(capacity = 10_000) {
    this.capacity = capacity;
  }

  nextSeq(): number {
    return ++this.#seq;
  }

  record(entry: LoggedRequest): void {
    this.#entries.push(entry);
    if (this.#entries.length > this.capacity) this.#entries.splice(0, this.#entries.length - this.capacity);
  }

  problem(problem: Problem): void {
    this.#problems.push(problem);
    if (this.#problems.length > 10_000) this.#problems.shift();
  }

  entries(since = 0): LoggedRequest[] {
    return this.#entries.filter((e) => e.seq > since);
  }

  mutations(since = 0): LoggedRequest[] {
    return this.entries(since).filter(isMutation);
  }

  problems(): Problem[] {
    return [...this.#problems];
  }

  clear(): void {
    this.#entries = [];
    this.#problems = [];
  }

  get lastSeq(): number {
    return this.#seq;
  }
}

export function isGraphqlMutation(e: LoggedRequest): boolean {
  if (e.vendor !== 'github-graphql') return false;
  const query = (e.body as { query?: unknown } | undefined)?.query;
  return typeof query === 'string' && /^\s*mutation\b/.test(query);
}

/** A request that changes the estate: a write method, or a GraphQL mutation (queries are POSTs too). */
export function isMutation(e: LoggedRequest): boolean {
  return (MUTATING.has(e.method) && e.vendor !== 'github-graphql') || isGraphqlMutation(e);
}
