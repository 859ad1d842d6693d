/** Relay connections as GitHub serves them, with opaque "cursor:v2:" cursors. */
export interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

export interface Connection<T> {
  totalCount: number;
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
  nodes: T[];
  edges: { cursor: string; node: T }[];
}

export function cursorOf(index: number): string {
  return Buffer.from(`cursor:v2:${index}`).toString('base64');
}

function indexOf(cursor: string | null | undefined): number | undefined {
  if (!cursor) return undefined;
  const match = /^cursor:v2:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
  return match ? Number(match[1]) : undefined;
}

/** Slices `items` by first/after/last/before (the boundaries were checked before execution). */
export function connection<S, T>(items: S[], args: ConnectionArgs, view: (item: S) => T): Connection<T> {
  let start = 0;
  let end = items.length;
  const after = indexOf(args.after);
  const before = indexOf(args.before);
  if (after !== undefined) start = Math.max(start, after + 1);
  if (before !== undefined) end = Math.min(end, before);
  if (typeof args.first === 'number') end = Math.min(end, start + args.first);
  if (typeof args.last === 'number') start = Math.max(start, end - args.last);
  const slice = items.slice(start, Math.max(start, end));
  const nodes = slice.map(view);
  return {
    totalCount: items.length,
    pageInfo: {
      hasNextPage: end < items.length,
      hasPreviousPage: start > 0,
      startCursor: nodes.length > 0 ? cursorOf(start) : null,
      endCursor: nodes.length > 0 ? cursorOf(start + nodes.length - 1) : null,
    },
    nodes,
    edges: nodes.map((node, i) => ({ cursor: cursorOf(start + i), node })),
  };
}
