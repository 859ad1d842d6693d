import { createHash } from 'node:crypto';
import { PndError } from '../core/errors.ts';
import type { TableRows } from './types.ts';

/**
 * `pnd journal export` / `import`: a journal as NDJSON. The first line is a header (format,
 * version, per table its columns and row count, and the content hash); then one line per row,
 * `{"table": name, "row": [values in column order]}`. Line-oriented so a year of entries is
 * written and read without one giant JSON document, and `grep`/`jq` work on it.
 */
export const EXPORT_FORMAT = 'pnd-journal-export';
export const EXPORT_VERSION = 1;

export interface ExportHeader {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  /** Where it came from, as shown (a URL without its password). */
  source: string;
  exportedAt: string;
  tables: { name: string; columns: string[]; references: string[]; rows: number }[];
  /** sha256 over the canonical serialization (see `contentHash`). */
  sha256: string;
}

export interface TransferSummary {
  counts: Record<string, number>;
  sha256: string;
}

/**
 * The content hash of a journal: tables by name; within a table, each row as the JSON of its
 * values keyed by column name in name order; rows sorted by that text. The order a database
 * returns rows in, its column order and its driver's number types do not change it.
 */
export function contentHash(tables: readonly TableRows[]): string {
  const hash = createHash('sha256');
  for (const table of [...tables].sort((a, b) => compare(a.name, b.name))) {
    const order = table.columns.map((c, i) => [c, i] as const).sort((a, b) => compare(a[0], b[0]));
    const lines = table.rows.map((row) => JSON.stringify(order.map(([c, i]) => [c, row[i] ?? null])));
    lines.sort(compare);
    hash.update(`${JSON.stringify(table.name)}\n`);
    for (const line of lines) hash.update(`${line}\n`);
  }
  return hash.digest('hex');
}

/** Code-unit order: the same everywhere (no locale, unlike a database's collation). */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function summaryOf(tables: readonly TableRows[]): TransferSummary {
  return {
    counts: Object.fromEntries(
      [...tables].sort((a, b) => compare(a.name, b.name)).map((t) => [t.name, t.rows.length]),
    ),
    sha256: contentHash(tables),
  };
}

export function serializeExport(tables: readonly TableRows[], source: string, exportedAt: string): string {
  const header: ExportHeader = {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    source,
    exportedAt,
    tables: tables.map((t) => ({
      name: t.name,
      columns: t.columns,
      references: t.references,
      rows: t.rows.length,
    })),
    sha256: contentHash(tables),
  };
  const lines = [JSON.stringify(header)];
  for (const table of tables)
    for (const row of table.rows) lines.push(JSON.stringify({ table: table.name, row }));
  return `${lines.join('\n')}\n`;
}

/** Reads an export back, refusing anything that is not one whole (line:column in the error). */
export function parseExport(text: string, file: string): { header: ExportHeader; tables: TableRows[] } {
  const lines = text.split('\n');
  const bad = (line: number, message: string, hint: string) =>
    new PndError('input-invalid', message, { details: { where: `${file}:${line}:1`, hint } });
  let header: ExportHeader;
  try {
    header = JSON.parse(lines[0] ?? '') as ExportHeader;
  } catch {
    throw bad(1, 'The file is not a pnd journal export.', 'Give a file written by `pnd journal export`.');
  }
  if (header?.format !== EXPORT_FORMAT)
    throw bad(1, 'The file is not a pnd journal export.', 'Give a file written by `pnd journal export`.');
  if (header.version !== EXPORT_VERSION)
    throw bad(
      1,
      `The export is format version ${String(header.version)}; this pnd reads version ${EXPORT_VERSION}.`,
      'Import it with the pnd version that exported it, or a newer one.',
    );
  const tables = new Map<string, TableRows>(
    header.tables.map((t) => [
      t.name,
      { name: t.name, columns: t.columns, references: t.references, rows: [] },
    ]),
  );
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    let parsed: { table?: unknown; row?: unknown };
    try {
      parsed = JSON.parse(line) as { table?: unknown; row?: unknown };
    } catch {
      throw bad(i + 1, 'A line of the export is not JSON.', 'The file is damaged: export the journal again.');
    }
    const table = typeof parsed.table === 'string' ? tables.get(parsed.table) : undefined;
    if (!table || !Array.isArray(parsed.row) || parsed.row.length !== table.columns.length)
      throw bad(
        i + 1,
        'A row of the export does not match its header.',
        'The file is damaged: export the journal again.',
      );
    table.rows.push(parsed.row as unknown[]);
  }
  const result = [...tables.values()];
  for (const declared of header.tables) {
    const got = tables.get(declared.name)!.rows.length;
    if (got !== declared.rows)
      throw bad(
        lines.length,
        `The export is incomplete: ${declared.name} has ${got} rows, its header says ${declared.rows}.`,
        'The file was cut short: export the journal again.',
      );
  }
  if (contentHash(result) !== header.sha256)
    throw bad(
      1,
      'The export’s content does not match its hash.',
      'The file was changed or damaged: export the journal again.',
    );
  return { header, tables: result };
}
