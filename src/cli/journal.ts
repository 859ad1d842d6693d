import { existsSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { loadEstate } from '../config/load.ts';
import { journalLocation, openJournal } from '../journal/index.ts';
import { printJson } from './output.ts';
import { runAction, type GlobalOptions } from './run-action.ts';

export interface JournalCommandOptions {
  config: string;
  journal?: string;
}

/** `pnd journal …`: the journal itself (its schema), not the train. */
export function registerJournalCommands(program: Command): void {
  const journal = program.command('journal').description('the journal: where pnd records what it did');
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
