import { parseChecklist } from '../checklist/index.ts';
import type { Estate } from '../config/schema.ts';
import type { GitHubClient } from '../providers/github/client.ts';
import { GitHubIssueTracker } from '../providers/github/issue-tracker.ts';

export interface DemoIssue {
  week: string;
  number: number;
  title: string;
  url: string;
  state: 'open' | 'closed';
  ticked: number;
  total: number;
  /** The body as GitHub shows it: hidden markers and blank lines left out. */
  body: string[];
  /** The first visible line of each comment, oldest first, with its author. */
  comments: { author: string; headline: string }[];
}

const WEEK_MARKER = /<!-- pnd:week=(\S+) team=(\S+) -->/;

/** The team's weekly issues of the last two weeks, newest last, read as a person would. */
export async function weeklyIssueView(
  github: GitHubClient,
  estate: Estate,
  now: number,
): Promise<DemoIssue[]> {
  const tracker = new GitHubIssueTracker(github);
  const [owner, repo] = estate.team.issueRepository.split('/') as [string, string];
  const recent = await tracker.listRecent({ owner, repo }, { labels: [], since: now - 14 * 86_400_000 });
  const ours = recent
    .map((issue) => ({ issue, marker: WEEK_MARKER.exec(issue.body) }))
    .filter(({ marker }) => marker?.[2] === estate.team.name)
    .reverse();
  return Promise.all(
    ours.map(async ({ issue, marker }) => {
      const items = parseChecklist(issue.body).all;
      const comments = await tracker.listComments({ owner, repo }, issue.number);
      return {
        week: marker![1]!,
        number: issue.number,
        title: issue.title,
        url: issue.url,
        state: issue.state,
        ticked: items.filter((i) => i.checked).length,
        total: items.length,
        body: visibleLines(issue.body),
        comments: comments.map((c) => ({
          author: c.author,
          headline: clip(visibleLines(c.body)[0]?.replace(/^#+\s*/, '') ?? ''),
        })),
      };
    }),
  );
}

function visibleLines(markdown: string): string[] {
  return (
    markdown
      .replace(/<!--[\s\S]*?-->/g, '')
      // Links read as their text, as GitHub renders them.
      .replace(/\[([^\]]*)\]\([^)\s]*\)/g, '$1')
      .split(/\r?\n/)
      .map((l) => l.trimEnd())
      .filter((l) => l.trim() !== '')
  );
}

function clip(text: string): string {
  return text.length > 110 ? `${text.slice(0, 109)}…` : text;
}
