import { PndError } from '../core/errors.ts';
import type {
  BoardRef,
  BoardResult,
  IssueTracker,
  NewIssue,
  ProjectBoard,
  RepoRef,
  TrackedIssue,
} from '../capabilities/issue-tracker.ts';
import { sealBody, unsealBody, weekMarker } from './week-marker.ts';

export interface OpenItem {
  text: string;
}

/** What the engine needs from the checklist model, injected so the engine stays vendor- and parser-free. */
export interface ChecklistOps {
  uncheckedItems(body: string): OpenItem[];
  hasAnyTicked(body: string): boolean;
}

export interface WeeklyIssueRequest {
  team: string;
  repo: RepoRef;
  /** The team's labels: last week's issue from before pnd (no marker) is found by them. */
  labels: string[];
  /** The ISO week label of an instant in the team's time zone. */
  weekOf: (instant: number) => string;
  /** ISO week label of now in the team's time zone, e.g. 2026-W48, and of the week before. */
  week: string;
  previousWeek: string;
  now: number;
  rendered: NewIssue;
  board?: { ref: BoardRef; fields: Record<string, string> };
  closeLastWeek: boolean;
  updateExisting: boolean;
  dryRun: boolean;
  /** Lines about what holds the train this week (locks, freeze days), added below the template. */
  notices?: string[];
}

export type WeeklyIssueStatus = 'created' | 'updated' | 'unchanged';

export interface PlannedAction {
  action: 'create-issue' | 'update-issue' | 'close-last-week' | 'add-to-board' | 'set-board-fields';
  detail: string;
}

export interface WeeklyIssueResult {
  status: WeeklyIssueStatus;
  week: string;
  number?: number;
  url?: string;
  carriedOver: number;
  /** What was done (or, with dryRun, what would be done). */
  actions: PlannedAction[];
  board?: BoardResult;
  /** Why an existing issue was left as it is. */
  note?: string;
}

const DAY = 86_400_000;

/**
 * `ensureWeeklyIssue`: exactly one issue per team and ISO week. Finds it by its hidden week
 * marker, creates it when missing (with last week's open items carried over), replaces its body
 * only on request and only while nobody has ticked or edited it, and puts it on the board.
 * With `dryRun` it reads everything and changes nothing.
 */
export async function ensureWeeklyIssue(
  request: WeeklyIssueRequest,
  deps: { tracker: IssueTracker; board?: ProjectBoard; checklist: ChecklistOps },
): Promise<WeeklyIssueResult> {
  const { tracker, checklist } = deps;
  const marker = weekMarker(request.week, request.team);
  const existing = await tracker.findByMarker(request.repo, marker, { since: request.now - 14 * DAY });
  const lastWeek = await findLastWeek(request, tracker);
  const actions: PlannedAction[] = [];

  const carried = lastWeek ? checklist.uncheckedItems(unsealBody(lastWeek.body).content) : [];
  const content = composeBody(
    request.rendered.body,
    carried,
    lastWeek,
    request.previousWeek,
    marker,
    request.notices ?? [],
  );

  let issue: TrackedIssue | undefined = existing[0];
  let status: WeeklyIssueStatus;
  let note: string | undefined;

  if (!issue) {
    status = 'created';
    actions.push({
      action: 'create-issue',
      detail: `${request.rendered.title} (${carried.length} carried over)`,
    });
    if (!request.dryRun)
      issue = await tracker.create(request.repo, { ...request.rendered, body: sealBody(content) });
  } else {
    // Re-read right before deciding: a person may have ticked a box since the list was fetched.
    issue = await tracker.get(request.repo, issue.number);
    const current = unsealBody(issue.body);
    if (current.content === content) {
      status = 'unchanged';
    } else if (!request.updateExisting) {
      status = 'unchanged';
      note =
        'This week’s issue exists and differs from the template; pass --update-existing to replace its body.';
    } else if (checklist.hasAnyTicked(current.content)) {
      throw refuse(
        issue,
        'A box in this week’s issue is ticked, so its body is not replaced: a person’s tick is never lost.',
      );
    } else if (!current.untouched) {
      throw refuse(issue, 'This week’s issue was edited since pnd wrote it, so its body is not replaced.');
    } else {
      status = 'updated';
      actions.push({ action: 'update-issue', detail: `#${issue.number}: body replaced from the template` });
      if (!request.dryRun) issue = await tracker.updateBody(request.repo, issue.number, sealBody(content));
    }
  }

  if (status === 'created' && lastWeek && lastWeek.state === 'open' && request.closeLastWeek) {
    actions.push({ action: 'close-last-week', detail: `#${lastWeek.number} ${lastWeek.title}` });
    if (!request.dryRun) {
      const link = issue ? ` Open items moved to #${issue.number}.` : '';
      await tracker.close(
        request.repo,
        lastWeek.number,
        `Closed by pnd: week ${request.week} has begun.${link}`,
      );
    }
  }

  let board: BoardResult | undefined;
  if (request.board && deps.board) {
    if (issue) {
      board = await deps.board.ensureItem(
        request.board.ref,
        issue.nodeId,
        request.board.fields,
        request.dryRun,
      );
    } else {
      // Dry run of a creation: the issue does not exist yet, so everything would be set.
      board = { itemId: '(new)', added: true, changed: Object.keys(request.board.fields) };
    }
    if (board.added) actions.push({ action: 'add-to-board', detail: boardName(request.board.ref) });
    if (board.changed.length > 0) {
      actions.push({
        action: 'set-board-fields',
        detail: board.changed.map((f) => `${f} = ${request.board!.fields[f]}`).join(', '),
      });
    }
  }

  return {
    status,
    week: request.week,
    number: issue?.number,
    url: issue?.url,
    carriedOver: carried.length,
    actions,
    board,
    note,
  };
}

/**
 * Last week's issue: by its marker, or — the first week after a team switches to pnd — the
 * newest issue with the team's labels created in the previous ISO week.
 */
async function findLastWeek(
  request: WeeklyIssueRequest,
  tracker: IssueTracker,
): Promise<TrackedIssue | undefined> {
  const since = request.now - 21 * DAY;
  const marked = await tracker.findByMarker(request.repo, weekMarker(request.previousWeek, request.team), {
    since,
  });
  if (marked[0]) return marked[0];
  if (request.labels.length === 0) return undefined;
  const recent = await tracker.listRecent(request.repo, { labels: request.labels, since });
  return recent.find(
    (issue) =>
      request.weekOf(Date.parse(issue.createdAt)) === request.previousWeek &&
      !issue.body.includes('<!-- pnd:week='),
  );
}

function composeBody(
  rendered: string,
  carried: OpenItem[],
  lastWeek: TrackedIssue | undefined,
  previousWeek: string,
  marker: string,
  notices: string[],
): string {
  const parts = [rendered.replace(/\s+$/, '')];
  if (notices.length > 0) parts.push(`### Locks and freezes this week\n\n${notices.join('\n')}`);
  if (carried.length > 0 && lastWeek) {
    const week = previousWeek.split('-')[1] ?? previousWeek;
    // An item carried before keeps the link to the issue it came from.
    const lines = carried.map((item) =>
      /\(\[#\d+\]\([^)]*\)\)$/.test(item.text)
        ? `- [ ] ${item.text}`
        : `- [ ] ${item.text} ([#${lastWeek.number}](${lastWeek.url}))`,
    );
    parts.push(`### Carried over from ${week}\n\n${lines.join('\n')}`);
  }
  parts.push(marker);
  return `${parts.join('\n\n')}\n`;
}

function boardName(ref: BoardRef): string {
  return `${ref.ownerType === 'organization' ? 'org' : 'user'} ${ref.owner} project #${ref.number}`;
}

function refuse(issue: TrackedIssue, message: string): PndError {
  return new PndError('conflict', message, {
    details: {
      where: `GitHub issue #${issue.number} (${issue.url})`,
      hint: 'Edit the issue by hand; pnd never overwrites a person’s work.',
    },
  });
}
