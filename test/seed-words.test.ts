import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * pnd is for any team: the seed team's words (its environment, its change feed, its issue title,
 * its name) belong in examples/ and in the seed's fixtures, never in the code. The demo plays the
 * seed team's week by design, so it may name it; so may a path into examples/.
 */
const SEED_WORDS = /TT02|APIM|Deploy & Patching|tilgangsinfo/i;
const ALLOWED_FILES = [/^demo\//, /^cli\/demo\.ts$/, /(^|\/)fixtures\//, /\.test\.ts$/];
const EXAMPLE_PATH = /examples\/tilgangsinfo|'examples', 'tilgangsinfo'/;

const SRC = resolve('src');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? files(path) : [path];
  });
}

describe('no seed word in src/', () => {
  it('finds none outside the demo, fixtures, tests and paths into examples/', () => {
    const found = files(SRC).flatMap((file) => {
      const rel = relative(SRC, file).replaceAll('\\', '/');
      if (ALLOWED_FILES.some((pattern) => pattern.test(rel))) return [];
      return readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, i) =>
          SEED_WORDS.test(line) && !EXAMPLE_PATH.test(line) ? [`src/${rel}:${i + 1}: ${line.trim()}`] : [],
        );
    });
    expect(found).toEqual([]);
  });

  it('would catch one (the check can fail)', () => {
    expect(SEED_WORDS.test('title: Deploy & Patching W48')).toBe(true);
    expect(SEED_WORDS.test('apim.apim-tt02')).toBe(true);
  });
});
