import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { AzureDevOpsClient } from '../../src/providers/azure-devops/client.ts';
import { ProjectReleases } from '../../src/providers/azure-devops/project-releases.ts';
import { recentReleases } from '../../src/providers/azure-devops/release-deployer.ts';
import type { Release } from '../../src/providers/azure-devops/types.ts';
import { parseScenario } from '../../src/sim/scenario/load.ts';
import { useSimulators } from '../support/simulator.ts';

// The recent releases of many definitions read from the project-wide releases list: against the
// simulator (the list without definitionId, its paging, the fallback to one read per definition),
// and as a property over any spread of releases over definitions, page budgets included.

const KARI = 'kari.nordmann@example.no';
const startSimulator = useSimulators();

/** `counts[i]` releases of definition 300 + i, interleaved in time (ids ascending with createdOn). */
function scenario(counts: number[]): string {
  const releases: object[] = [];
  let id = 5000;
  const left = [...counts];
  let minute = 0;
  while (left.some((n) => n > 0))
    left.forEach((n, i) => {
      if (n <= 0) return;
      left[i] = n - 1;
      const at = new Date(Date.parse('2026-10-01T08:00:00Z') + minute++ * 60_000).toISOString();
      releases.push({
        id: id++,
        definitionId: 300 + i,
        createdOn: at,
        version: `1.0.${id}`,
        environments: [{ name: 'Test', state: 'succeeded', at }],
      });
    });
  return stringify({
    name: 'ado-project-releases',
    start: '2026-11-23T05:00:00+01:00',
    azureDevOps: {
      tokens: [{ token: 'pat-kari', user: { displayName: 'Kari Nordmann', uniqueName: KARI } }],
      projects: [
        {
          organization: 'acme',
          name: 'shop',
          releaseDefinitions: counts.map((_, i) => ({
            id: 300 + i,
            name: `Service ${i}`,
            environments: [{ name: 'Test', preDeployApprovers: [KARI] }],
          })),
          releases,
        },
      ],
    },
  });
}

async function start(counts: number[]) {
  const sim = await startSimulator({ scenario: parseScenario(scenario(counts)), warn: () => {} });
  const client = new AzureDevOpsClient({
    organization: 'acme',
    project: 'shop',
    credential: { pat: 'pat-kari' },
    releaseUrl: sim.urls.azureDevOpsRelease,
    ca: sim.caPem,
    clock: sim.clock,
  });
  const lists = () =>
    sim.log
      .entries()
      .filter((e) => e.path.endsWith('/_apis/release/releases'))
      .map((e) => new URLSearchParams(e.query));
  return { sim, client, lists };
}

const ids = (releases: Release[]) => releases.map((r) => r.id);

describe('recent releases of many definitions, read project-wide', () => {
  it('answers 12 definitions from one page of the project list, as their own reads would', async () => {
    const counts = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8];
    const { sim, client, lists } = await start(counts);
    const reader = new ProjectReleases(client);
    const together = await Promise.all(counts.map((_, i) => reader.of(300 + i)));
    expect(lists()).toHaveLength(1);
    expect(lists()[0]!.get('definitionId')).toBeNull();
    expect(lists()[0]!.get('$expand')).toBe('environments');
    const alone = await Promise.all(counts.map((_, i) => recentReleases(client, 300 + i)));
    expect(together).toEqual(alone);
    expect(together.map((r) => r.length)).toEqual(counts);
    expect(sim.problems()).toEqual([]);
  });

  it('reads a definition the spent page budget left short on its own, and serves the rest', async () => {
    // 129 releases; the newest 100 are 50 of definition 300 and 50 of 301, the rest are older.
    const counts = [60, 60, 1, 1, 1, 1, 1, 1, 1, 1, 1];
    const { sim, client, lists } = await start(counts);
    const reader = new ProjectReleases(client, () => 1);
    const before = lists().length;
    const shared = await Promise.all(counts.map((_, i) => reader.of(300 + i)));
    const made = lists().slice(before);
    expect(made.filter((q) => q.get('definitionId') === null)).toHaveLength(1);
    expect(
      made
        .map((q) => q.get('definitionId'))
        .filter(Boolean)
        .sort(),
    ).toEqual(counts.slice(2).map((_, i) => String(302 + i)));
    const alone = await Promise.all(counts.map((_, i) => recentReleases(client, 300 + i)));
    expect(shared).toEqual(alone);
    expect(shared.map((r) => r.length)).toEqual([50, 50, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
    expect(sim.problems()).toEqual([]);
  });
});

/**
 * An in-memory releases list with the service's paging: newest first, `top` a page (at most 100),
 * continued by id. `upTo` (the simulator's reading): a token gives the ids up to it and the next
 * token is the id of the next release; `below`: the ids below it, the next token the page's last
 * id. Every page, asked one by one (`releases`) or at a token (`releasesPage`), is one request;
 * requests wait for `flush` when the client is gated, so `rounds` counts round trips.
 */
function fakeClient(all: Release[], tokens: 'upTo' | 'below' = 'upTo', gated = false) {
  const calls: { definitionId?: number; continuationToken?: number | string }[] = [];
  const waiting: (() => void)[] = [];
  let rounds = 0;
  const page = async (query: { definitionId?: number; top?: number }, token?: number | string) => {
    calls.push({ definitionId: query.definitionId, continuationToken: token });
    if (gated) await new Promise<void>((resolve) => waiting.push(resolve));
    else await Promise.resolve();
    const at = token === undefined ? undefined : Number(token);
    const matching = all
      .filter((r) => query.definitionId === undefined || r.releaseDefinition.id === query.definitionId)
      .filter((r) => at === undefined || (tokens === 'upTo' ? r.id <= at : r.id < at))
      .sort((a, b) => b.id - a.id);
    const top = Math.min(query.top ?? 50, 100);
    const value = matching.slice(0, top);
    if (matching.length <= top) return { value };
    return { value, continuationToken: String(tokens === 'upTo' ? matching[top]!.id : value.at(-1)!.id) };
  };
  const client = {
    releasesPage: page,
    async *releases(query: { definitionId?: number; top?: number }) {
      let token: string | undefined;
      do {
        const answer = await page(query, token);
        yield* answer.value;
        token = answer.continuationToken;
      } while (token);
    },
  };
  /** Runs `work`, answering the requests made in one turn together. */
  const drive = async <R>(work: Promise<R>): Promise<R> => {
    let done = false;
    const result = work.finally(() => (done = true));
    while (!done) {
      await new Promise((resolve) => setImmediate(resolve));
      if (waiting.length === 0) continue;
      rounds++;
      for (const release of waiting.splice(0)) release();
    }
    return result;
  };
  return { client: client as unknown as AzureDevOpsClient, calls, drive, rounds: () => rounds };
}

const release = (id: number, definitionId: number) =>
  ({ id, name: `Release-${id}`, releaseDefinition: { id: definitionId } }) as unknown as Release;

describe('ProjectReleases (property)', () => {
  it('gives every definition exactly what its own read gives, for any spread and page budget', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 30 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 12 })), { maxLength: 400, size: 'max' }),
        fc.boolean(),
        fc.integer({ min: 0, max: 8 }),
        fc.constantFrom('upTo' as const, 'below' as const),
        async (definitions, spread, dense, pages, tokens) => {
          // Dense ids (the project alone on the id counter) or gaps (other projects' releases).
          let id = 0;
          const all = spread.map(([n, gap]) => release((id += dense ? 1 : gap), n % (definitions + 2)));
          const wanted = Array.from({ length: definitions }, (_, i) => i);
          const { client } = fakeClient(all, tokens);
          const reader = new ProjectReleases(client, () => pages);
          const together = await Promise.all(wanted.map((d) => reader.of(d)));
          const alone = await Promise.all(wanted.map((d) => recentReleases(client, d)));
          expect(together.map(ids)).toEqual(alone.map(ids));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('makes no project-wide read for 10 definitions or fewer, and ceil(D / 20) pages above', async () => {
    for (const definitions of [1, 10, 11, 40, 100]) {
      const all = Array.from({ length: 1000 }, (_, i) => release(i + 1, i % 200));
      const { client, calls } = fakeClient(all);
      const reader = new ProjectReleases(client);
      await Promise.all(Array.from({ length: definitions }, (_, d) => reader.of(d)));
      const projectPages = calls.filter((c) => c.definitionId === undefined).length;
      expect(projectPages).toBe(definitions <= 10 ? 0 : Math.ceil(definitions / 20));
    }
  });

  it('reads 100 definitions of 4 releases in two round trips, however many pages the project has', async () => {
    // The deploy benchmark's project at 200 components: ids 4 in every 10, 400 releases.
    const all = Array.from({ length: 100 }, (_, d) =>
      [1, 2, 3, 4].map((k) => release(1000 + d * 10 + k, d)),
    ).flat();
    const { client, calls, drive, rounds } = fakeClient(all, 'upTo', true);
    const reader = new ProjectReleases(client);
    const together = await drive(Promise.all(Array.from({ length: 100 }, (_, d) => reader.of(d))));
    expect(together.map(ids)).toEqual(
      Array.from({ length: 100 }, (_, d) => [4, 3, 2, 1].map((k) => 1000 + d * 10 + k)),
    );
    expect(rounds()).toBe(2);
    expect(calls.every((c) => c.definitionId === undefined)).toBe(true);
    expect(calls.length).toBeLessThanOrEqual(5);
  });
});
