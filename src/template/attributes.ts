import type { ConfigProblem } from '../config/problems.ts';
import { formatValue } from '../config/problems.ts';
import { locate, type FrontMatter } from './front-matter.ts';

export interface IssueAttributes {
  title: string;
  labels: string[];
  assignees: string[];
  milestone: number | null;
}

const KNOWN_KEYS = ['title', 'labels', 'assignees', 'milestone', 'name', 'about'];

/**
 * create-an-issue's listToArray (src/helpers.ts): nothing (any falsy value) is no items, a list is
 * taken as is, text is split on exactly ", ".
 * https://github.com/JasonEtco/create-an-issue/blob/main/src/helpers.ts
 */
function listToArray(value: unknown): string[] | 'invalid' {
  if (!value) return [];
  if (Array.isArray(value)) return value.every((item) => typeof item === 'string') ? value : 'invalid';
  if (typeof value === 'string') return value.split(', ');
  return 'invalid';
}

/**
 * create-an-issue sends `Number(milestone) || undefined`: a number or numeric text, where 0 and
 * anything that does not convert mean no milestone.
 */
function toMilestone(value: unknown): number | null {
  if (typeof value !== 'number' && typeof value !== 'string') return null;
  const number = Number(value);
  return Number.isFinite(number) && number !== 0 ? number : null;
}

/** Checks the front matter's attributes; returns them or the problems found, each located. */
export function readAttributes(
  front: FrontMatter,
  file: string,
): { attributes: IssueAttributes; problems: [] } | { attributes?: undefined; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const at = (key: string) => {
    const found = front.keys.get(key);
    const offset = found?.keyOffset ?? (front.yamlStart >= 0 ? front.yamlStart : 0);
    return locate(file, front.lines, offset);
  };
  const raw = front.attributes;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push({
      ...at(''),
      path: '',
      message: 'The front matter must be a mapping of keys to values.',
      value: formatValue(raw),
      allowed: KNOWN_KEYS.join(', '),
    });
    return { problems };
  }
  const attributes = raw as Record<string, unknown>;
  for (const key of Object.keys(attributes)) {
    if (!KNOWN_KEYS.includes(key))
      problems.push({
        ...at(key),
        path: key,
        message: 'The front matter has a key create-an-issue does not use.',
        value: JSON.stringify(key),
        allowed: KNOWN_KEYS.join(', '),
      });
  }
  const title = attributes.title;
  if (typeof title !== 'string')
    problems.push({
      ...at('title'),
      path: 'title',
      message:
        title === undefined
          ? 'The front matter has no title; the issue needs one.'
          : 'The title must be text (quote it if it looks like a number or a date).',
      value: formatValue(title),
    });
  const lists: Record<'labels' | 'assignees', string[]> = { labels: [], assignees: [] };
  for (const key of ['labels', 'assignees'] as const) {
    const list = listToArray(attributes[key]);
    if (list === 'invalid')
      problems.push({
        ...at(key),
        path: key,
        message: `The ${key} must be a list of names or one text of names separated by ", ".`,
        value: formatValue(attributes[key]),
        allowed: `a YAML list of text, or "a, b"`,
      });
    else lists[key] = list;
  }
  if (problems.length > 0 || typeof title !== 'string') return { problems };
  return {
    attributes: {
      title,
      labels: lists.labels,
      assignees: lists.assignees,
      milestone: toMilestone(attributes.milestone),
    },
    problems: [],
  };
}
