import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { VENDORS } from './index.ts';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const SPEC_DIR = path.join(REPO, 'spec');
// The sources are not part of the repository: a fresh clone skips the regeneration check.
const SHARED = process.env['PND_SHARED'] ?? path.join(REPO, '..', 'shared');
const TARBALL = process.env['PND_OCTOKIT_TARBALL'] ?? '/tmp/oa/octokit-openapi-23.0.2.tgz';
const sourcesMissing = !existsSync(path.join(SHARED, 'specs', 'SOURCES.md')) || !existsSync(TARBALL);
const skipReason = sourcesMissing
  ? ` (SKIPPED: needs ${path.join(SHARED, 'specs')} and ${TARBALL}; set PND_SHARED / PND_OCTOKIT_TARBALL)`
  : '';

describe('spec/ as committed', () => {
  it('holds one parseable description per vendor, small enough to keep in the repository', () => {
    let total = 0;
    for (const file of readdirSync(SPEC_DIR)) total += statSync(path.join(SPEC_DIR, file)).size;
    for (const vendor of VENDORS) {
      const doc: unknown = JSON.parse(readFileSync(path.join(SPEC_DIR, `${vendor}.json`), 'utf8'));
      expect(doc).toHaveProperty('x-pnd-extract.provenance', 'spec/PROVENANCE.md');
    }
    expect(total).toBeLessThan(3_000_000);
  });

  it('has only local $refs, and every one resolves', () => {
    for (const vendor of VENDORS) {
      const text = readFileSync(path.join(SPEC_DIR, `${vendor}.json`), 'utf8');
      const doc: unknown = JSON.parse(text);
      const refs = [...text.matchAll(/"\$ref": "([^"]*)"/g)].map((m) => m[1] ?? '');
      expect(refs.length).toBeGreaterThan(0);
      for (const ref of new Set(refs)) {
        expect(ref.startsWith('#/'), `${vendor}: ${ref}`).toBe(true);
        let node: unknown = doc;
        for (const token of ref.slice(2).split('/')) {
          const key = token.replace(/~1/g, '/').replace(/~0/g, '~');
          node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined;
        }
        expect(node, `${vendor}: ${ref}`).toBeDefined();
      }
      expect(text).not.toContain('x-ms-examples');
    }
  });

  it('PROVENANCE.md names every output, its source hash and the regeneration command', () => {
    const md = readFileSync(path.join(SPEC_DIR, 'PROVENANCE.md'), 'utf8');
    for (const vendor of VENDORS) expect(md).toContain(`## spec/${vendor}.json`);
    expect(md).toContain('node scripts/extract-specs.ts');
    expect(md).toContain('sha512-pV8M7L9GY23AybNvTmo2nyjmpmnt6+2sRE/tqr0ZLQcPS4lnw7u5eZGNmwRNkBC3D7gZXbFx5AHzLUVRBXGDhg==');
    expect(md.match(/sha256 `[0-9a-f]{64}`/g)?.length).toBe(12);
    expect(md).toContain('collection envelope');
  });
});

describe('scripts/extract-specs.ts', () => {
  it.skipIf(sourcesMissing)(`regenerates spec/ byte for byte from the pinned sources${skipReason}`, () => {
    const out = mkdtempSync(path.join(tmpdir(), 'pnd-spec-'));
    try {
      execFileSync(
        process.execPath,
        [path.join(REPO, 'scripts', 'extract-specs.ts'), '--shared', SHARED, '--octokit-tarball', TARBALL, '--out', out],
        { stdio: 'pipe' },
      );
      const expected = readdirSync(SPEC_DIR).sort();
      expect(readdirSync(out).sort()).toEqual(expected);
      for (const file of expected) {
        const fresh = readFileSync(path.join(out, file));
        const committed = readFileSync(path.join(SPEC_DIR, file));
        expect(fresh.equals(committed), `${file} differs from a fresh extraction`).toBe(true);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
