import { PndError } from '../../core/errors.ts';

/**
 * A file's bytes as strict UTF-8 (a leading BOM is allowed and dropped). Invalid bytes or a NUL
 * are refused with file:line:col instead of becoming U+FFFD in the estate (`TT��02`).
 */
export function decodeUtf8Strict(bytes: Uint8Array, file: string): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const offset = firstInvalidByte(bytes);
    const before = new TextDecoder('utf-8').decode(bytes.subarray(0, offset));
    throw located(file, before, 'The file is not valid UTF-8.', {
      byte: offset,
      value: `0x${(bytes[offset] ?? 0).toString(16).padStart(2, '0')}`,
      hint: 'Save the file as UTF-8 (most editors: "Save with encoding").',
    });
  }
  const nul = text.indexOf('\0');
  if (nul !== -1)
    throw located(file, text.slice(0, nul), 'The file holds a NUL byte.', {
      hint: 'Remove the NUL character; a scenario is a text file.',
    });
  return text;
}

/**
 * The offset of the first byte that makes the text invalid: the shortest prefix a streaming
 * decoder refuses ends with it (a prefix cut inside a valid sequence is not refused while
 * streaming). When only the end is refused, the last sequence is cut short: its lead byte.
 */
function firstInvalidByte(bytes: Uint8Array): number {
  const refuses = (length: number): boolean => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, length), { stream: true });
      return false;
    } catch {
      return true;
    }
  };
  if (!refuses(bytes.length)) {
    let lead = bytes.length - 1;
    while (lead > 0 && bytes.length - lead < 4 && ((bytes[lead] ?? 0) & 0xc0) === 0x80) lead--;
    return lead;
  }
  let low = 1;
  let high = bytes.length;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (refuses(middle)) high = middle;
    else low = middle + 1;
  }
  return low - 1;
}

function located(file: string, before: string, message: string, details: Record<string, unknown>): PndError {
  const lines = before.replace(/^\uFEFF/, '').split('\n');
  const where = `${file}:${lines.length}:${(lines.at(-1) ?? '').length + 1}`;
  return new PndError('input-invalid', message, { details: { where, ...details } });
}
