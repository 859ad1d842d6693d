import { readFile } from 'node:fs/promises';
import { decodeStrictUtf8 } from '../config/strict-utf8.ts';
import { PndError } from '../core/errors.ts';

/**
 * Reads a template as create-an-issue does, the whole file as UTF-8 with the byte order mark
 * kept, except that invalid UTF-8 or a NUL is refused with its line and column instead of
 * becoming U+FFFD in the issue.
 */
export async function loadIssueTemplate(file: string): Promise<string> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new PndError('input-invalid', 'The issue template cannot be read.', {
      details: {
        where: file,
        hint:
          code === 'ENOENT'
            ? 'Check the path given to --template (relative to the current directory).'
            : 'Check that the file is readable.',
        reason: code,
      },
      cause: error,
    });
  }
  const decoded = decodeStrictUtf8(bytes, file);
  if (decoded.problem)
    throw new PndError('input-invalid', 'The issue template cannot be read.', {
      details: {
        where: decoded.problem.where,
        hint: 'Save the template as UTF-8 text (a byte order mark is allowed), without NUL characters.',
        problems: [decoded.problem],
      },
    });
  return decoded.text;
}
