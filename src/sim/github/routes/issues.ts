import type { Router } from '../../router.ts';
import type { SimRequest, SimResponse } from '../../types.ts';
import { notFound, validationFailed } from '../errors.ts';
import { paginate } from '../paging.ts';
import { contextOf, repoApi } from '../render/context.ts';
import { comment, issue as renderIssue } from '../render/issues.ts';
import {
  addComment,
  createIssue,
  findComment,
  listIssues,
  setLabels,
  setState,
  type Issue,
} from '../state/issues.ts';
import type { Repo } from '../state/repos.ts';
import {
  bodyOf,
  callerOf,
  intParam,
  isResponse,
  missingField,
  ok,
  repoOf,
  stringList,
  type GitHubDeps,
} from './common.ts';

/** Issues (pull requests included in the list, as on GitHub) and their comments. */
export function registerIssueRoutes(router: Router, deps: GitHubDeps): void {
  const { store } = deps;

  const issueOf = (req: SimRequest): { repo: Repo; issue: Issue } | SimResponse => {
    const repo = repoOf(deps, req);
    if (isResponse(repo)) return repo;
    const number = intParam(req, 'issue_number');
    if (isResponse(number)) return number;
    const issue = repo.issues.get(number);
    return issue ? { repo, issue } : notFound();
  };

  router.get('/repos/{owner}/{repo}/issues', (req) => {
    const repo = repoOf(deps, req);
    if (isResponse(repo)) return repo;
    const q = req.query;
    const since = q.get('since');
    const list = listIssues(repo, {
      state: (q.get('state') as 'open' | 'closed' | 'all' | null) ?? 'open',
      labels: (q.get('labels') ?? '')
        .split(',')
        .map((l) => l.trim())
        .filter(Boolean),
      creator: q.get('creator') ?? undefined,
      assignee: q.get('assignee') ?? undefined,
      since: since ? Date.parse(since) : undefined,
      sort: (q.get('sort') as 'created' | 'updated' | 'comments' | null) ?? 'created',
      direction: (q.get('direction') as 'asc' | 'desc' | null) ?? 'desc',
    });
    const page = paginate(req, list);
    const ctx = contextOf(req);
    return ok(
      page.items.map((i) => renderIssue(ctx, repo, i)),
      page.headers,
    );
  });

  router.post('/repos/{owner}/{repo}/issues', (req) => {
    const repo = repoOf(deps, req);
    if (isResponse(repo)) return repo;
    const body = bodyOf(req);
    if (isResponse(body)) return body;
    const title = typeof body['title'] === 'number' ? String(body['title']) : body['title'];
    if (typeof title !== 'string' || title.length === 0) return missingField('Issue', 'title');
    const caller = callerOf(deps, req);
    const created = createIssue(store, repo, {
      title,
      body: typeof body['body'] === 'string' ? body['body'] : null,
      user: caller,
      labels: stringList(body['labels']) ?? labelNames(body['labels']),
      assignees: (stringList(body['assignees']) ?? []).map((login) => store.user(login)),
    });
    const ctx = contextOf(req);
    return ok(
      renderIssue(ctx, repo, created),
      { location: `${repoApi(ctx, repo)}/issues/${created.number}` },
      201,
    );
  });

  router.get('/repos/{owner}/{repo}/issues/{issue_number}', (req) => {
    const found = issueOf(req);
    if (isResponse(found)) return found;
    return ok(renderIssue(contextOf(req), found.repo, found.issue));
  });

  router.patch('/repos/{owner}/{repo}/issues/{issue_number}', (req) => {
    const found = issueOf(req);
    if (isResponse(found)) return found;
    const body = bodyOf(req);
    if (isResponse(body)) return body;
    const { repo, issue } = found;
    const caller = callerOf(deps, req);
    const now = store.now();
    if (body['title'] !== undefined) {
      if (body['title'] === null || String(body['title']).length === 0) return missingField('Issue', 'title');
      issue.title = String(body['title']);
    }
    if (body['body'] !== undefined) issue.body = body['body'] === null ? null : String(body['body']);
    if (body['labels'] !== undefined)
      setLabels(store, repo, issue, stringList(body['labels']) ?? labelNames(body['labels']));
    if (body['assignees'] !== undefined)
      issue.assignees = (stringList(body['assignees']) ?? []).map((l) => store.user(l));
    if (body['state'] !== undefined || body['state_reason'] !== undefined) {
      const state = (body['state'] as 'open' | 'closed' | undefined) ?? issue.state;
      const reason = body['state_reason'] as Issue['stateReason'] | undefined;
      if (reason === 'reopened' && state === 'closed') {
        return validationFailed([{ resource: 'Issue', field: 'state_reason', code: 'invalid' }]);
      }
      setState(issue, state, reason ?? undefined, caller, now);
    }
    issue.updatedAt = now;
    return ok(renderIssue(contextOf(req), repo, issue));
  });

  router.get('/repos/{owner}/{repo}/issues/{issue_number}/comments', (req) => {
    const found = issueOf(req);
    if (isResponse(found)) return found;
    const since = req.query.get('since');
    const list = found.issue.comments.filter((c) => !since || c.updatedAt >= Date.parse(since));
    const page = paginate(req, list);
    const ctx = contextOf(req);
    return ok(
      page.items.map((c) => comment(ctx, found.repo, c)),
      page.headers,
    );
  });

  router.post('/repos/{owner}/{repo}/issues/{issue_number}/comments', (req) => {
    const found = issueOf(req);
    if (isResponse(found)) return found;
    const body = bodyOf(req);
    if (isResponse(body)) return body;
    if (typeof body['body'] !== 'string' || body['body'].length === 0)
      return missingField('IssueComment', 'body');
    const created = addComment(store, found.repo, found.issue, callerOf(deps, req), body['body']);
    const ctx = contextOf(req);
    return ok(
      comment(ctx, found.repo, created),
      { location: `${repoApi(ctx, found.repo)}/issues/comments/${created.id}` },
      201,
    );
  });

  router.patch('/repos/{owner}/{repo}/issues/comments/{comment_id}', (req) => {
    const repo = repoOf(deps, req);
    if (isResponse(repo)) return repo;
    const id = intParam(req, 'comment_id');
    if (isResponse(id)) return id;
    const found = findComment(repo, id);
    if (!found) return notFound();
    const body = bodyOf(req);
    if (isResponse(body)) return body;
    if (typeof body['body'] !== 'string') return missingField('IssueComment', 'body');
    found.comment.body = body['body'];
    found.comment.updatedAt = store.now();
    return ok(comment(contextOf(req), repo, found.comment));
  });
}

/** `labels` may also be objects with a name. */
function labelNames(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((v) =>
    typeof v === 'string' ? [v] : typeof v === 'object' && v && 'name' in v ? [String(v.name)] : [],
  );
}
