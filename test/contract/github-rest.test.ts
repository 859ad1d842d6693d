import { RequestError } from '@octokit/request-error';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseScenario } from '../../src/sim/scenario/load.ts';
import type { Simulator } from '../../src/sim/simulator.ts';
import { octokitFor } from '../../src/sim/github/test-support.ts';
import { useSimulators } from '../support/simulator.ts';

// GitHub REST through the official client (@octokit/rest with the throttling and retry plugins),
// trusting the simulator's CA through an undici dispatcher. Every response is validated against
// GitHub's OpenAPI description by the simulator; each test ends with no problems recorded.

const START = '2026-11-23T05:00:00+01:00';

function scenario(): string {
  const many = Array.from({ length: 65 }, (_, i) => ({
    number: i + 1,
    title: `Old chore ${i + 1}`,
    labels: i % 2 === 0 ? ['chore'] : ['chore', 'kind/deploy_patch'],
    createdAt: `-${80 - i}d`,
    state: i < 5 ? 'closed' : 'open',
  }));
  return stringify({
    name: 'github-rest',
    start: START,
    github: {
      users: [
        { login: 'oncall-kari', name: 'Kari Nordmann', push: ['Altinn/*'] },
        { login: 'ola', push: ['Altinn/altinn-authentication'] },
        { login: 'outsider' },
      ],
      tokens: [
        { token: 'ghp_kari', login: 'oncall-kari' },
        { token: 'ghp_ola', login: 'ola' },
        { token: 'ghp_outsider', login: 'outsider' },
      ],
      repositories: [
        {
          fullName: 'Altinn/altinn-authorization',
          labels: ['kind/deploy_patch', 'team/tilgangsinfo'],
          issues: [
            ...many,
            {
              number: 70,
              title: 'Deploy & Patching W47',
              body: '- [x] Deploy to TT02\n- [ ] Deploy to production',
              labels: ['kind/deploy_patch', 'team/tilgangsinfo'],
              user: 'github-actions[bot]',
              createdAt: '-7d',
              comments: [{ user: 'oncall-kari', body: 'TT02 done' }],
            },
          ],
        },
        {
          fullName: 'Altinn/altinn-authentication',
          allowMergeCommit: false,
          pulls: [
            {
              number: 101,
              title: 'Update dependency Npgsql to v9',
              user: 'renovate[bot]',
              labels: ['dependencies'],
              ci: 'green',
            },
            {
              number: 102,
              title: 'Bump Azure.Identity from 1.12.0 to 1.13.1',
              user: 'dependabot[bot]',
              ci: 'red',
            },
            { number: 103, title: 'Update all non-major dependencies', user: 'renovate[bot]', ci: 'pending' },
            { number: 104, title: 'Lock file maintenance', user: 'renovate[bot]', mergeable: false },
            {
              number: 105,
              title: 'chore(deps): update dependency yarn to v4.5.3',
              user: 'renovate[bot]',
              draft: true,
            },
            {
              number: 106,
              title: 'Add token exchange',
              user: 'ola',
              ci: 'none',
              statuses: [
                { context: 'ci/build', state: 'success' },
                { context: 'ci/sonar', state: 'pending' },
              ],
            },
          ],
          deployments: [
            {
              id: 900,
              environment: 'TT02',
              sha: 'abc1234',
              createdAt: '-5d',
              statuses: [{ state: 'in_progress' }, { state: 'success' }],
            },
          ],
        },
      ],
    },
  });
}

const startSimulator = useSimulators();

async function start(): Promise<Simulator> {
  const sim = await startSimulator({ scenario: parseScenario(scenario()), warn: () => {} });
  return sim;
}

async function status(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
    return 200;
  } catch (error) {
    if (error instanceof RequestError) return error.status;
    throw error;
  }
}

describe('GitHub REST: repository, user, rate limit', () => {
  it('answers the caller, the repository with permissions and merge settings, and an uncharged rate limit', async () => {
    const s = await start();
    const kari = octokitFor(s, 'ghp_kari');
    const me = await kari.rest.users.getAuthenticated();
    expect(me.data.login).toBe('oncall-kari');
    expect(me.headers['x-github-api-version-selected']).toBe('2022-11-28');
    expect(me.headers['x-github-request-id']).toBeTruthy();
    expect(me.headers['x-ratelimit-resource']).toBe('core');
    expect(me.headers['x-ratelimit-used']).toBe('1');

    const repo = await kari.rest.repos.get({ owner: 'Altinn', repo: 'altinn-authentication' });
    expect(repo.data.allow_merge_commit).toBe(false);
    expect(repo.data.allow_squash_merge).toBe(true);
    expect(repo.data.permissions).toMatchObject({ push: true, pull: true });
    expect(repo.data.owner.type).toBe('Organization');
    const outsider = await octokitFor(s, 'ghp_outsider').rest.repos.get({
      owner: 'Altinn',
      repo: 'altinn-authentication',
    });
    expect(outsider.data.permissions).toMatchObject({ push: false, pull: true });

    const before = await kari.rest.rateLimit.get();
    const after = await kari.rest.rateLimit.get();
    expect(after.data.resources.core.used).toBe(before.data.resources.core.used);
    expect(after.data.resources.core.limit).toBe(5000);
    expect(after.data.resources.search.limit).toBe(30);
    expect(Number(after.headers['x-ratelimit-reset'])).toBeGreaterThan(Date.parse(START) / 1000);

    expect(await status(kari.rest.repos.get({ owner: 'Altinn', repo: 'nope' }))).toBe(404);
    expect(s.problems()).toEqual([]);
  });

  it('refuses a missing or unknown token with 401 Bad credentials', async () => {
    const s = await start();
    const error = await octokitFor(s, 'ghp_wrong')
      .rest.users.getAuthenticated()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestError);
    expect((error as RequestError).status).toBe(401);
    expect((error as RequestError).response?.data).toEqual({
      message: 'Bad credentials',
      documentation_url: 'https://docs.github.com/rest',
      status: '401',
    });
    expect(s.problems()).toEqual([]);
  });
});

describe('GitHub REST: issues and comments', () => {
  it('lists with labels (all must match), state, creator, sort and paginates across pages with link headers', async () => {
    const s = await start();
    const kari = octokitFor(s, 'ghp_kari');
    const repo = { owner: 'Altinn', repo: 'altinn-authorization' };

    const first = await kari.rest.issues.listForRepo({
      ...repo,
      labels: 'chore,kind/deploy_patch',
      per_page: 10,
    });
    expect(first.data).toHaveLength(10);
    expect(first.headers.link).toMatch(/rel="next"/);
    expect(first.headers.link).toMatch(/rel="last"/);
    expect(first.headers.link).toContain(s.urls.github);
    expect(first.data.every((i) => i.labels.length === 2)).toBe(true);

    const all = await kari.paginate(kari.rest.issues.listForRepo, { ...repo, labels: 'chore', per_page: 7 });
    expect(all).toHaveLength(60); // 65 chores, 5 closed
    const numbers = all.map((i) => i.number);
    expect(numbers).toEqual([...numbers].sort((a, b) => b - a)); // created desc

    const closed = await kari.rest.issues.listForRepo({ ...repo, state: 'closed' });
    expect(closed.data.map((i) => i.number).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);
    expect(closed.headers.link).toBeUndefined();

    const byBot = await kari.rest.issues.listForRepo({
      ...repo,
      creator: 'github-actions[bot]',
      labels: 'team/tilgangsinfo',
    });
    expect(byBot.data.map((i) => i.title)).toEqual(['Deploy & Patching W47']);
    expect(byBot.data[0]!.user?.type).toBe('Bot');

    const asc = await kari.rest.issues.listForRepo({
      ...repo,
      sort: 'created',
      direction: 'asc',
      per_page: 3,
    });
    expect(asc.data.map((i) => i.number)).toEqual([6, 7, 8]);

    const since = await kari.rest.issues.listForRepo({
      ...repo,
      since: '2026-11-15T00:00:00Z',
      state: 'all',
    });
    expect(since.data.map((i) => i.number)).toEqual([70]);
    expect(s.problems()).toEqual([]);
  });

  it('creates (201 + Location), reads, updates labels/state/assignees and comments', async () => {
    const s = await start();
    const kari = octokitFor(s, 'ghp_kari');
    const repo = { owner: 'Altinn', repo: 'altinn-authorization' };

    const created = await kari.rest.issues.create({
      ...repo,
      title: 'Deploy & Patching W48',
      body: '<!-- pnd:week=2026-W48 team=tilgangsinfo -->\n- [ ] Deploy',
      labels: ['kind/deploy_patch', 'team/tilgangsinfo'],
    });
    expect(created.status).toBe(201);
    expect(created.data.number).toBe(71);
    expect(created.headers.location).toBe(`${s.urls.github}/repos/Altinn/altinn-authorization/issues/71`);
    expect(created.data.node_id).toMatch(/^I_kwDO/);
    expect(created.data.user?.login).toBe('oncall-kari');

    const updated = await kari.rest.issues.update({
      ...repo,
      issue_number: 71,
      body: '<!-- pnd:week=2026-W48 team=tilgangsinfo -->\n- [x] Deploy',
      labels: ['kind/deploy_patch'],
      assignees: ['oncall-kari'],
    });
    expect(updated.data.labels.map((l) => (typeof l === 'string' ? l : l.name))).toEqual([
      'kind/deploy_patch',
    ]);
    expect(updated.data.assignees?.map((a) => a.login)).toEqual(['oncall-kari']);

    const closed = await kari.rest.issues.update({
      ...repo,
      issue_number: 70,
      state: 'closed',
      state_reason: 'completed',
    });
    expect(closed.data.state).toBe('closed');
    expect(closed.data.state_reason).toBe('completed');
    expect(closed.data.closed_by?.login).toBe('oncall-kari');

    const got = await kari.rest.issues.get({ ...repo, issue_number: 71 });
    expect(got.data.body).toContain('[x] Deploy');

    const comment = await kari.rest.issues.createComment({
      ...repo,
      issue_number: 71,
      body: 'Deployed to TT02.',
    });
    expect(comment.status).toBe(201);
    const edited = await kari.rest.issues.updateComment({
      ...repo,
      comment_id: comment.data.id,
      body: 'Deployed to TT02 (evidence).',
    });
    expect(edited.data.body).toBe('Deployed to TT02 (evidence).');
    const comments = await kari.rest.issues.listComments({ ...repo, issue_number: 71 });
    expect(comments.data.map((c) => c.body)).toEqual(['Deployed to TT02 (evidence).']);
    const old = await kari.rest.issues.listComments({ ...repo, issue_number: 70 });
    expect(old.data[0]!.user?.login).toBe('oncall-kari');

    expect(await status(kari.rest.issues.get({ ...repo, issue_number: 999 }))).toBe(404);
    expect(s.problems()).toEqual([]);
  });

  it('includes pull requests in the issues list, with pull_request set', async () => {
    const s = await start();
    const kari = octokitFor(s, 'ghp_kari');
    const list = await kari.rest.issues.listForRepo({
      owner: 'Altinn',
      repo: 'altinn-authentication',
      per_page: 100,
    });
    expect(list.data).toHaveLength(6);
    expect(list.data.every((i) => i.pull_request !== undefined)).toBe(true);
    expect(list.data[0]!.node_id).toMatch(/^PR_/);
    expect(s.problems()).toEqual([]);
  });

  it('answers 304 to a repeated GET with its ETag, without charging the rate limit', async () => {
    const s = await start();
    const kari = octokitFor(s, 'ghp_kari');
    const repo = { owner: 'Altinn', repo: 'altinn-authorization', issue_number: 70 };
    const first = await kari.rest.issues.get(repo);
    const etag = first.headers.etag!;
    expect(etag).toMatch(/^W\/"/);
    const usedBefore = Number(first.headers['x-ratelimit-used']);
    const again = await status(kari.rest.issues.get({ ...repo, headers: { 'if-none-match': etag } }));
    expect(again).toBe(304);
    const after = await kari.rest.rateLimit.get();
    expect(after.data.resources.core.used).toBe(usedBefore);
    // A change makes the old ETag stale.
    await kari.rest.issues.update({ ...repo, title: 'Deploy & Patching W47 (done)' });
    const changed = await kari.rest.issues.get({ ...repo, headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    expect(s.problems()).toEqual([]);
  });
});

describe('GitHub REST: search', () => {
  it('supports the qualifiers pnd uses and has its own 30/min resource', async () => {
    const s = await start();
    const kari = octokitFor(s, 'ghp_kari');
    const weekly = await kari.rest.search.issuesAndPullRequests({
      q: 'repo:Altinn/altinn-authorization is:issue is:open label:"kind/deploy_patch" label:team/tilgangsinfo "Deploy & Patching" in:title',
    });
    expect(weekly.data.total_count).toBe(1);
    expect(weekly.data.items[0]!.title).toBe('Deploy & Patching W47');
    expect(weekly.headers['x-ratelimit-resource']).toBe('search');
    expect(weekly.headers['x-ratelimit-limit']).toBe('30');

    const renovate = await kari.rest.search.issuesAndPullRequests({
      q: 'is:pr is:open author:app/renovate repo:Altinn/altinn-authentication',
    });
    expect(renovate.data.items.map((i) => i.number).sort()).toEqual([101, 103, 104, 105]);
    expect(renovate.data.items.every((i) => i.pull_request !== undefined)).toBe(true);

    const marker = await kari.rest.search.issuesAndPullRequests({
      q: 'repo:Altinn/altinn-authorization "Deploy to production" in:body state:open',
    });
    expect(marker.data.items.map((i) => i.number)).toEqual([70]);

    const paged = await kari.rest.search.issuesAndPullRequests({
      q: 'repo:Altinn/altinn-authorization chore',
      per_page: 50,
      page: 2,
    });
    expect(paged.data.total_count).toBe(65);
    expect(paged.data.items).toHaveLength(15);
    expect(paged.headers.link).toMatch(/rel="prev"/);

    expect(
      await status(kari.rest.search.issuesAndPullRequests({ q: 'repo:Altinn/does-not-exist is:pr' })),
    ).toBe(422);
    expect(s.problems()).toEqual([]);
  });
});

describe('GitHub REST: pull requests, reviews, merge, CI', () => {
  it('lists and gets pull requests with mergeability, bots and CI', async () => {
    const s = await start();
    const kari = octokitFor(s, 'ghp_kari');
    const repo = { owner: 'Altinn', repo: 'altinn-authentication' };
    const open = await kari.paginate(kari.rest.pulls.list, { ...repo, per_page: 2 });
    expect(open.map((p) => p.number)).toEqual([106, 105, 104, 103, 102, 101]);
    const renovate = open.find((p) => p.number === 101)!;
    expect(renovate.user?.login).toBe('renovate[bot]');
    expect(renovate.user?.type).toBe('Bot');
    expect(renovate.head.ref).toMatch(/^renovate\//);

    const byHead = await kari.rest.pulls.list({ ...repo, head: `Altinn:${renovate.head.ref}` });
    expect(byHead.data.map((p) => p.number)).toEqual([101]);

    const green = await kari.rest.pulls.get({ ...repo, pull_number: 101 });
    expect(green.data).toMatchObject({
      mergeable: true,
      mergeable_state: 'clean',
      draft: false,
      merged: false,
    });
    const red = await kari.rest.pulls.get({ ...repo, pull_number: 102 });
    expect(red.data.mergeable_state).toBe('unstable');
    const conflicting = await kari.rest.pulls.get({ ...repo, pull_number: 104 });
    expect(conflicting.data).toMatchObject({ mergeable: false, mergeable_state: 'dirty' });
    const draft = await kari.rest.pulls.get({ ...repo, pull_number: 105 });
    expect(draft.data).toMatchObject({ draft: true, mergeable_state: 'draft' });

    const checks = await kari.rest.checks.listForRef({ ...repo, ref: red.data.head.sha });
    expect(checks.data.check_runs.map((c) => [c.name, c.status, c.conclusion])).toEqual([
      ['build', 'completed', 'success'],
      ['test', 'completed', 'failure'],
    ]);
    const pending = await kari.rest.checks.listForRef({
      ...repo,
      ref: (await kari.rest.pulls.get({ ...repo, pull_number: 103 })).data.head.sha,
      status: 'in_progress',
    });
    expect(pending.data.check_runs.map((c) => c.name)).toEqual(['test']);
    const named = await kari.rest.checks.listForRef({
      ...repo,
      ref: green.data.head.sha,
      check_name: 'build',
      per_page: 1,
    });
    expect(named.data.total_count).toBe(1);

    const combined = await kari.rest.repos.getCombinedStatusForRef({
      ...repo,
      ref: (await kari.rest.pulls.get({ ...repo, pull_number: 106 })).data.head.sha,
    });
    expect(combined.data.state).toBe('pending');
    expect(combined.data.statuses.map((x) => x.context).sort()).toEqual(['ci/build', 'ci/sonar']);
    const none = await kari.rest.repos.getCombinedStatusForRef({ ...repo, ref: green.data.head.sha });
    expect(none.data).toMatchObject({ state: 'pending', total_count: 0 });
    expect(s.problems()).toEqual([]);
  });

  it('approves a bot PR, refuses approving your own, and merges with an allowed method', async () => {
    const s = await start();
    const kari = octokitFor(s, 'ghp_kari');
    const ola = octokitFor(s, 'ghp_ola');
    const repo = { owner: 'Altinn', repo: 'altinn-authentication' };

    const review = await kari.rest.pulls.createReview({ ...repo, pull_number: 101, event: 'APPROVE' });
    expect(review.data.state).toBe('APPROVED');
    const reviews = await kari.rest.pulls.listReviews({ ...repo, pull_number: 101 });
    expect(reviews.data.map((r) => r.user?.login)).toEqual(['oncall-kari']);

    const own = await ola.rest.pulls
      .createReview({ ...repo, pull_number: 106, event: 'APPROVE' })
      .catch((e: unknown) => e);
    expect((own as RequestError).status).toBe(422);
    expect((own as RequestError).response?.data).toMatchObject({
      errors: ['Can not approve your own pull request'],
    });

    const head = (await kari.rest.pulls.get({ ...repo, pull_number: 101 })).data.head.sha;
    const merged = await kari.rest.pulls.merge({
      ...repo,
      pull_number: 101,
      merge_method: 'squash',
      sha: head,
    });
    expect(merged.data).toMatchObject({ merged: true, message: 'Pull Request successfully merged' });
    const after = await kari.rest.pulls.get({ ...repo, pull_number: 101 });
    expect(after.data).toMatchObject({ state: 'closed', merged: true, merged_by: { login: 'oncall-kari' } });
    expect(after.data.merged_at).toBe('2026-11-23T04:00:00Z');
    const stillOpen = await kari.rest.pulls.list({ ...repo, state: 'closed' });
    expect(stillOpen.data.map((p) => p.number)).toEqual([101]);
    expect(s.problems()).toEqual([]);
  });

  it('refuses merges: 405 for a disallowed method or a conflicting PR, 409 for a stale head sha', async () => {
    const s = await start();
    // The retry plugin retries 405 and 409 (they are not in its doNotRetry list): keep its backoff short.
    const kari = octokitFor(s, 'ghp_kari', { retryBaseMs: 5 });
    const repo = { owner: 'Altinn', repo: 'altinn-authentication' };
    const once = { request: { retries: 0 } };

    const notAllowed = await kari.rest.pulls
      .merge({ ...repo, pull_number: 102, merge_method: 'merge', ...once })
      .catch((e: unknown) => e);
    expect((notAllowed as RequestError).status).toBe(405);
    expect((notAllowed as RequestError).message).toContain(
      'Merge commits are not allowed on this repository.',
    );

    const stale = await kari.rest.pulls
      .merge({ ...repo, pull_number: 102, merge_method: 'squash', sha: '0'.repeat(40), ...once })
      .catch((e: unknown) => e);
    expect((stale as RequestError).status).toBe(409);
    expect((stale as RequestError).message).toContain('Head branch was modified');

    const conflicting = await kari.rest.pulls
      .merge({ ...repo, pull_number: 104, merge_method: 'squash' })
      .catch((e: unknown) => e);
    expect((conflicting as RequestError).status).toBe(405);
    expect((conflicting as RequestError).message).toContain('Pull Request is not mergeable');
    const merges = s.log.entries().filter((e) => e.method === 'PUT' && e.path.endsWith('/pulls/104/merge'));
    expect(merges).toHaveLength(4); // the first attempt and the retry plugin's three retries
    expect(s.problems()).toEqual([]);
  }, 40_000);
});

describe('GitHub REST: deployments', () => {
  it('lists with filters, gets, creates, and records statuses (success makes older ones inactive)', async () => {
    const s = await start();
    const kari = octokitFor(s, 'ghp_kari');
    const repo = { owner: 'Altinn', repo: 'altinn-authentication' };
    const list = await kari.rest.repos.listDeployments({ ...repo, environment: 'TT02' });
    expect(list.data.map((d) => d.id)).toEqual([900]);
    expect(list.data[0]!.sha).toHaveLength(40);
    const none = await kari.rest.repos.listDeployments({ ...repo, environment: 'PROD' });
    expect(none.data).toEqual([]);

    const created = await kari.rest.repos.createDeployment({
      ...repo,
      ref: list.data[0]!.sha,
      environment: 'TT02',
      auto_merge: false,
      required_contexts: [],
    });
    expect(created.status).toBe(201);
    const id = (created.data as { id: number }).id;
    await kari.rest.repos.createDeploymentStatus({
      ...repo,
      deployment_id: id,
      state: 'success',
      description: 'Deployed by pnd',
    });
    const statuses = await kari.rest.repos.listDeploymentStatuses({ ...repo, deployment_id: id });
    expect(statuses.data.map((x) => x.state)).toEqual(['success']);
    const older = await kari.rest.repos.listDeploymentStatuses({ ...repo, deployment_id: 900 });
    expect(older.data.map((x) => x.state)).toEqual(['inactive', 'success', 'in_progress']);
    const got = await kari.rest.repos.getDeployment({ ...repo, deployment_id: id });
    expect(got.data.creator?.login).toBe('oncall-kari');
    const bySha = await kari.rest.repos.listDeployments({ ...repo, sha: list.data[0]!.sha, task: 'deploy' });
    expect(bySha.data).toHaveLength(2);
    expect(s.problems()).toEqual([]);
  });
});

describe('GitHub scenario events', () => {
  it('moves CI, opens a bot PR and makes one conflict, as the timeline or POST /_sim/events would', async () => {
    const s = await start();
    const kari = octokitFor(s, 'ghp_kari');
    const repo = { owner: 'Altinn', repo: 'altinn-authentication' };
    const names = s.world.eventNames().map((e) => e.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'github.check-run-completes',
        'github.pull-opened',
        'github.pull-conflicts',
        'github.rate-limit-exhausted',
      ]),
    );

    s.world.fire('github.check-run-completes', {
      repo: 'Altinn/altinn-authentication',
      pull: 103,
      name: 'test',
      conclusion: 'success',
    });
    expect((await kari.rest.pulls.get({ ...repo, pull_number: 103 })).data.mergeable_state).toBe('clean');

    s.world.fire('github.pull-opened', {
      repo: 'Altinn/altinn-authentication',
      title: 'Update dependency xunit to v2.9.3',
      ci: 'green',
    });
    const opened = await kari.rest.pulls.get({ ...repo, pull_number: 107 });
    expect(opened.data).toMatchObject({
      user: { login: 'renovate[bot]' },
      mergeable_state: 'clean',
      created_at: '2026-11-23T04:00:00Z',
    });

    s.world.fire('github.pull-conflicts', { repo: 'Altinn/altinn-authentication', pull: 107 });
    expect((await kari.rest.pulls.get({ ...repo, pull_number: 107 })).data.mergeable_state).toBe('dirty');
    expect(() => s.world.fire('github.pull-conflicts', { repo: 'Altinn/nope', pull: 1 })).toThrow(
      /No GitHub repository/,
    );
    expect(s.problems()).toEqual([]);
  });
});
