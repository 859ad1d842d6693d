import { GraphqlResponseError } from '@octokit/graphql';
import { RequestError } from '@octokit/request-error';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { stringify } from 'yaml';
import { gitHubGraphqlSchema } from '../../src/sim/github/graphql/schema.ts';
import { parseScenario } from '../../src/sim/scenario/load.ts';
import type { Simulator } from '../../src/sim/simulator.ts';
import { useSimulators } from '../support/simulator.ts';
import { octokitFor, type LimitEvent } from '../../src/sim/github/test-support.ts';

// GitHub GraphQL at /gh/graphql through `octokit.graphql`, executed against GitHub's real public
// schema (@octokit/graphql-schema): the queries pnd sends must validate against it.

function scenario(): string {
  const repo = (name: string, pulls: object[]) => ({ fullName: `Altinn/${name}`, pulls });
  return stringify({
    name: 'github-graphql',
    start: '2026-11-26T06:30:00+01:00', // Thursday, after Renovate's run
    github: {
      users: [{ login: 'oncall-kari', push: ['Altinn/*'] }, { login: 'ola' }],
      tokens: [
        { token: 'ghp_kari', login: 'oncall-kari' },
        { token: 'ghp_ola', login: 'ola' },
      ],
      repositories: [
        repo('altinn-authentication', [
          {
            title: 'Update dependency Npgsql to v9',
            user: 'renovate[bot]',
            labels: ['dependencies', 'major'],
            createdAt: '-3h',
          },
          {
            title: 'Bump Azure.Identity from 1.12.0 to 1.13.1',
            user: 'dependabot[bot]',
            ci: 'red',
            createdAt: '-2h',
          },
          { title: 'Lock file maintenance', user: 'renovate[bot]', mergeable: false, createdAt: '-1h' },
        ]),
        repo('altinn-authentication-frontend', [
          {
            title: 'chore(deps): update dependency vite to v6.0.3',
            user: 'renovate[bot]',
            ci: 'pending',
            createdAt: '-4h',
          },
          {
            title: 'Update all non-major dependencies',
            user: 'renovate[bot]',
            draft: true,
            ci: 'none',
            statuses: [{ context: 'ci/build', state: 'success' }],
          },
        ]),
        repo('altinn-resource-registry', []),
        {
          fullName: 'Altinn/altinn-authorization',
          issues: [
            { number: 70, title: 'Deploy & Patching W47', labels: ['kind/deploy_patch'] },
            { number: 71, title: 'Deploy & Patching W48', labels: ['kind/deploy_patch'] },
          ],
        },
      ],
      projects: [
        {
          owner: 'Altinn',
          number: 42,
          title: 'Tilgangsinfo',
          fields: [
            { name: 'Status', type: 'single_select', options: ['Todo', 'In progress', 'Done'] },
            { name: 'Notes', type: 'text' },
          ],
          items: [
            { content: 'Altinn/altinn-authorization#70', values: { Status: 'Done', Notes: 'W47 shipped' } },
          ],
        },
        { owner: 'oncall-kari', ownerType: 'user', number: 1, title: 'My board' },
      ],
    },
  });
}

const startSimulator = useSimulators();
afterEach(() => {
  vi.restoreAllMocks();
});

async function start(warn: (message: string) => void = () => {}): Promise<Simulator> {
  const sim = await startSimulator({ scenario: parseScenario(scenario()), warn });
  return sim;
}

const PULLS = /* GraphQL */ `
  fragment Pulls on Repository {
    id
    nameWithOwner
    pullRequests(states: OPEN, first: 50, orderBy: { field: CREATED_AT, direction: ASC }) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        number
        title
        url
        body
        createdAt
        isDraft
        mergeable
        headRefOid
        author {
          login
        }
        labels(first: 10) {
          nodes {
            name
          }
        }
        reviewDecision
        commits(last: 1) {
          nodes {
            commit {
              statusCheckRollup {
                state
                contexts(first: 50) {
                  nodes {
                    ... on CheckRun {
                      name
                      conclusion
                      status
                    }
                    ... on StatusContext {
                      context
                      state
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
  }
`;

interface PullNode {
  number: number;
  title: string;
  isDraft: boolean;
  mergeable: string;
  headRefOid: string;
  author: { login: string };
  labels: { nodes: { name: string }[] };
  reviewDecision: string | null;
  commits: {
    nodes: {
      commit: { statusCheckRollup: { state: string; contexts: { nodes: Record<string, string>[] } } | null };
    }[];
  };
}
interface RepoPulls {
  id: string;
  nameWithOwner: string;
  pullRequests: { totalCount: number; pageInfo: { hasNextPage: boolean }; nodes: PullNode[] };
}

describe('GitHub GraphQL', () => {
  it('builds the real schema once and reports how long it took', () => {
    const first = gitHubGraphqlSchema();
    const again = gitHubGraphqlSchema();
    expect(again.schema).toBe(first.schema);
    expect(first.schema.getType('ProjectV2SingleSelectField')).toBeDefined();
    expect(first.buildMs).toBeGreaterThan(0);
  });

  it('answers open PRs of many repositories in one aliased query, with CI rollups, and null + NOT_FOUND for a missing one', async () => {
    const s = await start();
    const kari = octokitFor(s, 'ghp_kari');
    const query = `
      ${PULLS}
      query {
        r0: repository(owner: "Altinn", name: "altinn-authentication") { ...Pulls }
        r1: repository(owner: "Altinn", name: "altinn-authentication-frontend") { ...Pulls }
        r2: repository(owner: "Altinn", name: "altinn-resource-registry") { ...Pulls }
        r3: repository(owner: "Altinn", name: "no-such-repo") { ...Pulls }
        rateLimit { limit cost remaining resetAt used }
      }`;
    const error = (await kari.graphql(query).catch((e: unknown) => e)) as GraphqlResponseError<
      Record<string, RepoPulls | null>
    >;
    expect(error).toBeInstanceOf(GraphqlResponseError);
    expect(error.errors).toEqual([
      {
        type: 'NOT_FOUND',
        path: ['r3'],
        locations: [expect.objectContaining({ line: expect.any(Number) })],
        message: "Could not resolve to a Repository with the name 'Altinn/no-such-repo'.",
      },
    ]);
    const data = error.data as Record<string, unknown>;
    expect(data['r3']).toBeNull();
    const r0 = data['r0'] as RepoPulls;
    expect(r0.nameWithOwner).toBe('Altinn/altinn-authentication');
    expect(r0.id).toMatch(/^R_kwDO/);
    expect(r0.pullRequests.totalCount).toBe(3);
    const [npgsql, identity, lock] = r0.pullRequests.nodes;
    expect(npgsql).toMatchObject({
      number: 1,
      author: { login: 'renovate' },
      labels: { nodes: [{ name: 'dependencies' }, { name: 'major' }] },
      mergeable: 'MERGEABLE',
      isDraft: false,
      reviewDecision: null,
    });
    expect(npgsql!.commits.nodes[0]!.commit.statusCheckRollup).toEqual({
      state: 'SUCCESS',
      contexts: {
        nodes: [
          { name: 'build', conclusion: 'SUCCESS', status: 'COMPLETED' },
          { name: 'test', conclusion: 'SUCCESS', status: 'COMPLETED' },
        ],
      },
    });
    expect(identity!.author.login).toBe('dependabot');
    expect(identity!.commits.nodes[0]!.commit.statusCheckRollup!.state).toBe('FAILURE');
    expect(lock!.mergeable).toBe('CONFLICTING');
    const [nonMajor, vite] = (data['r1'] as RepoPulls).pullRequests.nodes; // created 3 days ago, 4 hours ago
    expect(vite!.commits.nodes[0]!.commit.statusCheckRollup!.state).toBe('PENDING');
    expect(nonMajor).toMatchObject({ isDraft: true, title: 'Update all non-major dependencies' });
    expect(nonMajor!.commits.nodes[0]!.commit.statusCheckRollup!.contexts.nodes).toEqual([
      { context: 'ci/build', state: 'SUCCESS' },
    ]);
    expect((data['r2'] as RepoPulls).pullRequests).toMatchObject({ totalCount: 0, nodes: [] });
    // 4 pullRequests + 4 x 50 labels + 4 x 50 commits + 4 x 50 x 1 contexts = 604 requests -> cost 6.
    expect(data['rateLimit']).toMatchObject({ limit: 5000, cost: 6, used: 6, remaining: 4994 });
    expect(s.problems()).toEqual([]);
  });

  it('answers PullRequest.statusCheckRollup as the rollup of the head commit', async () => {
    const s = await start();
    const kari = octokitFor(s, 'ghp_kari');
    const rollup =
      'statusCheckRollup { state contexts(first: 50) { nodes { ... on CheckRun { name conclusion } ... on StatusContext { context state } } } }';
    const query = `query {
      r0: repository(owner: "Altinn", name: "altinn-authentication") { ...Both }
      r1: repository(owner: "Altinn", name: "altinn-authentication-frontend") { ...Both }
    }
    fragment Both on Repository {
      pullRequests(states: OPEN, first: 10) {
        nodes { number headRefOid ${rollup} commits(last: 1) { nodes { commit { oid ${rollup} } } } }
      }
    }`;
    type Rollup = { state: string; contexts: { nodes: Record<string, string>[] } } | null;
    type Node = {
      number: number;
      headRefOid: string;
      statusCheckRollup: Rollup;
      commits: { nodes: { commit: { oid: string; statusCheckRollup: Rollup } }[] };
    };
    const data = await kari.graphql<Record<string, { pullRequests: { nodes: Node[] } }>>(query);
    const nodes = [...data['r0']!.pullRequests.nodes, ...data['r1']!.pullRequests.nodes];
    expect(nodes.map((n) => n.statusCheckRollup?.state ?? null)).toEqual([
      'SUCCESS',
      'FAILURE',
      'SUCCESS',
      'PENDING',
      'SUCCESS',
    ]);
    for (const n of nodes) {
      expect(n.commits.nodes[0]!.commit.oid).toBe(n.headRefOid);
      expect(n.statusCheckRollup).toEqual(n.commits.nodes[0]!.commit.statusCheckRollup);
    }
    expect(s.problems()).toEqual([]);
  });

  it('pages a connection with first/after and orders it', async () => {
    const s = await start();
    const kari = octokitFor(s, 'ghp_kari');
    const query = `query($after: String) {
      repository(owner: "Altinn", name: "altinn-authentication") {
        pullRequests(first: 2, after: $after, states: [OPEN], orderBy: {field: CREATED_AT, direction: DESC}) {
          totalCount pageInfo { hasNextPage endCursor } nodes { number }
        }
      }
    }`;
    type Page = {
      repository: {
        pullRequests: {
          totalCount: number;
          pageInfo: { hasNextPage: boolean; endCursor: string };
          nodes: { number: number }[];
        };
      };
    };
    const one = await kari.graphql<Page>(query);
    expect(one.repository.pullRequests.nodes.map((n) => n.number)).toEqual([3, 2]);
    expect(one.repository.pullRequests.pageInfo.hasNextPage).toBe(true);
    const two = await kari.graphql<Page>(query, { after: one.repository.pullRequests.pageInfo.endCursor });
    expect(two.repository.pullRequests.nodes.map((n) => n.number)).toEqual([1]);
    expect(two.repository.pullRequests.pageInfo.hasNextPage).toBe(false);
    expect(two.repository.pullRequests.totalCount).toBe(3);
    expect(s.problems()).toEqual([]);
  });

  it('reads a Projects v2 board, adds an issue (idempotently) and sets its Status', async () => {
    const s = await start();
    const kari = octokitFor(s, 'ghp_kari');
    type Board = {
      organization: {
        projectV2: {
          id: string;
          title: string;
          fields: { nodes: { id: string; name: string; options?: { id: string; name: string }[] }[] };
          items: {
            nodes: {
              id: string;
              content: { id: string; number: number };
              fieldValues: { nodes: Record<string, unknown>[] };
            }[];
          };
        };
      };
    };
    const board = await kari.graphql<Board>(`query {
      organization(login: "Altinn") {
        projectV2(number: 42) {
          id title
          fields(first: 20) { nodes {
            ... on ProjectV2FieldCommon { id name }
            ... on ProjectV2SingleSelectField { id name options { id name } }
          } }
          items(first: 50) { nodes {
            id
            content { ... on Issue { id number } }
            fieldValues(first: 10) { nodes {
              ... on ProjectV2ItemFieldSingleSelectValue { name optionId field { ... on ProjectV2FieldCommon { name } } }
              ... on ProjectV2ItemFieldTextValue { text field { ... on ProjectV2FieldCommon { name } } }
            } }
          } }
        }
      }
    }`);
    const project = board.organization.projectV2;
    expect(project.id).toMatch(/^PVT_/);
    expect(project.fields.nodes.map((f) => f.name)).toEqual(['Title', 'Status', 'Notes']);
    const status = project.fields.nodes.find((f) => f.name === 'Status')!;
    expect(status.id).toMatch(/^PVTSSF_/);
    expect(status.options!.map((o) => o.name)).toEqual(['Todo', 'In progress', 'Done']);
    expect(status.options![0]!.id).toMatch(/^[0-9a-f]{8}$/);
    expect(project.items.nodes).toHaveLength(1);
    expect(project.items.nodes[0]!.content.number).toBe(70);
    expect(project.items.nodes[0]!.fieldValues.nodes).toEqual([
      { text: 'Deploy & Patching W47', field: { name: 'Title' } },
      { name: 'Done', optionId: status.options![2]!.id, field: { name: 'Status' } },
      { text: 'W47 shipped', field: { name: 'Notes' } },
    ]);

    const issue = await kari.graphql<{ repository: { issue: { id: string } } }>(
      `query { repository(owner: "Altinn", name: "altinn-authorization") { issue(number: 71) { id } } }`,
    );
    const contentId = issue.repository.issue.id;
    expect(contentId).toMatch(/^I_kwDO/);
    const add = `mutation($p: ID!, $c: ID!) { addProjectV2ItemById(input: {projectId: $p, contentId: $c}) { item { id } } }`;
    type Added = { addProjectV2ItemById: { item: { id: string } } };
    const added = await kari.graphql<Added>(add, { p: project.id, c: contentId });
    const again = await kari.graphql<Added>(add, { p: project.id, c: contentId });
    expect(again.addProjectV2ItemById.item.id).toBe(added.addProjectV2ItemById.item.id);

    const todo = status.options!.find((o) => o.name === 'Todo')!.id;
    await kari.graphql(
      `mutation($p: ID!, $i: ID!, $f: ID!, $o: String!) {
        updateProjectV2ItemFieldValue(input: {projectId: $p, itemId: $i, fieldId: $f, value: {singleSelectOptionId: $o}}) { projectV2Item { id } }
      }`,
      { p: project.id, i: added.addProjectV2ItemById.item.id, f: status.id, o: todo },
    );
    const check = await kari.graphql<{
      node: { items: { totalCount: number; nodes: { fieldValues: { nodes: { name?: string }[] } }[] } };
    }>(
      `query($p: ID!) { node(id: $p) { ... on ProjectV2 { items(first: 10) { totalCount nodes { fieldValues(first: 10) { nodes { ... on ProjectV2ItemFieldSingleSelectValue { name } } } } } } } }`,
      { p: project.id },
    );
    expect(check.node.items.totalCount).toBe(2);
    expect(check.node.items.nodes[1]!.fieldValues.nodes.map((v) => v.name).filter(Boolean)).toEqual(['Todo']);

    const wrongValue = (await kari
      .graphql(
        `mutation($p: ID!, $i: ID!, $f: ID!) { updateProjectV2ItemFieldValue(input: {projectId: $p, itemId: $i, fieldId: $f, value: {text: "x"}}) { projectV2Item { id } } }`,
        { p: project.id, i: added.addProjectV2ItemById.item.id, f: status.id },
      )
      .catch((e: unknown) => e)) as GraphqlResponseError<unknown>;
    expect(wrongValue.errors![0]!.type).toBe('UNPROCESSABLE');

    const userBoard = await kari.graphql<{ user: { projectV2: { title: string } } }>(
      `query { user(login: "oncall-kari") { projectV2(number: 1) { title } } }`,
    );
    expect(userBoard.user.projectV2.title).toBe('My board');
    const missing = (await kari
      .graphql(`query { organization(login: "Altinn") { projectV2(number: 7) { id } } }`)
      .catch((e: unknown) => e)) as GraphqlResponseError<unknown>;
    expect(missing.errors![0]).toMatchObject({ type: 'NOT_FOUND', path: ['organization', 'projectV2'] });
    expect(s.problems()).toEqual([]);
  });

  it('searches issues and PRs like REST search', async () => {
    const s = await start();
    const kari = octokitFor(s, 'ghp_kari');
    const result = await kari.graphql<{
      search: { issueCount: number; nodes: { number: number; author: { login: string } }[] };
    }>(
      `query { search(type: ISSUE, query: "is:pr is:open author:app/renovate repo:Altinn/altinn-authentication repo:Altinn/altinn-authentication-frontend", first: 100) {
        issueCount nodes { ... on PullRequest { number author { login } } } } }`,
    );
    expect(result.search.issueCount).toBe(4);
    expect(result.search.nodes.every((n) => n.author.login === 'renovate')).toBe(true);
    expect(s.problems()).toEqual([]);
  });

  it("answers invalid queries with GitHub's errors (HTTP 200) and reports them loudly", async () => {
    const loud = vi.fn();
    const s = await start(loud);
    const kari = octokitFor(s, 'ghp_kari');
    const noFirst = (await kari
      .graphql(
        `query { repository(owner: "Altinn", name: "altinn-authentication") { pullRequests(states: OPEN) { totalCount } } }`,
      )
      .catch((e: unknown) => e)) as GraphqlResponseError<unknown>;
    expect(noFirst).toBeInstanceOf(GraphqlResponseError);
    expect(noFirst.errors![0]).toMatchObject({
      type: 'MISSING_PAGINATION_BOUNDARIES',
      path: ['repository', 'pullRequests'],
      message:
        'You must provide a `first` or `last` value to properly paginate the `pullRequests` connection.',
    });
    const tooMany = (await kari
      .graphql(
        `query { repository(owner: "Altinn", name: "altinn-authentication") { pullRequests(first: 101) { totalCount } } }`,
      )
      .catch((e: unknown) => e)) as GraphqlResponseError<unknown>;
    expect(tooMany.errors![0]!.type).toBe('EXCESSIVE_PAGINATION');
    const unknownField = (await kari
      .graphql(`query { viewer { login nickname } }`)
      .catch((e: unknown) => e)) as GraphqlResponseError<unknown>;
    expect(unknownField.errors![0]!.message).toMatch(/nickname/);
    expect(unknownField.errors![0]!.locations).toEqual([{ line: 1, column: 24 }]);
    const syntax = (await kari
      .graphql(`query { viewer { login }`)
      .catch((e: unknown) => e)) as GraphqlResponseError<unknown>;
    expect(syntax.errors![0]!.message).toMatch(/Syntax Error/);
    const messages = loud.mock.calls.map((c) => String(c[0])).filter((m) => m.includes('INVALID REQUEST'));
    expect(messages).toHaveLength(4);
    // Invalid queries cost nothing.
    const viewer = await kari.graphql<{ viewer: { login: string }; rateLimit: { used: number } }>(
      `query { viewer { login } rateLimit { used } }`,
    );
    expect(viewer).toEqual({ viewer: { login: 'oncall-kari' }, rateLimit: { used: 1 } });
    // Each invalid query is a recorded request problem, so a test that sends one notices.
    expect(s.problems().map((p) => [p.kind, /invalid GraphQL query/.test(p.message)])).toEqual(
      Array.from({ length: 4 }, () => ['request', true]),
    );
  });

  it('refuses a bad token with 401 and carries graphql rate-limit headers', async () => {
    const s = await start();
    const bad = (await octokitFor(s, 'nope')
      .graphql(`query { viewer { login } }`)
      .catch((e: unknown) => e)) as RequestError;
    expect(bad).toBeInstanceOf(RequestError);
    expect(bad.status).toBe(401);
    const res = await octokitFor(s, 'ghp_ola').request('POST /graphql', {
      query: 'query { viewer { login } }',
    });
    expect(res.headers['x-ratelimit-resource']).toBe('graphql');
    expect(res.headers['x-ratelimit-used']).toBe('1');
    expect(s.problems()).toEqual([]);
  });

  it('primary limit: RATE_LIMITED with HTTP 200, which the throttling plugin treats as a rate limit', async () => {
    const s = await start();
    const events: LimitEvent[] = [];
    const kari = octokitFor(s, 'ghp_kari', { limitRetries: 0, onLimit: (e) => events.push(e) });
    s.world.fire('github.rate-limit-exhausted', { token: 'ghp_kari', resource: 'graphql' });
    const error = (await kari.graphql(`query { viewer { login } }`).catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(/GraphQL Rate Limit Exceeded|rate limit/i);
    expect(events.map((e) => e.kind)).toEqual(['primary']);
    expect(s.problems()).toEqual([]);
  });

  it('403 secondary limit on GraphQL is waited out and retried', async () => {
    const s = await start();
    s.faults.add({
      vendor: 'github-graphql',
      kind: 'rate-limit',
      status: 403,
      retryAfterSeconds: 1,
      times: 1,
    });
    const events: LimitEvent[] = [];
    const kari = octokitFor(s, 'ghp_kari', { throttleBaseMs: 10, onLimit: (e) => events.push(e) });
    const data = await kari.graphql<{ viewer: { login: string } }>(`query { viewer { login } }`);
    expect(data.viewer.login).toBe('oncall-kari');
    expect(events).toEqual([{ kind: 'secondary', retryAfter: 1, retryCount: 0 }]);
    expect(s.problems()).toEqual([]);
  });
});
