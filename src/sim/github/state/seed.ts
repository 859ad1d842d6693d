import { parseDuration } from '../../../core/duration.ts';
import type { DeployTarget } from '../../world.ts';
import { fullSha, nodeId, shaFor } from '../node-id.ts';
import { resolveInstant, type GitHubScenario, type PullSeed, type RepositorySeed } from '../scenario.ts';
import type { Actions, JobSpec, Workflow } from './actions.ts';
import { addCheckRun, addStatus } from './commits.ts';
import { addDeploymentStatus, createDeployment } from './deployments.ts';
import { addComment, createIssue } from './issues.ts';
import { addItem, createProject, setFieldValue } from './projects.ts';
import { createPull } from './pulls.ts';
import { createRelease } from './releases.ts';
import type { Environment, Repo } from './repos.ts';
import type { GitHubStore } from './store.ts';

/** Builds the GitHub state a scenario describes, at the world's current (start) time. */
export function seedGitHub(store: GitHubStore, actions: Actions, scenario: GitHubScenario): void {
  const start = store.now();
  const at = (value: string): number => resolveInstant(value, start);

  for (const u of scenario.users)
    store.users.ensure(u.login, { type: u.type, name: u.name, id: u.id, push: u.push });
  for (const t of scenario.tokens) {
    store.users.ensure(t.login);
    store.tokens.set(t.token, { login: t.login, limit: t.rateLimit });
  }
  for (const app of scenario.apps) store.apps.seed(app);
  for (const t of scenario.actionsTokens) store.apps.seedActionsToken(t);
  for (const seed of scenario.repositories) seedRepo(store, actions, seed, at);

  for (const p of scenario.projects) {
    const owner = store.users.ensure(p.owner, p.ownerType === 'organization' ? { type: 'Organization' } : {});
    const project = createProject(store, { owner, number: p.number, title: p.title, fields: p.fields });
    for (const item of p.items) {
      const [, fullName, num] = /^(.+)#(\d+)$/.exec(item.content)!;
      const repo = store.repoByFullName(fullName!);
      const issue = repo?.issues.get(Number(num));
      if (!repo || !issue)
        throw new Error(`github.projects: ${item.content} is not an issue or pull request of the scenario.`);
      const added = addItem(store, project, repo, issue);
      for (const [name, value] of Object.entries(item.values)) {
        const field = project.fields.find((f) => f.name === name);
        if (!field) throw new Error(`github.projects: project ${p.number} has no field "${name}".`);
        const option = field.options.find((o) => o.name === value);
        const input =
          field.dataType === 'SINGLE_SELECT'
            ? { singleSelectOptionId: option?.id ?? `missing:${String(value)}` }
            : field.dataType === 'NUMBER'
              ? { number: Number(value) }
              : field.dataType === 'DATE'
                ? { date: String(value) }
                : { text: String(value) };
        const problem = setFieldValue(store, project, added, field, input);
        if (problem) throw new Error(`github.projects: ${item.content} field "${name}": ${problem}.`);
      }
    }
  }
}

function seedRepo(
  store: GitHubStore,
  actions: Actions,
  seed: RepositorySeed,
  at: (v: string) => number,
): void {
  const [ownerLogin, name] = seed.fullName.split('/') as [string, string];
  const known = store.users.get(ownerLogin);
  const owner = known ?? store.users.ensure(ownerLogin, { type: 'Organization' });
  const id = store.idOr('repo', seed.id, 700_000_001);
  const created = Date.UTC(2021, 2, 1);
  const repo: Repo = {
    id,
    nodeId: nodeId('R', seed.fullName.toLowerCase()),
    owner,
    name,
    fullName: seed.fullName,
    private: seed.private,
    description: seed.description,
    defaultBranch: seed.defaultBranch,
    allowMergeCommit: seed.allowMergeCommit,
    allowSquashMerge: seed.allowSquashMerge,
    allowRebaseMerge: seed.allowRebaseMerge,
    createdAt: created,
    pushedAt: at('-1h'),
    labels: new Map(),
    environments: new Map(),
    workflows: [],
    issues: new Map(),
    nextNumber: 1,
    releases: [],
    runs: [],
    deployments: [],
    statuses: new Map(),
    checkRuns: new Map(),
  };
  store.repos.set(seed.fullName.toLowerCase(), repo);
  for (const label of seed.labels) store.ensureLabel(repo, label);

  for (const e of seed.environments) addEnvironment(store, repo, e.name, e);
  for (const w of seed.workflows) {
    const jobs: JobSpec[] = w.jobs.map((j) => {
      if (!repo.environments.has(j.environment.toLowerCase())) addEnvironment(store, repo, j.environment);
      return {
        name: j.name ?? `Deploy to ${j.environment}`,
        environment: repo.environments.get(j.environment.toLowerCase())!.name,
        durationMs: parseDuration(j.duration) ?? 180_000,
        fail: j.fail,
        deployTargets: j.deployTargets as DeployTarget[],
        imageRepository: j.imageRepository ?? w.imageRepository,
      };
    });
    const workflow: Workflow = {
      id: store.idOr('workflow', w.id, 60_000_001),
      nodeId: nodeId('W', `${repo.fullName}:${w.file}`),
      file: w.file,
      path: `.github/workflows/${w.file}`,
      name: w.name ?? w.file.replace(/\.ya?ml$/, ''),
      on: w.on,
      jobs,
      createdAt: created,
      nextRunNumber: 1,
    };
    repo.workflows.push(workflow);
  }

  for (const r of seed.releases) {
    const createdAt = at(r.createdAt);
    const publishedAt = r.draft ? null : r.publishedAt ? at(r.publishedAt) : createdAt;
    createRelease(store, repo, {
      id: r.id,
      tag: r.tag,
      name: r.name === undefined ? (r.draft ? null : r.tag) : r.name,
      draft: r.draft,
      prerelease: r.prerelease,
      targetSha: r.target ? fullSha(r.target) : shaFor(`${repo.fullName}@${r.tag}`),
      targetCommitish: r.targetCommitish ?? repo.defaultBranch,
      body: r.body,
      author: store.user(r.author ?? 'github-actions[bot]'),
      createdAt,
      publishedAt,
      updatedAt: publishedAt ?? createdAt,
      makeLatest: 'true',
    });
  }

  // Explicit numbers first, so that numbered and unnumbered issues and PRs never collide.
  const taken = new Set<number>([...seed.issues, ...seed.pulls].flatMap((x) => (x.number ? [x.number] : [])));
  const nextFree = (): number => {
    let n = 1;
    while (taken.has(n) || repo.issues.has(n)) n++;
    taken.add(n);
    return n;
  };
  for (const i of seed.issues) {
    const createdAt = at(i.createdAt);
    const issue = createIssue(store, repo, {
      number: i.number ?? nextFree(),
      title: i.title,
      body: i.body,
      user: store.user(i.user),
      labels: i.labels,
      assignees: i.assignees.map((a) => store.user(a)),
      state: i.state,
      stateReason: i.stateReason,
      createdAt,
      closedAt: i.closedAt ? at(i.closedAt) : undefined,
    });
    i.comments.forEach((c, index) => {
      addComment(
        store,
        repo,
        issue,
        store.user(c.user),
        c.body,
        c.createdAt ? at(c.createdAt) : createdAt + (index + 1) * 3_600_000,
      );
    });
  }
  for (const p of seed.pulls) seedPull(store, repo, p, p.number ?? nextFree(), at);
  repo.nextNumber = Math.max(repo.nextNumber, ...[...repo.issues.keys()].map((n) => n + 1));

  for (const r of seed.runs) {
    const workflow = repo.workflows.find(
      (w) => w.file === r.workflow || w.name === r.workflow || String(w.id) === r.workflow,
    );
    if (!workflow)
      throw new Error(`github: run of ${repo.fullName} names an unknown workflow "${r.workflow}".`);
    const headSha = fullSha(r.headSha);
    const release = repo.releases.find((rel) => rel.targetSha === headSha);
    const run = actions.createRun(repo, workflow, {
      id: r.id,
      event: r.event,
      headSha,
      headBranch: r.headBranch ?? (r.event === 'release' && release ? release.tag : repo.defaultBranch),
      actor: store.user(r.actor),
      at: at(r.createdAt),
    });
    actions.seed(repo, run, r.jobsDone, r.outcome, r.approvedAt.map(at));
  }

  for (const d of seed.deployments) {
    const createdAt = at(d.createdAt);
    const sha = fullSha(d.sha);
    const deployment = createDeployment(store, repo, {
      id: d.id,
      sha,
      ref: d.ref ?? sha,
      task: d.task,
      environment: d.environment,
      description: d.description,
      creator: store.user(d.creator),
      createdAt,
    });
    d.statuses.forEach((s, index) => {
      addDeploymentStatus(store, repo, deployment, {
        state: s.state,
        description: s.description,
        creator: store.user(s.creator ?? 'github-actions[bot]'),
        at: s.at ? at(s.at) : createdAt + index * 60_000,
      });
    });
  }
}

function addEnvironment(
  store: GitHubStore,
  repo: Repo,
  name: string,
  seed: { id?: number; requiredReviewers?: string[]; preventSelfReview?: boolean; waitTimer?: number } = {},
): Environment {
  const env: Environment = {
    id: store.idOr('environment', seed.id, 1_500_000_001),
    nodeId: nodeId('EN', `${repo.fullName}:${name.toLowerCase()}`),
    name,
    reviewers: (seed.requiredReviewers ?? []).map((login) => store.user(login)),
    preventSelfReview: seed.preventSelfReview ?? false,
    waitTimer: seed.waitTimer ?? 0,
    createdAt: repo.createdAt,
  };
  repo.environments.set(name.toLowerCase(), env);
  return env;
}

function seedPull(
  store: GitHubStore,
  repo: Repo,
  p: PullSeed,
  number: number,
  at: (v: string) => number,
): void {
  const user = store.user(p.user);
  const createdAt = at(p.createdAt);
  const slug = p.title
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 50);
  const prefix = user.login.startsWith('renovate')
    ? 'renovate/'
    : user.login.startsWith('dependabot')
      ? 'dependabot/nuget/'
      : 'feature/';
  const headSha = p.headSha ? fullSha(p.headSha) : shaFor(`${repo.fullName}#${number}`);
  createPull(store, repo, {
    number,
    title: p.title,
    body: p.body,
    user,
    labels: p.labels,
    draft: p.draft,
    headRef: p.headRef ?? `${prefix}${slug}`,
    headSha,
    base: p.base ?? repo.defaultBranch,
    mergeable: p.mergeable,
    createdAt,
  });
  const ciAt = createdAt + 60_000;
  if (p.ci !== 'none') {
    addCheckRun(store, repo, headSha, {
      name: 'build',
      status: 'completed',
      conclusion: 'success',
      app: 'github-actions',
      at: ciAt,
    });
    const test =
      p.ci === 'green'
        ? ({ status: 'completed', conclusion: 'success' } as const)
        : p.ci === 'red'
          ? ({ status: 'completed', conclusion: 'failure' } as const)
          : ({ status: 'in_progress', conclusion: null } as const);
    addCheckRun(store, repo, headSha, { name: 'test', ...test, app: 'github-actions', at: ciAt });
  }
  for (const c of p.checkRuns) {
    addCheckRun(store, repo, headSha, {
      name: c.name,
      status: c.status,
      conclusion: c.conclusion ?? null,
      app: c.app,
      at: ciAt,
    });
  }
  for (const s of p.statuses) {
    addStatus(store, repo, headSha, {
      context: s.context,
      state: s.state,
      description: s.description,
      targetUrl: s.targetUrl,
      creator: store.user('github-actions[bot]'),
      at: ciAt,
    });
  }
}
