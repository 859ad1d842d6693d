import type { z } from 'zod';
import type { Document } from 'yaml';
import type { LineIndex } from './line-index.ts';
import { formatPath, formatValue, type ConfigProblem, type PathSegment } from './problems.ts';
import { describeExpected, discriminatorOptions, keysOf, keyTypeOf, schemaAt } from './schema-walk.ts';
import { closestMatch } from './suggest.ts';
import { positionOf, type Anchor } from './yaml-locate.ts';

/**
 * Turns zod's issues into problems a person can act on: where in the file, the offending value,
 * and what is allowed there. zod's own messages are only used for the checks pnd defines (formats
 * and cross-references), whose messages are already static sentences.
 */

export interface IssueSource {
  file: string;
  doc: Document;
  lines: LineIndex;
  /** The plain data that was validated. */
  data: unknown;
  schema: z.core.$ZodType;
}

interface Draft {
  path: PathSegment[];
  anchor: Anchor;
  message: string;
  value?: string;
  allowed?: string;
  suggestion?: string;
}

function valueAt(data: unknown, path: readonly PathSegment[]): unknown {
  let value = data;
  for (const segment of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PathSegment, unknown>)[segment];
  }
  return value;
}

function quoteList(items: readonly unknown[]): string {
  return `one of ${items.map((item) => JSON.stringify(item)).join(', ')}`;
}

const SIZE_MESSAGES = {
  array: {
    empty: 'The list is empty.',
    small: 'The list has too few items.',
    big: 'The list has too many items.',
  },
  string: { empty: 'The value is empty.', small: 'The text is too short.', big: 'The text is too long.' },
  number: {
    empty: 'The number is too small.',
    small: 'The number is too small.',
    big: 'The number is too large.',
  },
} as const;

function sizeProblem(
  issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig,
  base: Omit<Draft, 'message'>,
): Draft {
  const small = issue.code === 'too_small';
  const limit = Number(small ? issue.minimum : issue.maximum);
  const kind: keyof typeof SIZE_MESSAGES =
    issue.origin === 'array' ? 'array' : issue.origin === 'string' ? 'string' : 'number';
  const messages = SIZE_MESSAGES[kind];
  const message = !small ? messages.big : limit <= 1 ? messages.empty : messages.small;
  if (kind !== 'number') {
    const unit = kind === 'array' ? 'item' : 'character';
    return {
      ...base,
      message,
      allowed: `${small ? 'at least' : 'at most'} ${limit} ${unit}${limit === 1 ? '' : 's'}`,
    };
  }
  const strict = issue.inclusive === false;
  const bound = `${small ? (strict ? 'greater than' : 'at least') : strict ? 'less than' : 'at most'} ${limit}`;
  return { ...base, message, allowed: base.allowed ?? bound };
}

function draftsFor(issue: z.core.$ZodIssue, source: IssueSource): Draft[] {
  const path = issue.path.filter((segment): segment is PathSegment => typeof segment !== 'symbol');
  const raw = valueAt(source.data, path);
  const expected = describeExpected(schemaAt(source.schema, path, source.data));
  const base = { path, anchor: 'value' as Anchor, value: formatValue(raw), allowed: expected };

  switch (issue.code) {
    case 'unrecognized_keys': {
      const keys = keysOf(schemaAt(source.schema, path, source.data));
      return issue.keys.map((key) => ({
        path: [...path, key],
        anchor: 'key',
        message: 'Unknown key.',
        value: JSON.stringify(key),
        allowed: keys.join(', '),
        suggestion: closestMatch(key, keys),
      }));
    }
    case 'invalid_key': {
      const keyType = keyTypeOf(schemaAt(source.schema, path.slice(0, -1), source.data));
      const inner = issue.issues[0];
      const empty = inner?.code === 'too_small';
      const message = inner?.code === 'invalid_format' ? inner.message : 'The key is not allowed here.';
      return [
        {
          path,
          anchor: 'key',
          message: empty ? 'The key is empty.' : message,
          value: JSON.stringify(String(path.at(-1))),
          allowed: empty ? 'a non-empty name' : describeExpected(keyType),
        },
      ];
    }
    case 'invalid_union': {
      if (issue.discriminator === undefined)
        return [{ ...base, message: 'The value matches none of the allowed forms.' }];
      // zod 4 puts the discriminator in the path; older versions stopped at the union.
      const tagPath = path.at(-1) === issue.discriminator ? path : [...path, issue.discriminator];
      const tag = valueAt(source.data, tagPath);
      const options = discriminatorOptions(schemaAt(source.schema, tagPath.slice(0, -1), source.data));
      const allowed = quoteList(
        options.length > 0 ? options : 'options' in issue ? (issue.options ?? []) : [],
      );
      if (tag === undefined)
        return [{ path: tagPath, anchor: 'value', message: 'A required key is missing.', allowed }];
      return [
        {
          path: tagPath,
          anchor: 'value',
          message: 'The kind is not one of the allowed options.',
          value: formatValue(tag),
          allowed,
          suggestion: typeof tag === 'string' ? closestMatch(tag, options) : undefined,
        },
      ];
    }
    case 'invalid_type': {
      if (raw === undefined) return [{ ...base, message: 'A required key is missing.' }];
      if (raw === null) return [{ ...base, message: 'The value is empty.' }];
      return [{ ...base, message: 'The value has the wrong type.' }];
    }
    case 'invalid_value': {
      const options = issue.values.map(String);
      return [
        {
          ...base,
          message: 'The value is not one of the allowed options.',
          allowed: quoteList(issue.values),
          suggestion: typeof raw === 'string' ? closestMatch(raw, options) : undefined,
        },
      ];
    }
    case 'too_small':
    case 'too_big':
      return [sizeProblem(issue, base)];
    case 'custom': {
      const params: { allowed?: unknown; at?: unknown } = issue.params ?? {};
      return [
        {
          ...base,
          anchor: params.at === 'key' ? 'key' : 'value',
          message: issue.message,
          value: params.at === 'key' ? JSON.stringify(String(path.at(-1))) : base.value,
          allowed: typeof params.allowed === 'string' ? params.allowed : expected,
        },
      ];
    }
    default:
      // invalid_format and the rest: the message comes from pnd's own format checks.
      return [{ ...base, message: issue.message }];
  }
}

export function problemsFromIssues(
  issues: readonly z.core.$ZodIssue[],
  source: IssueSource,
): ConfigProblem[] {
  return issues.flatMap((issue) =>
    draftsFor(issue, source).map((draft): ConfigProblem => {
      const { line, column } = positionOf(source.doc, source.lines, draft.path, draft.anchor);
      const problem: ConfigProblem = {
        where: `${source.file}:${line}:${column}`,
        line,
        column,
        path: formatPath(draft.path),
        message: draft.message,
      };
      if (draft.value !== undefined) problem.value = draft.value;
      if (draft.allowed !== undefined) problem.allowed = draft.allowed;
      if (draft.suggestion !== undefined) problem.suggestion = draft.suggestion;
      return problem;
    }),
  );
}
