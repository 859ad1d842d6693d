import type { EntryFilter, RunFilter } from './types.ts';

/**
 * The SELECTs behind `entries()` and `runs()`, for both drivers: the same columns and conditions,
 * only the placeholders differ (`?` for SQLite, `$1, $2, …` for PostgreSQL).
 */
export type Placeholders = 'sqlite' | 'postgres';

interface Query {
  sql: string;
  values: (string | number)[];
}

class Where {
  readonly conditions: string[] = [];
  readonly values: (string | number)[] = [];
  readonly #placeholders: Placeholders;
  constructor(placeholders: Placeholders) {
    this.#placeholders = placeholders;
  }

  /** A placeholder for `value`, which is added to the values. */
  param(value: string | number): string {
    this.values.push(value);
    return this.#placeholders === 'sqlite' ? '?' : `$${this.values.length}`;
  }

  add(condition: string): void {
    this.conditions.push(condition);
  }

  select(table: string): Query {
    const clause = this.conditions.length ? `WHERE ${this.conditions.join(' AND ')}` : '';
    return { sql: `SELECT * FROM ${table} ${clause} ORDER BY id`, values: this.values };
  }
}

export function entriesQuery(filter: EntryFilter, placeholders: Placeholders): Query {
  const where = new Where(placeholders);
  const columns = { runId: 'run_id', key: 'key', kind: 'kind', step: 'step' } as const;
  for (const [field, column] of Object.entries(columns)) {
    const value = filter[field as keyof typeof columns];
    if (value !== undefined) where.add(`${column} = ${where.param(value)}`);
  }
  if (filter.since !== undefined) where.add(`at >= ${where.param(filter.since)}`);
  if (filter.until !== undefined) where.add(`at < ${where.param(filter.until)}`);
  // `IN (NULL)` matches nothing, as an empty list of actions should.
  if (filter.actions !== undefined)
    where.add(`action IN (${filter.actions.map((a) => where.param(a)).join(', ') || 'NULL'})`);
  return where.select('entries');
}

export function runsQuery(filter: RunFilter, placeholders: Placeholders): Query {
  const where = new Where(placeholders);
  if (filter.since !== undefined) where.add(`started_at >= ${where.param(filter.since)}`);
  if (filter.until !== undefined) where.add(`started_at < ${where.param(filter.until)}`);
  return where.select('runs');
}
