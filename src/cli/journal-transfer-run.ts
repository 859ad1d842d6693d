// The work behind `pnd journal export` and `import`, loaded only when they run (see journal.ts).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadEstate } from '../config/load.ts';
import { PndError } from '../core/errors.ts';
import { journalLocation, openJournal } from '../journal/index.ts';
import { exportJournal, importJournal } from '../journal/transfer-run.ts';
import type { TransferSummary } from '../journal/transfer.ts';
import { confirm, requireConfirmable } from './confirm.ts';
import { printJson } from './output.ts';

interface Located {
  config: string;
  journal?: string;
  json: boolean;
}

function locate(options: Located, env: NodeJS.ProcessEnv): string {
  const configUrl = existsSync(options.config)
    ? loadEstate(options.config, env).estate.journal?.url
    : undefined;
  return journalLocation({ location: options.journal, configUrl }, env);
}

function describe(summary: TransferSummary): string {
  const counts = Object.entries(summary.counts)
    .map(([table, n]) => `${table} ${n}`)
    .join(', ');
  return `${counts}; sha256 ${summary.sha256}`;
}

export async function runJournalExport(
  options: Located & { out?: string },
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const journal = await openJournal({ path: locate(options, env), env, readOnly: true });
  try {
    const { text, summary } = await exportJournal(journal, new Date().toISOString());
    if (options.out) writeFileSync(options.out, text);
    else process.stdout.write(text);
    if (options.json && options.out) printJson({ journal: journal.path, out: options.out, ...summary });
    else
      (options.out ? process.stdout : process.stderr).write(
        `exported ${journal.path}: ${describe(summary)}\n`,
      );
    return 0;
  } finally {
    await journal.close();
  }
}

export async function runJournalImport(
  file: string,
  options: Located & { dryRun: boolean; yes: boolean },
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  requireConfirmable('pnd journal import', options);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new PndError('input-invalid', 'The export file could not be read.', {
      cause,
      details: { where: file, hint: 'Give the path of a file written by `pnd journal export`.' },
    });
  }
  // A dry run opens a SQLite journal read-only: not even an empty file is created.
  const journal = await openJournal({ path: locate(options, env), env, readOnly: options.dryRun });
  try {
    if (!options.dryRun && !options.yes) {
      const check = await importJournal(journal, text, file, { dryRun: true });
      process.stderr.write(`import into ${journal.path}: ${describe(check.file)}\n`);
      if (!(await confirm())) return 0;
    }
    const outcome = await importJournal(journal, text, file, { dryRun: options.dryRun });
    if (options.json)
      printJson({
        journal: journal.path,
        dryRun: options.dryRun,
        file: outcome.file,
        imported: outcome.imported ?? null,
      });
    else if (outcome.imported)
      process.stdout.write(
        `imported into ${journal.path}\n  file:    ${describe(outcome.file)}\n  journal: ${describe(outcome.imported)}\n  counts and hash match\n`,
      );
    else
      process.stdout.write(
        `dry run: would import into ${journal.path}: ${describe(outcome.file)}; nothing written\n`,
      );
    return 0;
  } finally {
    await journal.close();
  }
}
