import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Help, type Command, type Option } from 'commander';
import { closestMatch } from '../config/suggest.ts';
import { CONFIG_FILE_NAME, displayPath, findConfigUpward } from './config-discovery.ts';
import { PACKAGE_ROOT } from './paths.ts';

/** pnd's version, from the package.json it ships with (one source). */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

function allCommands(command: Command): Command[] {
  return [command, ...command.commands.flatMap(allCommands)];
}

/**
 * `(default: [])` and `(default: false)` say nothing a reader can use: a repeatable option starts
 * empty and a flag starts off. Those are hidden; defaults that mean something stay.
 */
function uninformative(option: Option): boolean {
  const value: unknown = option.defaultValue;
  return (Array.isArray(value) && value.length === 0) || value === false;
}

const optionDescription = function (this: Help, option: Option): string {
  if (!uninformative(option)) return Help.prototype.optionDescription.call(this, option);
  const shown = Object.assign(Object.create(Object.getPrototypeOf(option) as object) as Option, option, {
    defaultValue: undefined,
  });
  return Help.prototype.optionDescription.call(this, shown);
};

/**
 * The conventions every command shares, applied once after the commands are registered:
 * meaningful defaults in help, and `--config` found by looking upward from the current directory
 * (as git and eslint do) unless `--config` or PND_CONFIG says otherwise.
 */
export function applyConventions(program: Command, cwd: () => string = () => process.cwd()): void {
  for (const command of allCommands(program)) {
    command.configureHelp({ ...command.configureHelp(), optionDescription });
    for (const option of command.options) {
      if (option.long === '--config' && option.defaultValue === CONFIG_FILE_NAME)
        option.defaultValueDescription = `${CONFIG_FILE_NAME} here or in the nearest parent directory`;
    }
  }
  program.hook('preAction', (_program, action) => {
    if (action.getOptionValueSource('config') !== 'default') return;
    if (action.getOptionValue('config') !== CONFIG_FILE_NAME) return;
    const found = findConfigUpward(cwd());
    if (found) action.setOptionValueWithSource('config', displayPath(found, cwd()), 'default');
  });
}

/**
 * The unknown command in `args` (what follows `pnd`), if the first operand names none. Commander
 * answers `pnd nosuch --help` with the top-level help and exit 0; a typo must not look like
 * success, so main reports it before commander sees the --help.
 */
export function unknownCommandIn(
  program: Command,
  args: readonly string[],
): { name: string; hint: string } | undefined {
  const globalFlags = new Set(program.options.map((o) => o.long).filter((l) => l !== undefined));
  const first = args.find((a) => !globalFlags.has(a));
  if (first === undefined || first.startsWith('-')) return undefined;
  const names = program.commands.flatMap((c) => [c.name(), ...c.aliases()]);
  if (first === 'help' || names.includes(first)) return undefined;
  const close = closestMatch(first, names);
  return {
    name: first,
    hint: close
      ? `Did you mean "${close}"?`
      : `Commands: ${program.commands.map((c) => c.name()).join(', ')} (pnd --help).`,
  };
}
