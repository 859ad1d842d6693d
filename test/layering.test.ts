import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The layering of DESIGN.md §5 and issue 11: imports run down, never up —
 *   cli/action/server -> app -> train/status/deps/history -> providers
 *   -> capabilities/checks/checklist/template -> config -> journal -> core,
 * and `sim` and `demo` are imported only by the CLI level (and by tests, benches and scripts,
 * which live outside src/). Folders in one layer may import each other.
 */
const LAYERS: readonly (readonly string[])[] = [
  ['core'],
  ['journal'],
  ['config'],
  ['capabilities', 'checks', 'checklist', 'template'],
  ['providers'],
  ['train', 'status', 'deps', 'history'],
  ['app'],
  ['cli', 'action', 'server', 'demo', 'sim'],
];
/** Who may import the simulator and the demo: the CLI level, and they themselves. */
const SIM_AND_DEMO_IMPORTERS = new Set(['cli', 'demo', 'sim']);
const VENDOR_SDK = /@azure\/|@kubernetes\/|@octokit\//;

const SRC = resolve('src');
const rank = new Map(LAYERS.flatMap((folders, i) => folders.map((f) => [f, i] as const)));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(entry.name) && !/\.test\.ts$/.test(entry.name) ? [path] : [];
  });
}

/** Static imports and re-exports, and dynamic `import('...')` of relative paths. */
export function relativeImports(text: string): string[] {
  const found: string[] = [];
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"](\.{1,2}\/[^'"]+)['"]/gm;
  for (const match of text.matchAll(pattern)) found.push(match[1]!);
  return found;
}

const folderOf = (file: string) => relative(SRC, file).split('/')[0]!;

/** Every import that breaks the layering, as `from -> to`. */
export function layeringViolations(files: { path: string; text: string }[]): string[] {
  const violations: string[] = [];
  for (const { path, text } of files) {
    const from = folderOf(path);
    for (const spec of relativeImports(text)) {
      const target = resolve(dirname(path), spec);
      if (!target.startsWith(SRC + '/')) continue;
      const to = folderOf(target);
      if (to === from) continue;
      const where = `${relative('.', path)} -> ${relative('.', target)}`;
      if ((to === 'sim' || to === 'demo') && !SIM_AND_DEMO_IMPORTERS.has(from)) {
        violations.push(`${where} (sim and demo are for the CLI level, tests and benches only)`);
        continue;
      }
      const a = rank.get(from);
      const b = rank.get(to);
      if (a === undefined || b === undefined)
        violations.push(`${where} (a folder the layering does not know)`);
      else if (b > a) violations.push(`${where} (${from} is below ${to})`);
    }
  }
  return violations;
}

describe('the layering of src/', () => {
  const files = sourceFiles(SRC).map((path) => ({ path, text: readFileSync(path, 'utf8') }));

  it('has no import that runs up a layer, and sim/demo only under the CLI level', () => {
    expect(layeringViolations(files)).toEqual([]);
  });

  it('uses the vendor SDKs only inside src/providers/ (and the simulator)', () => {
    const outside = files
      .filter(({ path }) => !['providers', 'sim'].includes(folderOf(path)))
      .filter(({ text }) => VENDOR_SDK.test(text))
      .map(({ path }) => relative('.', path));
    expect(outside).toEqual([]);
  });

  it('recognises the imports it guards, so a violation cannot hide', () => {
    const file = (folder: string, text: string) => ({ path: join(SRC, folder, 'x.ts'), text });
    expect(
      layeringViolations([
        file('config', "import { x } from '../providers/registry.ts';"),
        file('train', "export { y } from '../app/compose.ts';"),
        file('checks', "const m = await import('../sim/simulator.ts');"),
        file('app', "import type { Z } from '../train/deploy/model.ts';"),
      ]),
    ).toEqual([
      'src/config/x.ts -> src/providers/registry.ts (config is below providers)',
      'src/train/x.ts -> src/app/compose.ts (train is below app)',
      'src/checks/x.ts -> src/sim/simulator.ts (sim and demo are for the CLI level, tests and benches only)',
    ]);
  });
});
