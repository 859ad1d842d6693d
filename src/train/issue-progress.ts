import { applyOwnChange, parseChecklist, type OwnChangeStatus, type TaskItem } from '../checklist/index.ts';
import type { IssueTracker, RepoRef, TrackedIssue } from '../capabilities/issue-tracker.ts';
import { mutateOnce, type MutationContext } from './mutate-once.ts';
import { weekMarker } from './week-marker.ts';

/**
 * How a train day writes to the weekly issue: tick a step's line (the one character, on the body
 * re-read right before the write) and post one evidence comment per step, found again by a hidden
 * key so that a rerun after a crash never posts it twice.
 */

const DAY = 86_400_000;

export interface WeeklyIssueRef {
  repo: RepoRef;
  number: number;
  url: string;
}

/** This week's issue, by its marker; undefined when it was not created (the step is then only journaled). */
export async function findWeeklyIssue(
  tracker: IssueTracker,
  request: { repo: RepoRef; team: string; week: string; now: number },
): Promise<WeeklyIssueRef | undefined> {
  const found: TrackedIssue[] = await tracker.findByMarker(
    request.repo,
    weekMarker(request.week, request.team),
    {
      since: request.now - 14 * DAY,
    },
  );
  const issue = found[0];
  return issue ? { repo: request.repo, number: issue.number, url: issue.url } : undefined;
}

export function commentKeyMarker(key: string): string {
  return `<!-- pnd:comment key=${key} -->`;
}

export interface TickResult {
  step: string;
  status: OwnChangeStatus | 'planned';
}

/**
 * Body edits of one issue run one at a time in this process: components finish in parallel, and
 * two read-modify-writes interleaved would lose one tick (GitHub has no compare-and-swap).
 */
const editQueues = new Map<string, Promise<unknown>>();

function serialised<T>(issue: WeeklyIssueRef, edit: () => Promise<T>): Promise<T> {
  const key = `${issue.repo.owner}/${issue.repo.repo}#${issue.number}`;
  const previous = editQueues.get(key) ?? Promise.resolve();
  const next = previous.then(edit, edit);
  const settled = next.catch(() => undefined);
  editQueues.set(key, settled);
  void settled.then(() => {
    if (editQueues.get(key) === settled) editQueues.delete(key);
  });
  return next;
}

export function tickStep(
  ctx: MutationContext,
  tracker: IssueTracker,
  issue: WeeklyIssueRef,
  step: string,
): Promise<TickResult> {
  return serialised(issue, () => tickStepNow(ctx, tracker, issue, step));
}

async function tickStepNow(
  ctx: MutationContext,
  tracker: IssueTracker,
  issue: WeeklyIssueRef,
  step: string,
): Promise<TickResult> {
  let status: OwnChangeStatus | 'planned' = 'planned';
  const outcome = await mutateOnce(ctx, {
    key: `github:${issue.repo.owner}/${issue.repo.repo}#${issue.number}:tick:${step}`,
    step,
    action: 'tick',
    target: `step ${step} in ${issue.url}`,
    isDone: async () => {
      const latest = await tracker.get(issue.repo, issue.number);
      const change = applyOwnChange(latest.body, step, true);
      status = change.status;
      // Missing or ambiguous lines are left alone: that is a person's edit, not something to redo.
      return change.status === 'applied' ? false : { detail: { line: change.status } };
    },
    act: async () => {
      // Re-read once more right before writing: the isDone read may be seconds old.
      const latest = await tracker.get(issue.repo, issue.number);
      const change = applyOwnChange(latest.body, step, true);
      status = change.status;
      if (change.changed) await tracker.updateBody(issue.repo, issue.number, rollUp(change.body, step));
    },
  });
  if (outcome.outcome === 'planned') return { step, status: 'planned' };
  return { step, status };
}

/**
 * Several lines ticked in one write of the body (patch day ticks one line per repository): one
 * re-read, one PATCH, one journaled intent naming every step. One step is `tickStep`.
 */
export function tickSteps(
  ctx: MutationContext,
  tracker: IssueTracker,
  issue: WeeklyIssueRef,
  steps: string[],
): Promise<TickResult[]> {
  if (steps.length <= 1) return Promise.all(steps.map((step) => tickStep(ctx, tracker, issue, step)));
  return serialised(issue, async () => {
    const statuses = new Map<string, OwnChangeStatus>();
    const tickAll = (body: string) => {
      let current = body;
      let changed = false;
      for (const step of steps) {
        const change = applyOwnChange(current, step, true);
        statuses.set(step, change.status);
        if (change.changed) {
          current = rollUp(change.body, step);
          changed = true;
        }
      }
      return { body: current, changed };
    };
    const outcome = await mutateOnce(ctx, {
      key: `github:${issue.repo.owner}/${issue.repo.repo}#${issue.number}:tick:${steps.join('+')}`,
      action: 'tick',
      target: `steps ${steps.join(', ')} in ${issue.url}`,
      detail: { steps },
      isDone: async () => {
        const latest = await tracker.get(issue.repo, issue.number);
        // Missing or ambiguous lines are left alone (a person's edit); done when none is left to tick.
        return tickAll(latest.body).changed ? false : { detail: { lines: Object.fromEntries(statuses) } };
      },
      act: async () => {
        // Re-read once more right before writing: the isDone read may be seconds old.
        const latest = await tracker.get(issue.repo, issue.number);
        const next = tickAll(latest.body);
        if (next.changed) await tracker.updateBody(issue.repo, issue.number, next.body);
      },
    });
    return steps.map((step) => ({
      step,
      status: outcome.outcome === 'planned' ? ('planned' as const) : (statuses.get(step) ?? 'planned'),
    }));
  });
}

/**
 * A line without a step of its own whose nested items are now all ticked ("Deploy all components
 * to Staging." over the three deploy steps) is ticked in the same write: the roll-up a person would
 * tick by hand. Only the ticked step's ancestors are considered, so nothing else changes.
 */
export function rollUp(body: string, step: string): string {
  let current = body;
  for (;;) {
    const { all } = parseChecklist(current);
    const task = all.find((item) => item.id === step);
    if (!task) return current;
    const chain: TaskItem[] = [];
    let child: TaskItem = task;
    for (let parent = parentOf(all, child); parent; parent = parentOf(all, child)) {
      chain.push(parent);
      child = parent;
    }
    const next = chain.find((p) => !p.checked && !p.stepId && p.children.every((c) => c.checked));
    if (!next) return current;
    current = `${current.slice(0, next.markIndex)}x${current.slice(next.markIndex + 1)}`;
  }
}

function parentOf(all: readonly TaskItem[], child: TaskItem): TaskItem | undefined {
  return all.find((item) => item.children.includes(child));
}

export async function ensureComment(
  ctx: MutationContext,
  tracker: IssueTracker,
  issue: WeeklyIssueRef,
  comment: { key: string; step?: string; body: string },
): Promise<{ outcome: 'done' | 'already' | 'planned'; url?: string }> {
  const marker = commentKeyMarker(comment.key);
  const outcome = await mutateOnce(ctx, {
    key: `github:${issue.repo.owner}/${issue.repo.repo}#${issue.number}:comment:${comment.key}`,
    step: comment.step,
    action: 'comment',
    target: `comment on ${issue.url}`,
    isDone: async () => {
      const existing = await tracker.listComments(issue.repo, issue.number);
      const found = existing.find((c) => c.body.includes(marker));
      return found ? { detail: { url: found.url } } : false;
    },
    act: () => tracker.comment(issue.repo, issue.number, `${comment.body.trimEnd()}\n\n${marker}\n`),
  });
  if (outcome.outcome === 'done') return { outcome: 'done', url: outcome.value.url };
  return { outcome: outcome.outcome };
}
