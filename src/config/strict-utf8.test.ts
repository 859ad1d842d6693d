import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exitCodeFor, PndError } from '../core/errors.ts';
import { loadIssueTemplate } from '../template/load.ts';
import { loadEstate } from './load.ts';
import { decodeStrictUtf8, firstInvalidUtf8 } from './strict-utf8.ts';

const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function decodes(bytes: Uint8Array): boolean {
  try {
    fatal.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Bytes that are never valid anywhere in UTF-8, and lead bytes cut short. */
const badBytes = fc.constantFrom(
  [0xff],
  [0xfe],
  [0xc0, 0xaf],
  [0x80],
  [0xed, 0xa0, 0x80],
  [0xe2, 0x82],
  [0xf5],
);
const textWithoutNul = fc.string({ unit: 'grapheme', maxLength: 60 }).map((s) => s.replaceAll('\0', ''));
const lines = fc.array(textWithoutNul, { minLength: 1, maxLength: 6 }).map((parts) => parts.join('\n'));

/** 1-based line and column (in UTF-16 units, as the rest of pnd counts) of an offset in text. */
function positionIn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - (before.lastIndexOf('\n') + 1) + 1 };
}

describe('strict UTF-8 decoding', () => {
  it('finds an invalid byte exactly when the WHATWG decoder rejects the bytes, and the first one', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const offset = firstInvalidUtf8(bytes);
        expect(offset === -1).toBe(decodes(bytes));
        if (offset !== -1) {
          expect(offset).toBeLessThan(bytes.length);
          // Everything before it decodes; the sequence starting there never does.
          expect(decodes(bytes.subarray(0, offset))).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('names the line and column where invalid bytes or a NUL sit in otherwise valid text', () => {
    fc.assert(
      fc.property(lines, fc.nat(), fc.oneof(badBytes, fc.constant([0x00])), (text, at, bad) => {
        const offset = at % (text.length + 1);
        // Insert between whole characters: never inside a surrogate pair.
        const cut = /[\uDC00-\uDFFF]/.test(text[offset] ?? '') ? offset - 1 : offset;
        const bytes = Buffer.concat([
          Buffer.from(text.slice(0, cut)),
          Buffer.from(bad),
          Buffer.from(text.slice(cut)),
        ]);
        const result = decodeStrictUtf8(bytes, 'pnd.yaml');
        const { line, column } = positionIn(text, cut);
        expect(result.problem).toMatchObject({ where: `pnd.yaml:${line}:${column}`, line, column });
      }),
      { numRuns: 500 },
    );
  });

  it('accepts valid text with a byte order mark, and keeps the mark as readFile does', () => {
    fc.assert(
      fc.property(lines, (text) => {
        const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
        expect(decodeStrictUtf8(bytes, 'f').text).toBe(bytes.toString('utf8'));
      }),
    );
  });

  const dir = mkdtempSync(join(tmpdir(), 'pnd-utf8-'));

  it('refuses pnd.yaml with invalid UTF-8: config-invalid (exit 2) at file:line:col', () => {
    const file = join(dir, 'pnd.yaml');
    writeFileSync(
      file,
      Buffer.concat([Buffer.from('team:\n  name: TT'), Buffer.from([0xff, 0xfe]), Buffer.from('02\n')]),
    );
    let error: unknown;
    try {
      loadEstate(file, {});
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(PndError);
    expect(exitCodeFor(error)).toBe(2);
    expect((error as PndError).details.where).toBe(`${file}:2:11`);
  });

  it('refuses a template with a NUL: input-invalid (exit 2) at file:line:col', async () => {
    const file = join(dir, 'template.md');
    writeFileSync(file, '---\ntitle: W 2026\n---\n- [ ] a\0b\n');
    const error = await loadIssueTemplate(file).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(exitCodeFor(error)).toBe(2);
    expect((error as PndError).details.where).toBe(`${file}:4:8`);
  });
});
