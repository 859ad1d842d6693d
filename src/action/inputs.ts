import { PndError } from '../core/errors.ts';
import type { BoardRef } from '../capabilities/issue-tracker.ts';

/**
 * Action inputs as the runner passes them: INPUT_<NAME> with the name upper-cased and spaces
 * turned into underscores (dashes are kept, so `project-fields` is INPUT_PROJECT-FIELDS).
 */
export function input(env: NodeJS.ProcessEnv, name: string): string {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

/** create-an-issue's list inputs: comma-separated, blanks dropped. */
export function listInput(text: string): string[] | undefined {
  if (text === '') return undefined;
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export function booleanInput(text: string, name: string): boolean {
  if (text === '' || /^false$/i.test(text)) return false;
  if (/^true$/i.test(text)) return true;
  throw new PndError('input-invalid', 'The input must be true or false.', {
    details: { where: `input ${name}`, value: text },
  });
}

export function milestoneInput(text: string): number | undefined {
  if (text === '') return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) {
    throw new PndError('input-invalid', 'The milestone input must be a milestone number.', {
      details: { where: 'input milestone', value: text },
    });
  }
  return n;
}

const BOARD_URL = /^https:\/\/[^/]+\/(orgs|users)\/([^/]+)\/projects\/(\d+)\/?$/;
const BOARD_SHORT = /^([A-Za-z0-9-]+)\/(\d+)$/;

/** `https://github.com/orgs/ORG/projects/N`, `.../users/USER/projects/N` or `ORG/N`. */
export function boardInput(text: string): BoardRef | undefined {
  if (text === '') return undefined;
  const url = BOARD_URL.exec(text);
  if (url)
    return { ownerType: url[1] === 'orgs' ? 'organization' : 'user', owner: url[2]!, number: Number(url[3]) };
  const short = BOARD_SHORT.exec(text);
  if (short) return { ownerType: 'organization', owner: short[1]!, number: Number(short[2]) };
  throw new PndError('input-invalid', 'The project input is not a project URL or ORG/NUMBER.', {
    details: { where: 'input project', value: text, hint: 'e.g. https://github.com/orgs/Altinn/projects/42' },
  });
}

/** `Status=In progress`, one per line or comma-separated. */
export function fieldsInput(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const part of text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq <= 0 || eq === part.length - 1) {
      throw new PndError('input-invalid', 'A project field must be written Field=Option.', {
        details: { where: 'input project-fields', value: part },
      });
    }
    fields[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return fields;
}
