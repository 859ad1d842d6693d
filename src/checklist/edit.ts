import { PndError } from '../core/errors.ts';
import { parseChecklist } from './parse.ts';
import { derivedId } from './step-id.ts';
import type { Checklist, ParseOptions, TaskItem } from './task-item.ts';

/**
 * Minimal edits of an issue body. GitHub has no compare-and-swap for issue bodies, so pnd never
 * writes back a body it rendered: it re-reads the latest body, changes the one character of its
 * own step, and writes that — everything a person wrote or ticked meanwhile stays byte for byte.
 */

export interface EditResult {
  body: string;
  changed: boolean;
}

/** The body again, with each item's box as its `checked` says (so `render(parse(b)) === b`). */
export function renderChecklist(checklist: Checklist): string {
  let body = '';
  for (const line of checklist.lines) {
    const task = line.task;
    if (task && task.checked !== (task.mark !== ' ')) {
      const column = task.markIndex - line.start;
      body += `${line.text.slice(0, column)}${task.checked ? 'x' : ' '}${line.text.slice(column + 1)}`;
    } else body += line.text;
    body += line.eol;
  }
  return body;
}

export function findItem(body: string, id: string, options?: ParseOptions): TaskItem | undefined {
  return parseChecklist(body, options).all.find((task) => task.id === id);
}

function flip(body: string, task: TaskItem, checked: boolean): EditResult {
  if (task.checked === checked) return { body, changed: false };
  const mark = checked ? 'x' : ' ';
  return { body: `${body.slice(0, task.markIndex)}${mark}${body.slice(task.markIndex + 1)}`, changed: true };
}

/** Ticks or unticks one item by changing the one character between its brackets. */
export function setChecked(body: string, id: string, checked: boolean): EditResult {
  const task = findItem(body, id);
  if (!task) {
    throw new PndError('not-found', 'The checklist has no item with this id.', {
      details: { id, hint: 'List the ids with parseChecklist(body).all; a step needs a pnd:step marker.' },
    });
  }
  return flip(body, task, checked);
}

export type OwnChangeStatus = 'applied' | 'already' | 'missing' | 'ambiguous';

/** Items that would have the same id but for the numbering of repeats. */
function namesakes(all: readonly TaskItem[], task: TaskItem): number {
  const base = (item: TaskItem): string => item.stepId ?? derivedId(item.headingPath, item.text);
  const own = base(task);
  return all.filter((item) => base(item) === own).length;
}

/**
 * pnd's own change applied to the body as it is now (re-read just before writing). The item is
 * found again by id in the latest text, so other people's ticks and edits survive. pnd leaves
 * the body alone when the line is `missing` (someone removed or rewrote it) or `ambiguous` (the
 * same step or line now appears more than once, so a numbered id may point at another copy).
 */
export function applyOwnChange(
  latestBody: string,
  id: string,
  checked: boolean,
): EditResult & { status: OwnChangeStatus } {
  const { all } = parseChecklist(latestBody);
  const task = all.find((item) => item.id === id);
  if (!task) return { body: latestBody, changed: false, status: 'missing' };
  if (namesakes(all, task) > 1) return { body: latestBody, changed: false, status: 'ambiguous' };
  const result = flip(latestBody, task, checked);
  return { ...result, status: result.changed ? 'applied' : 'already' };
}

export interface BodyStore {
  read(): Promise<string>;
  write(body: string): Promise<void>;
}

/** Re-read, apply pnd's change, write only when something changed. */
export async function writeOwnChange(
  store: BodyStore,
  id: string,
  checked: boolean,
): Promise<EditResult & { status: OwnChangeStatus }> {
  const result = applyOwnChange(await store.read(), id, checked);
  if (result.changed) await store.write(result.body);
  return result;
}

/** Every unticked item in document order: what carries over to next week. */
export function uncheckedItems(body: string): TaskItem[] {
  return parseChecklist(body).all.filter((task) => !task.checked);
}

export function hasAnyTicked(body: string): boolean {
  return parseChecklist(body).all.some((task) => task.checked);
}

function untickedNormalised(body: string): string {
  const checklist = parseChecklist(body);
  for (const task of checklist.all) task.checked = false;
  // GitHub's web editor saves CRLF; a body only re-saved there is not an edit by a person.
  return renderChecklist(checklist).replace(/\r\n?/g, '\n');
}

/**
 * Whether two bodies differ only in which boxes are ticked (and in line endings). With
 * `--update-existing`, a body that is not the same apart from ticks as what pnd rendered has
 * been edited by a person.
 */
export function sameApartFromTicks(a: string, b: string): boolean {
  return untickedNormalised(a) === untickedNormalised(b);
}
