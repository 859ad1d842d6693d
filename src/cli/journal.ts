import { existsSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { loadEstate } from '../config/load.ts';
import { journalLocation, openJournal } from '../journal/index.ts';
import { printJson } from './output.ts';
import { runAction, type GlobalOptions } from './run-action.ts';

export interface TransferOptions {
  config: string;
  journal?: string;
}

export interface JournalCommandOptions {
  config: string;
  journal?: string;
}

const configOption = () =>
  new Option('-c, --config <file>', 'the estate configuration (for journal.url)')
    .env('PND_CONFIG')
    .default('pnd.yaml');

/** `pnd journal …`: the journal itself (its schema, moving it), not the train. */
export function registerJournalCommands(program: Command): void {
  const journal = program.command('journal').description('the journal: where pnd records what it did');
  journal
    .command('export')
    .description('write the whole journal as NDJSON (every table, ids and times kept) with a content hash')
    .addOption(configOption())
    .addOption(
      new Option('--journal <file|url>', 'the journal to export: a SQLite file or a postgres:// URL').env(
        'PND_JOURNAL',
      ),
    )
    .option('-o, --out <file>', 'write the export here instead of standard output')
    .addHelpText(
      'after',
      `
Reads the journal (a SQLite file is opened read-only) and writes one header line (format
"pnd-journal-export" version 1, each table's columns and row count, the sha256 content hash)
and one line per row. Every table of the journal is carried except the schema's bookkeeping and
the live lock holders (environment_locks). Row counts and the hash are printed (stderr when the
export goes to standard output; --json: as JSON).

Examples:
  pnd journal export --out journal.ndjson
  pnd journal export --journal ~/.local/state/pnd/journal.sqlite > journal.ndjson`,
    )
    .action(
      runAction(async (options: TransferOptions & { out?: string }, command: Command) => {
        const { runJournalExport } = await import('./journal-transfer-run.ts');
        return runJournalExport({ ...options, json: Boolean(command.optsWithGlobals<GlobalOptions>().json) });
      }),
    );
  journal
    .command('import')
    .description('load an export into an empty journal (SQLite or PostgreSQL) and check counts and hash')
    .argument('<file>', 'a file written by `pnd journal export`')
    .addOption(configOption())
    .addOption(
      new Option('--journal <file|url>', 'the journal to fill: a SQLite file or a postgres:// URL').env(
        'PND_JOURNAL',
      ),
    )
    .option('--dry-run', 'check the file and that the journal is empty; write nothing', false)
    .option('-y, --yes', 'act without asking (CI)', false)
    .addHelpText(
      'after',
      `
Checks the file against its own header (row counts, sha256), refuses a journal that already
holds anything (exit code 2), writes every row with its id and times in one transaction, then
reads the journal back and compares row counts and the content hash with the file's; a mismatch
is an error (exit code 1). Prints both. The hash is over a canonical serialization, so a SQLite
journal imported into PostgreSQL has the same hash.

Examples:
  pnd journal import journal.ndjson --journal postgres://pnd@db.example/pnd?sslmode=require --yes
  pnd journal import journal.ndjson --journal new.sqlite --dry-run`,
    )
    .action(
      runAction(
        async (
          file: string,
          options: TransferOptions & { dryRun: boolean; yes: boolean },
          command: Command,
        ) => {
          const { runJournalImport } = await import('./journal-transfer-run.ts');
          return runJournalImport(file, {
            ...options,
            json: Boolean(command.optsWithGlobals<GlobalOptions>().json),
          });
        },
      ),
    );
  journal
    .command('migrate')
    .description('bring the journal’s schema up to this pnd’s (every command also does so when it opens it)')
    .addOption(
      new Option('-c, --config <file>', 'the estate configuration (for journal.url)')
        .env('PND_CONFIG')
        .default('pnd.yaml'),
    )
    .addOption(
      new Option('--journal <file|url>', 'the journal: a SQLite file or a postgres:// URL').env(
        'PND_JOURNAL',
      ),
    )
    .addHelpText(
      'after',
      `
Applies the versioned migrations this pnd has that the journal lacks, in one transaction each,
and prints where the journal is (a URL without its password) and its schema version. Many pnd
processes may run it at once: PostgreSQL migrations are serialised by an advisory lock. A journal
written by a newer pnd is refused (exit code 2): upgrade pnd.

Where: --journal (or PND_JOURNAL), else PND_JOURNAL_URL, else journal.url in the config, else the
SQLite file in the platform state directory.`,
    )
    .action(
      runAction(async (options: JournalCommandOptions & GlobalOptions, command: Command) => {
        const json = Boolean(command.optsWithGlobals<GlobalOptions>().json);
        const configUrl = existsSync(options.config)
          ? loadEstate(options.config).estate.journal?.url
          : undefined;
        const opened = await openJournal({ path: journalLocation({ location: options.journal, configUrl }) });
        try {
          const version = await opened.schemaVersion();
          if (json) printJson({ journal: opened.path, schemaVersion: version.current, known: version.known });
          else
            process.stdout.write(
              `${opened.path}: journal schema ${version.current} (this pnd knows ${version.known})\n`,
            );
        } finally {
          await opened.close();
        }
      }),
    );
}
