import type { ConfigProblem } from './problems.ts';

/**
 * Input files are UTF-8, strictly: Node's 'utf8' decoding turns invalid bytes into U+FFFD without
 * a word (a config said `TT��02` and was accepted), and a NUL is never meant. A byte order mark is
 * allowed and kept as U+FEFF, as `readFile(file, 'utf8')` keeps it (front-matter and yaml skip it).
 */
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Offset of the first byte that starts no valid UTF-8 sequence (WHATWG's decoder rules: no
 * overlong forms, no surrogates, nothing above U+10FFFF), or -1. TextDecoder says whether the
 * bytes are valid; this says where they are not.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length;) {
    const lead = bytes[i] as number;
    if (lead < 0x80) {
      i++;
      continue;
    }
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) length = 1;
    else if (lead >= 0xe0 && lead <= 0xef) {
      length = 2;
      if (lead === 0xe0) low = 0xa0;
      if (lead === 0xed) high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 3;
      if (lead === 0xf0) low = 0x90;
      if (lead === 0xf4) high = 0x8f;
    } else return i;
    for (let k = 1; k <= length; k++) {
      const next = bytes[i + k];
      if (next === undefined || next < (k === 1 ? low : 0x80) || next > (k === 1 ? high : 0xbf)) return i;
    }
    i += length + 1;
  }
  return -1;
}

/** 1-based line and column of a byte offset, the column counted in characters as editors do. */
function position(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++)
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  const before = decoder.decode(bytes.subarray(lineStart, offset));
  return { line, column: before.length + 1 };
}

/** The text of a file's bytes, or the first invalid byte or NUL as a located problem. */
export function decodeStrictUtf8(
  bytes: Uint8Array,
  file: string,
): { text: string; problem?: undefined } | { text?: undefined; problem: ConfigProblem } {
  let text: string | undefined;
  try {
    text = decoder.decode(bytes);
  } catch {
    // located below
  }
  if (text === undefined) {
    const offset = firstInvalidUtf8(bytes);
    const at = position(bytes, offset);
    return {
      problem: {
        where: `${file}:${at.line}:${at.column}`,
        ...at,
        path: '',
        message: 'The file is not valid UTF-8.',
        value: `byte 0x${(bytes[offset] ?? 0).toString(16).padStart(2, '0')} at byte offset ${offset}`,
        allowed: 'UTF-8 text (a byte order mark is allowed); save the file as UTF-8',
      },
    };
  }
  const nul = text.indexOf('\0');
  if (nul !== -1) {
    const offset = Buffer.byteLength(text.slice(0, nul));
    const at = position(bytes, offset);
    return {
      problem: {
        where: `${file}:${at.line}:${at.column}`,
        ...at,
        path: '',
        message: 'The file holds a NUL character, which text never does.',
        value: `byte 0x00 at byte offset ${offset}`,
        allowed: 'text without NUL characters: remove it (is this a binary file or UTF-16?)',
      },
    };
  }
  return { text };
}
