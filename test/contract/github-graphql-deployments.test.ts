import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/sim/scenario/load.ts';
import type { Simulator } from '../../src/sim/simulator.ts';
import { octokitFor, type SimOctokitClient } from '../../src/sim/github/test-support.ts';
import { useSimulators } from '../support/simulator.ts';

// Repository.releases and Repository.deployments through `octokit.graphql` on GitHub's real
// schema: the releases and deployments of many repositories in one aliased query, with the same
// answers as the REST list endpoints for the same data.

const startSimulator = useSimulators();

async function start(): Promise<Simulator> {
  return startSimulator({
    scenario: await loadScenario('examples/tilgangsinfo/scenario.yaml'),
    warn: () => {},
  });
}

const DEPLOYMENT = /* GraphQL */ `
  fragment Deployment on Deployment {
    id
    databaseId
    commitOid
    ref {
      name
      prefix
    }
    environment
    latestEnvironment
    state
    createdAt
    updatedAt
    description
    creator {
      login
    }
    latestStatus {
      state
      createdAt
      description
    }
    statuses(first: 10) {
      totalCount
      nodes {
        state
        createdAt
        description
      }
    }
  }
`;

const DELIVERIES = /* GraphQL */ `
  ${DEPLOYMENT}
  fragment Deliveries on Repository {
    nameWithOwner
    releases(first: 10, orderBy: { field: CREATED_AT, direction: DESC }) {
      totalCount
      nodes {
        id
        databaseId
        name
        tagName
        isDraft
        isPrerelease
        isLatest
        createdAt
        publishedAt
        url
        description
        author {
          login
        }
        tagCommit {
          oid
        }
      }
    }
    tt02: deployments(environments: ["TT02"], first: 5, orderBy: { field: CREATED_AT, direction: DESC }) {
      totalCount
      nodes {
        ...Deployment
      }
    }
    prod: deployments(environments: ["PROD"], first: 5) {
      totalCount
      nodes {
        ...Deployment
      }
    }
  }
  query {
    a: repository(owner: "Altinn", name: "altinn-auth-audit-log") {
      ...Deliveries
    }
    b: repository(owner: "Altinn", name: "altinn-authorization") {
      ...Deliveries
    }
    rateLimit {
      cost
    }
  }
`;

interface StatusNode {
  state: string;
  createdAt: string;
  description: string | null;
}
interface DeploymentNode {
  id: string;
  databaseId: number;
  commitOid: string;
  ref: { name: string; prefix: string } | null;
  environment: string;
  latestEnvironment: string;
  state: string;
  createdAt: string;
  updatedAt: string;
  description: string | null;
  creator: { login: string };
  latestStatus: StatusNode | null;
  statuses: { totalCount: number; nodes: StatusNode[] };
}
interface ReleaseNode {
  id: string;
  databaseId: number;
  name: string | null;
  tagName: string;
  isDraft: boolean;
  isPrerelease: boolean;
  isLatest: boolean;
  createdAt: string;
  publishedAt: string | null;
  url: string;
  description: string | null;
  author: { login: string } | null;
  tagCommit: { oid: string } | null;
}
interface Deliveries {
  nameWithOwner: string;
  releases: { totalCount: number; nodes: ReleaseNode[] };
  tt02: { totalCount: number; nodes: DeploymentNode[] };
  prod: { totalCount: number; nodes: DeploymentNode[] };
}
interface Answer {
  a: Deliveries;
  b: Deliveries;
  rateLimit: { cost: number };
}

const REPO = { owner: 'Altinn', repo: 'altinn-auth-audit-log' };

/** What REST says about the deployments of one environment, newest first, with their statuses. */
async function restDeployments(client: SimOctokitClient, environment: string) {
  const list = await client.rest.repos.listDeployments({ ...REPO, environment, per_page: 100 });
  return Promise.all(
    list.data.map(async (d) => ({
      d,
      statuses: (await client.rest.repos.listDeploymentStatuses({ ...REPO, deployment_id: d.id })).data,
    })),
  );
}

describe('GitHub GraphQL releases and deployments', () => {
  it('answers releases and per-environment deployments of two repositories in one aliased query, as REST does', async () => {
    const s = await start();
    const kari = octokitFor(s, 'ghp_sim_oncall_kari');
    const answer = await kari.graphql<Answer>(DELIVERIES);

    // Releases: newest first, the draft included for a caller with push access.
    const rest = (await kari.rest.repos.listReleases({ ...REPO, per_page: 100 })).data;
    const releases = answer.a.releases;
    expect(releases.totalCount).toBe(rest.length);
    expect(releases.nodes.map((r) => r.tagName)).toEqual(['2026.11.23', '2026.11.18', '2026.11.11']);
    expect(releases.nodes).toEqual(
      rest.map((r) => ({
        id: r.node_id,
        databaseId: r.id,
        name: r.name,
        tagName: r.tag_name,
        isDraft: r.draft,
        isPrerelease: r.prerelease,
        isLatest: r.tag_name === '2026.11.18',
        createdAt: r.created_at,
        publishedAt: r.published_at,
        url: r.html_url,
        description: r.body,
        // Release.author is a User: a bot's release (the release drafter's draft) has none.
        author: r.author.type === 'Bot' ? null : { login: r.author.login },
        // A draft's tag does not exist until it is published.
        tagCommit: r.draft ? null : { oid: expect.stringMatching(/^[0-9a-f]{40}$/) as unknown },
      })),
    );
    expect(releases.nodes.map((r) => r.tagCommit?.oid ?? null)).toEqual([
      null,
      '5d0c8a41f2b7e9c3d6a1f0e4b8c2d7a9e3f1b5c6',
      '9b1e6f3c2a7d4e8b0c5f1a9d3e7b2c6f4a8d0e1b',
    ]);

    // Deployments: TT02 newest first (orderBy DESC), PROD in GitHub's default order (oldest first).
    const tt02 = await restDeployments(kari, 'TT02');
    const prod = await restDeployments(kari, 'PROD');
    expect(tt02.length).toBeGreaterThanOrEqual(2);
    expect(prod.length).toBeGreaterThanOrEqual(1);
    const expected = ({ d, statuses }: (typeof tt02)[number]): DeploymentNode => {
      const nodes = statuses.map((st) => ({
        state: st.state.toUpperCase(),
        createdAt: st.created_at,
        description: st.description ?? null,
      }));
      const latest = statuses[0]!.state;
      return {
        id: d.node_id,
        databaseId: d.id,
        commitOid: d.sha,
        ref: { name: d.ref, prefix: 'refs/tags/' },
        environment: d.environment,
        latestEnvironment: d.environment,
        state: latest === 'success' ? 'ACTIVE' : latest.toUpperCase(),
        createdAt: d.created_at,
        updatedAt: d.updated_at,
        description: d.description,
        creator: { login: d.creator!.login },
        latestStatus: nodes[0]!,
        statuses: { totalCount: statuses.length, nodes },
      };
    };
    expect(answer.a.tt02).toEqual({ totalCount: tt02.length, nodes: tt02.map(expected) });
    expect(answer.a.prod).toEqual({ totalCount: prod.length, nodes: prod.map(expected).reverse() });
    // Last week's release is live in TT02; the one before it was superseded there (auto-inactive).
    expect(answer.a.tt02.nodes.map((d) => [d.ref?.name, d.state])).toEqual([
      ['2026.11.18', 'ACTIVE'],
      ['2026.11.11', 'INACTIVE'],
    ]);
    // Last week's run waits for the PROD review: its deployment exists already, WAITING.
    expect(answer.a.prod.nodes.map((d) => [d.ref?.name, d.state])).toEqual([
      ['2026.11.11', 'ACTIVE'],
      ['2026.11.18', 'WAITING'],
    ]);
    expect(answer.a.tt02.nodes[0]!.statuses.nodes.map((st) => st.state)).toEqual([
      'SUCCESS',
      'IN_PROGRESS',
      'QUEUED',
    ]);

    // The second repository has neither.
    expect(answer.b).toEqual({
      nameWithOwner: 'Altinn/altinn-authorization',
      releases: { totalCount: 0, nodes: [] },
      tt02: { totalCount: 0, nodes: [] },
      prod: { totalCount: 0, nodes: [] },
    });
    expect(answer.rateLimit.cost).toBe(1);
    expect(s.problems()).toEqual([]);
  });

  it('hides draft releases from a caller without push access, as REST does', async () => {
    const s = await start();
    // The workflow token's bot may push to altinn-authorization only.
    const bot = octokitFor(s, 'ghs_sim_workflow_token');
    const answer = await bot.graphql<{ a: { releases: { totalCount: number; nodes: ReleaseNode[] } } }>(`
      query {
        a: repository(owner: "Altinn", name: "altinn-auth-audit-log") {
          releases(first: 10, orderBy: { field: CREATED_AT, direction: DESC }) {
            totalCount
            nodes { tagName isDraft tagCommit { oid } createdAt }
          }
        }
      }`);
    const rest = (await bot.rest.repos.listReleases({ ...REPO })).data;
    expect(answer.a.releases.totalCount).toBe(2);
    expect(answer.a.releases.nodes.map((r) => [r.tagName, r.isDraft, r.createdAt])).toEqual(
      rest.map((r) => [r.tag_name, false, r.created_at]),
    );
    expect(answer.a.releases.nodes.map((r) => r.tagName)).toEqual(['2026.11.18', '2026.11.11']);
    expect(s.problems()).toEqual([]);
  });

  it('pages deployments and their statuses with cursors, GitHub’s default order oldest first', async () => {
    const s = await start();
    const kari = octokitFor(s, 'ghp_sim_oncall_kari');
    type Page = {
      a: {
        deployments: {
          totalCount: number;
          pageInfo: { hasNextPage: boolean; endCursor: string | null };
          nodes: { databaseId: number; statuses: { totalCount: number; nodes: { state: string }[] } }[];
        };
        latest: { nodes: { databaseId: number }[] };
      };
    };
    const page = (after: string | null) =>
      kari.graphql<Page>(
        `query ($after: String) {
          a: repository(owner: "Altinn", name: "altinn-auth-audit-log") {
            deployments(first: 1, after: $after) {
              totalCount
              pageInfo { hasNextPage endCursor }
              nodes { databaseId statuses(last: 1) { totalCount nodes { state } } }
            }
            latest: deployments(last: 1) { nodes { databaseId } }
          }
        }`,
        { after },
      );
    const ids: number[] = [];
    let after: string | null = null;
    let latest: number | undefined;
    for (;;) {
      const { a } = await page(after);
      ids.push(...a.deployments.nodes.map((d) => d.databaseId));
      // `last: 1` of the newest-first statuses is the oldest: the run's first, queued (waiting,
      // for the job that still waits on its review).
      const oldest = a.deployments.nodes[0]!.statuses.nodes.map((st) => st.state);
      expect(oldest).toEqual([a.deployments.pageInfo.hasNextPage ? 'QUEUED' : 'WAITING']);
      latest = a.latest.nodes[0]!.databaseId;
      if (!a.deployments.pageInfo.hasNextPage) break;
      after = a.deployments.pageInfo.endCursor;
    }
    const rest = (await kari.rest.repos.listDeployments({ ...REPO })).data;
    expect(ids).toEqual(rest.map((d) => d.id).reverse());
    expect(latest).toBe(rest[0]!.id);

    // An unbounded nested connection is refused as GitHub refuses it.
    const refused = await kari
      .graphql(
        `query { repository(owner: "Altinn", name: "altinn-auth-audit-log") {
          deployments(first: 5) { nodes { statuses { totalCount } } } } }`,
      )
      .catch((e: { errors?: { type: string }[] }) => e);
    expect((refused as { errors: { type: string }[] }).errors.map((e) => e.type)).toEqual([
      'MISSING_PAGINATION_BOUNDARIES',
    ]);
    expect(s.problems().map((p) => p.message)).toEqual([
      expect.stringContaining('invalid GraphQL query: You must provide a `first` or `last` value'),
    ]);
  });
});
