import { PndError } from '../core/errors.ts';
import { NOT_EXPORTED } from './migrations.ts';
import type { TableRows, TableShape } from './types.ts';

/**
 * What both drivers share for `dumpTables`/`loadTables`: which tables are carried, in which
 * order they are written, and the check that an import's tables fit the journal's.
 */

export function isCarried(table: string): boolean {
  return !NOT_EXPORTED.includes(table);
}

/** Referenced tables first (runs before entries); a self-reference does not count. */
export function dependencyOrder<T extends TableShape>(tables: readonly T[]): T[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const done = new Set<string>();
  const ordered: T[] = [];
  const visit = (table: T, path: Set<string>) => {
    if (done.has(table.name) || path.has(table.name)) return;
    path.add(table.name);
    for (const ref of table.references) {
      const target = byName.get(ref);
      if (target && ref !== table.name) visit(target, path);
    }
    done.add(table.name);
    ordered.push(table);
  };
  for (const table of [...tables].sort((a, b) => a.name.localeCompare(b.name))) visit(table, new Set());
  return ordered;
}

/**
 * Every incoming table exists in the journal with every incoming column: a journal of another
 * schema version would otherwise lose data silently.
 */
export function assertTablesFit(
  journal: readonly TableShape[],
  incoming: readonly TableRows[],
  where: string,
): void {
  for (const table of incoming) {
    const mine = journal.find((t) => t.name === table.name);
    const missing = mine ? table.columns.filter((c) => !mine.columns.includes(c)) : [];
    if (!mine || missing.length > 0)
      throw new PndError('input-invalid', 'The journal has no place for some of the exported data.', {
        details: {
          where,
          table: table.name,
          ...(mine ? { missingColumns: missing } : { missingTable: true }),
          hint: 'Export and import with the same pnd version (run `pnd journal migrate` on both journals first).',
        },
      });
  }
}

/**
 * Rows by their first column (the id) when it is a number: a row referring to an earlier row of
 * its own table (a result to its intent) is written after it, which PostgreSQL checks per
 * statement.
 */
export function inIdOrder(rows: readonly unknown[][]): unknown[][] {
  return [...rows].sort((a, b) => (typeof a[0] === 'number' && typeof b[0] === 'number' ? a[0] - b[0] : 0));
}
