import { PndError } from '../core/errors.ts';
import { parseExport, serializeExport, summaryOf, type TransferSummary } from './transfer.ts';
import type { Journal } from './types.ts';

/** The whole journal as export text, and what it holds. */
export async function exportJournal(
  journal: Journal,
  exportedAt: string,
): Promise<{ text: string; summary: TransferSummary }> {
  const tables = await journal.dumpTables();
  return { text: serializeExport(tables, journal.path, exportedAt), summary: summaryOf(tables) };
}

export interface ImportOutcome {
  /** What the file holds (verified against its own header and hash). */
  file: TransferSummary;
  /** What the journal holds after the import; absent in a dry run. */
  imported?: TransferSummary;
}

/**
 * Loads an export into an empty journal, then reads the journal back and compares row counts and
 * the content hash with the file's. A journal that already holds anything is refused: merging two
 * records would renumber one of them, and ids are what results and intents refer to.
 */
export async function importJournal(
  journal: Journal,
  text: string,
  file: string,
  options: { dryRun: boolean },
): Promise<ImportOutcome> {
  const { tables } = parseExport(text, file);
  const fileSummary = summaryOf(tables);
  const before = summaryOf(await journal.dumpTables());
  const held = Object.entries(before.counts).filter(([, n]) => n > 0);
  if (held.length > 0)
    throw new PndError('input-invalid', 'The journal to import into is not empty.', {
      details: {
        where: journal.path,
        rows: Object.fromEntries(held),
        hint: 'Import into a new journal (a new SQLite file, or an empty PostgreSQL database or schema); nothing was written.',
      },
    });
  if (options.dryRun) return { file: fileSummary };
  await journal.loadTables(tables);
  const names = new Set(tables.map((t) => t.name));
  const imported = summaryOf((await journal.dumpTables()).filter((t) => names.has(t.name)));
  const countsDiffer = JSON.stringify(imported.counts) !== JSON.stringify(fileSummary.counts);
  if (countsDiffer || imported.sha256 !== fileSummary.sha256)
    throw new PndError('journal-failed', 'The imported journal does not match the export.', {
      details: {
        where: journal.path,
        expected: fileSummary,
        found: imported,
        hint: 'Do not use the imported journal: remove it, and report this with both journals’ versions.',
      },
    });
  return { file: fileSummary, imported };
}
