import { readFile } from 'node:fs/promises';
import { PndError } from '../core/errors.ts';

/** Reads a template as create-an-issue does: the whole file as UTF-8, byte order mark kept. */
export async function loadIssueTemplate(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
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
}
