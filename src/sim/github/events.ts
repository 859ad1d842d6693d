import { z } from 'zod';
import type { World } from '../world.ts';
import type { GitHubDeps } from './routes/common.ts';
import { shaFor } from './node-id.ts';
import { addCheckRun } from './state/commits.ts';
import { createPull } from './state/pulls.ts';
import type { Repo } from './state/repos.ts';

/**
 * Named events for the scenario timeline and `POST /_sim/events`: what happens on GitHub while
 * the train runs (CI finishes, Renovate opens a PR, a PR starts to conflict, a token runs dry).
 */
export function defineGitHubEvents(world: World, deps: GitHubDeps): void {
  const { store } = deps;
  const repoOf = (fullName: string): Repo => {
    const repo = store.repoByFullName(fullName);
    if (!repo) throw new Error(`No GitHub repository "${fullName}" in the scenario.`);
    return repo;
  };
  const pullOf = (repo: Repo, number: number) => {
    const issue = repo.issues.get(number);
    if (!issue?.pull) throw new Error(`${repo.fullName} has no pull request #${number}.`);
    return issue;
  };

  world.defineEvent('github.check-run-completes', {
    description: 'A check run of a pull request finishes: {repo, pull, name, conclusion}.',
    schema: z
      .object({
        repo: z.string(),
        pull: z.number().int().positive(),
        name: z.string(),
        conclusion: z
          .enum(['success', 'failure', 'neutral', 'cancelled', 'skipped', 'timed_out', 'action_required'])
          .default('success'),
      })
      .strict(),
    run: (args) => {
      const repo = repoOf(args.repo);
      const pull = pullOf(repo, args.pull).pull!;
      addCheckRun(store, repo, pull.headSha, {
        name: args.name,
        status: 'completed',
        conclusion: args.conclusion,
        app: 'github-actions',
      });
    },
  });

  world.defineEvent('github.pull-opened', {
    description: 'A bot or person opens a pull request: {repo, title, user, labels?, ci?}.',
    schema: z
      .object({
        repo: z.string(),
        title: z.string(),
        user: z.string().default('renovate[bot]'),
        body: z.string().default(''),
        labels: z.array(z.string()).default([]),
        ci: z.enum(['green', 'red', 'pending', 'none']).default('pending'),
      })
      .strict(),
    run: (args) => {
      const repo = repoOf(args.repo);
      const number = repo.nextNumber;
      const headSha = shaFor(`${repo.fullName}#${number}:opened`);
      createPull(store, repo, {
        title: args.title,
        body: args.body,
        user: store.user(args.user),
        labels: args.labels,
        draft: false,
        headRef: `renovate/${args.title.toLowerCase().replace(/[^a-z0-9.]+/g, '-')}`,
        headSha,
        base: repo.defaultBranch,
        mergeable: true,
        createdAt: store.now(),
      });
      if (args.ci !== 'none') {
        const status = args.ci === 'pending' ? 'in_progress' : 'completed';
        const conclusion = args.ci === 'green' ? 'success' : args.ci === 'red' ? 'failure' : null;
        addCheckRun(store, repo, headSha, { name: 'build', status, conclusion, app: 'github-actions' });
      }
    },
  });

  world.defineEvent('github.pull-conflicts', {
    description: 'A pull request becomes conflicting (or mergeable again): {repo, pull, mergeable}.',
    schema: z
      .object({
        repo: z.string(),
        pull: z.number().int().positive(),
        mergeable: z.boolean().nullable().default(false),
      })
      .strict(),
    run: (args) => {
      pullOf(repoOf(args.repo), args.pull).pull!.mergeable = args.mergeable;
    },
  });

  world.defineEvent('github.rate-limit-exhausted', {
    description: "A token's primary rate limit runs out until its window resets: {token, resource}.",
    schema: z
      .object({ token: z.string(), resource: z.enum(['core', 'search', 'graphql']).default('core') })
      .strict(),
    run: (args) => {
      const entry = store.tokens.get(args.token);
      if (!entry) throw new Error('Unknown GitHub token.');
      deps.limits.exhaust(args.token, args.resource, entry.limit);
    },
  });
}
