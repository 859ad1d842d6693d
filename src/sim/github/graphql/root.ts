import type { RateWindow } from '../rate-limit.ts';
import type { GitHubDeps } from '../routes/common.ts';
import { parseIssueQuery, searchIssues } from '../search/query.ts';
import type { Issue } from '../state/issues.ts';
import type { Repo } from '../state/repos.ts';
import type { User } from '../state/users.ts';
import { iso } from '../time.ts';
import { connection, type ConnectionArgs } from './connection.ts';
import { deploymentView, findDeployment } from './deliveries.ts';
import { GitHubGraphqlError, notFoundNode } from './errors.ts';
import { fieldView, itemView, projectMutations, projectOf, projectView } from './projects.ts';
import { actorView, issueView, pullView, repoView, type View } from './views.ts';
import { findRun, workflowRunView } from './workflow-runs.ts';

export interface RootInput {
  caller: User;
  cost: number;
  nodeCount: number;
  window: RateWindow;
}

/** The query and mutation roots for one request (graphql-js takes one root value for both). */
export function createRoot(deps: GitHubDeps, input: RootInput): View {
  const { store } = deps;

  const findIssue = (id: string): { repo: Repo; issue: Issue } | undefined => {
    for (const repo of store.repos.values()) {
      for (const issue of repo.issues.values()) if (issue.nodeId === id) return { repo, issue };
    }
    return undefined;
  };

  const node = (id: string): View | null => {
    // By prefix first: a gather asks for a hundred deployments at once, each without an issue scan.
    const deployment = findDeployment(store, id);
    if (deployment) return deploymentView(store, deployment.repo, deployment.deployment);
    const hit = findIssue(id);
    if (hit)
      return hit.issue.pull ? pullView(store, hit.repo, hit.issue) : issueView(store, hit.repo, hit.issue);
    for (const repo of store.repos.values()) if (repo.nodeId === id) return repoView(store, repo);
    for (const p of store.projects) {
      if (p.nodeId === id) return projectView(store, p);
      const item = p.items.find((i) => i.nodeId === id);
      if (item) return itemView(store, p, item);
      const field = p.fields.find((f) => f.nodeId === id);
      if (field) return fieldView(field);
    }
    const run = findRun(store, id);
    if (run) return workflowRunView(deps.actions, run.repo, run.run);
    const user = store.users.all().find((u) => u.nodeId === id);
    return user ? ownerView(user) : null;
  };

  const ownerView = (user: User): View => ({
    ...actorView(user),
    projectV2: ({ number }: { number: number }) => projectView(store, projectOf(store, user, number)),
    projectsV2: (args: ConnectionArgs) =>
      connection(
        store.projects.filter((p) => p.owner === user),
        args,
        (p) => projectView(store, p),
      ),
  });

  return {
    repository: ({ owner, name }: { owner: string; name: string }) => {
      const repo = store.repo(owner, name);
      if (!repo)
        throw new GitHubGraphqlError(
          'NOT_FOUND',
          `Could not resolve to a Repository with the name '${owner}/${name}'.`,
        );
      return repoView(store, repo);
    },
    organization: ({ login }: { login: string }) => {
      const org = store.users.get(login);
      if (!org || org.type !== 'Organization') {
        throw new GitHubGraphqlError(
          'NOT_FOUND',
          `Could not resolve to an Organization with the login of '${login}'.`,
        );
      }
      return ownerView(org);
    },
    user: ({ login }: { login: string }) => {
      const user = store.users.get(login);
      if (!user || user.type !== 'User')
        throw new GitHubGraphqlError(
          'NOT_FOUND',
          `Could not resolve to a User with the login of '${login}'.`,
        );
      return ownerView(user);
    },
    viewer: () => ownerView(input.caller),
    node: ({ id }: { id: string }) => {
      const found = node(id);
      if (!found) throw notFoundNode(id);
      return found;
    },
    nodes: ({ ids }: { ids: string[] }) => ids.map((id) => node(id)),
    rateLimit: () => ({
      __typename: 'RateLimit',
      limit: input.window.limit,
      cost: input.cost,
      remaining: Math.max(0, input.window.limit - input.window.used),
      resetAt: iso(input.window.reset),
      used: input.window.used,
      nodeCount: input.nodeCount,
    }),
    search: (args: ConnectionArgs & { query: string; type: string }) => {
      const hits =
        args.type === 'ISSUE' ? searchIssues(store, parseIssueQuery(args.query), null, 'desc').hits : [];
      const conn = connection(hits, args, (h) =>
        h.issue.pull ? pullView(store, h.repo, h.issue) : issueView(store, h.repo, h.issue),
      );
      return {
        ...conn,
        issueCount: hits.length,
        codeCount: 0,
        repositoryCount: 0,
        userCount: 0,
        wikiCount: 0,
        discussionCount: 0,
      };
    },
    ...projectMutations(store, findIssue),
  };
}
