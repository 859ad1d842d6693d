import { readFile } from 'node:fs/promises';
import { PndError } from '../core/errors.ts';

/**
 * actions/add-to-project's `labeled` and `label-operator` inputs, with its semantics
 * (src/add-to-project.ts of actions/add-to-project): labels compared case-insensitively;
 * OR (the default) = the event's issue or pull request has one of them, AND = all of them,
 * NOT = none of them. An empty `labeled` list matches for OR and NOT, and for AND too.
 * The labels are those of the event's issue or pull request (GITHUB_EVENT_PATH); an event
 * without one (schedule, workflow_dispatch) has none, as add-to-project sees it.
 */
export type LabelOperator = 'or' | 'and' | 'not';

export interface LabelFilter {
  labeled: string[];
  operator: LabelOperator;
}

export function labelFilterInput(labeled: string, operator: string): LabelFilter | undefined {
  const op = operator.trim().toLowerCase();
  if (op !== '' && op !== 'or' && op !== 'and' && op !== 'not') {
    throw new PndError('input-invalid', 'label-operator must be OR, AND or NOT.', {
      details: { where: 'input label-operator', value: operator, hint: 'As in actions/add-to-project.' },
    });
  }
  const labels = labeled
    .split(',')
    .map((l) => l.trim().toLowerCase())
    .filter((l) => l.length > 0);
  if (labels.length === 0 && op === '') return undefined;
  return { labeled: labels, operator: (op || 'or') as LabelOperator };
}

/** Why the step is skipped, or undefined when the labels match. */
export function labelMismatch(filter: LabelFilter, eventLabels: string[]): string | undefined {
  const have = eventLabels.map((l) => l.toLowerCase());
  const list = filter.labeled.join(', ');
  if (filter.operator === 'and')
    return filter.labeled.every((l) => have.includes(l))
      ? undefined
      : `it does not have all the labels: ${list}`;
  if (filter.operator === 'not')
    return filter.labeled.length > 0 && have.some((l) => filter.labeled.includes(l))
      ? `it has one of the labels: ${list}`
      : undefined;
  return filter.labeled.length > 0 && !have.some((l) => filter.labeled.includes(l))
    ? `it does not have one of the labels: ${list}`
    : undefined;
}

/** The labels of the event's issue or pull request; none when the event has neither. */
export async function eventLabels(env: NodeJS.ProcessEnv): Promise<{ labels: string[]; subject: string }> {
  const path = env.GITHUB_EVENT_PATH;
  if (!path) return { labels: [], subject: 'the event (no GITHUB_EVENT_PATH)' };
  let payload: {
    issue?: { number?: number; labels?: { name: string }[] };
    pull_request?: { number?: number; labels?: { name: string }[] };
  };
  try {
    payload = JSON.parse(await readFile(path, 'utf8')) as typeof payload;
  } catch (cause) {
    throw new PndError('input-invalid', 'The event payload cannot be read.', {
      cause,
      details: { where: 'env GITHUB_EVENT_PATH', value: path },
    });
  }
  const item = payload.issue ?? payload.pull_request;
  if (!item)
    return { labels: [], subject: `the ${env.GITHUB_EVENT_NAME ?? ''} event (no issue or pull request)` };
  return {
    labels: (item.labels ?? []).map((l) => l.name),
    subject: `${payload.issue ? 'issue' : 'pull request'} #${item.number ?? '?'}`,
  };
}
