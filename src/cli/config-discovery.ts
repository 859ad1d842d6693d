import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

export const CONFIG_FILE_NAME = 'pnd.yaml';

/**
 * The nearest pnd.yaml, looking in `start` and then each parent directory up to the filesystem
 * root, as git finds `.git` and eslint its config: a command works from any folder of the
 * estate's repository. Undefined when there is none (the caller then reports the missing file).
 */
export function findConfigUpward(start: string, name = CONFIG_FILE_NAME): string | undefined {
  let dir = resolve(start);
  for (;;) {
    const candidate = join(dir, name);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** The path to print for a found config: relative to the current directory, as the user thinks of it. */
export function displayPath(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel === '' ? file : rel;
}
