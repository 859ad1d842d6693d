import type { Issue } from '../state/issues.ts';
import type { Repo } from '../state/repos.ts';
import type { GitHubStore } from '../state/store.ts';

/** A parsed issue-search query, with the qualifiers pnd uses. */
export interface IssueQuery {
  repos: string[];
  owners: string[];
  kind?: 'issue' | 'pr';
  state?: 'open' | 'closed';
  merged?: boolean;
  draft?: boolean;
  labels: string[];
  notLabels: string[];
  authors: string[];
  notAuthors: string[];
  inFields: ('title' | 'body' | 'comments')[];
  /** Free-text terms and quoted phrases; each must appear. */
  terms: string[];
}

const TOKEN = /(-?)([a-z_]+):("([^"]*)"|\S+)|"([^"]*)"|(\S+)/gi;

export function parseIssueQuery(q: string): IssueQuery {
  const query: IssueQuery = {
    repos: [],
    owners: [],
    labels: [],
    notLabels: [],
    authors: [],
    notAuthors: [],
    inFields: [],
    terms: [],
  };
  for (const m of q.matchAll(TOKEN)) {
    const [, neg, key, rawValue, quoted, phrase, word] = m;
    if (key !== undefined) {
      const value = quoted ?? rawValue!;
      applyQualifier(query, key.toLowerCase(), value, neg === '-');
    } else if (phrase !== undefined) {
      if (phrase) query.terms.push(phrase.toLowerCase());
    } else if (word !== undefined && !['AND', 'OR', 'NOT'].includes(word)) {
      query.terms.push(word.toLowerCase());
    }
  }
  return query;
}

function applyQualifier(query: IssueQuery, key: string, value: string, negated: boolean): void {
  const v = value.toLowerCase();
  switch (key) {
    case 'repo':
      query.repos.push(v);
      return;
    case 'org':
    case 'user':
      query.owners.push(v);
      return;
    case 'is':
    case 'type':
      if (v === 'issue') query.kind = 'issue';
      else if (v === 'pr' || v === 'pull-request') query.kind = 'pr';
      else if (v === 'open' || v === 'closed') query.state = v;
      else if (v === 'merged' || v === 'unmerged') query.merged = v === 'merged';
      else if (v === 'draft') query.draft = !negated;
      return;
    case 'state':
      if (v === 'open' || v === 'closed') query.state = v;
      return;
    case 'label':
      (negated ? query.notLabels : query.labels).push(v);
      return;
    case 'author':
      (negated ? query.notAuthors : query.authors).push(authorLogin(v));
      return;
    case 'in':
      for (const f of v.split(','))
        if (f === 'title' || f === 'body' || f === 'comments') query.inFields.push(f);
      return;
    default:
      // Unknown qualifiers are treated as text by GitHub.
      query.terms.push(`${key}:${v}`);
  }
}

/** `author:app/renovate` means the app's bot account, `renovate[bot]`. */
function authorLogin(value: string): string {
  return value.startsWith('app/') ? `${value.slice(4)}[bot]` : value;
}

export function matches(query: IssueQuery, repo: Repo, issue: Issue): boolean {
  if (query.repos.length > 0 && !query.repos.includes(repo.fullName.toLowerCase())) return false;
  if (query.owners.length > 0 && !query.owners.includes(repo.owner.login.toLowerCase())) return false;
  if (query.kind === 'issue' && issue.pull) return false;
  if (query.kind === 'pr' && !issue.pull) return false;
  if (query.state && issue.state !== query.state) return false;
  if (query.merged !== undefined && (issue.pull?.merged ?? false) !== query.merged) return false;
  if (query.draft !== undefined && (issue.pull?.draft ?? false) !== query.draft) return false;
  const labels = new Set(issue.labels.map((l) => l.toLowerCase()));
  if (!query.labels.every((l) => labels.has(l))) return false;
  if (query.notLabels.some((l) => labels.has(l))) return false;
  const login = issue.user.login.toLowerCase();
  if (query.authors.length > 0 && !query.authors.includes(login)) return false;
  if (query.notAuthors.includes(login)) return false;
  if (query.terms.length > 0) {
    const fields = query.inFields.length > 0 ? query.inFields : ['title', 'body'];
    const haystack = [
      fields.includes('title') ? issue.title : '',
      fields.includes('body') ? (issue.body ?? '') : '',
      fields.includes('comments') ? issue.comments.map((c) => c.body).join('\n') : '',
    ]
      .join('\n')
      .toLowerCase();
    if (!query.terms.every((t) => haystack.includes(t))) return false;
  }
  return true;
}

export interface SearchHit {
  repo: Repo;
  issue: Issue;
}

/** Runs a query over every repository; `missingRepos` lists `repo:` qualifiers that do not exist. */
export function searchIssues(
  store: GitHubStore,
  query: IssueQuery,
  sort: 'created' | 'updated' | 'comments' | null,
  order: 'asc' | 'desc',
): { hits: SearchHit[]; missingRepos: string[] } {
  const missingRepos = query.repos.filter((r) => !store.repoByFullName(r));
  const hits: SearchHit[] = [];
  for (const repo of store.repos.values()) {
    for (const issue of repo.issues.values()) if (matches(query, repo, issue)) hits.push({ repo, issue });
  }
  const key = (h: SearchHit): number =>
    sort === 'updated'
      ? h.issue.updatedAt
      : sort === 'comments'
        ? h.issue.comments.length
        : h.issue.createdAt;
  hits.sort((a, b) => (key(a) - key(b) || a.issue.id - b.issue.id) * (order === 'asc' ? 1 : -1));
  return { hits, missingRepos };
}
