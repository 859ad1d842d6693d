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

/** An in-memory releases list with the service's paging: newest first, continuation by id. */
function fakeClient(all: Release[]) {
  const calls: { definitionId?: number }[] = [];
  const client = {
    async *releases(query: { definitionId?: number; top?: number }) {
      calls.push({ definitionId: query.definitionId });
      const matching = all
        .filter((r) => query.definitionId === undefined || r.releaseDefinition.id === query.definitionId)
        .sort((a, b) => b.id - a.id);
      const top = Math.min(query.top ?? 50, 100);
      for (let from = 0; from < matching.length; from += top) {
        if (from > 0) calls.push({ definitionId: query.definitionId });
        await Promise.resolve();
        yield* matching.slice(from, from + top);
      }
    },
  };
  return { client: client as unknown as AzureDevOpsClient, calls };
}

describe('ProjectReleases (property)', () => {
  it('gives every definition exactly what its own read gives, for any spread and page budget', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 30 }),
        fc.array(fc.nat(), { maxLength: 400, size: 'max' }),
        fc.integer({ min: 0, max: 5 }),
        async (definitions, spread, pages) => {
          const all = spread.map(
            (n, i) =>
              ({
                id: i + 1,
                name: `Release-${i + 1}`,
                releaseDefinition: { id: n % (definitions + 2) },
              }) as unknown as Release,
          );
          const wanted = Array.from({ length: definitions }, (_, i) => i);
          const { client } = fakeClient(all);
          const reader = new ProjectReleases(client, () => pages);
          const together = await Promise.all(wanted.map((d) => reader.of(d)));
          const alone = await Promise.all(wanted.map((d) => recentReleases(client, d)));
          expect(together.map(ids)).toEqual(alone.map(ids));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('makes no project-wide read for 10 definitions or fewer, and at most ceil(D / 20) pages above', async () => {
    for (const definitions of [1, 10, 11, 40, 100]) {
      const all = Array.from(
        { length: 1000 },
        (_, i) => ({ id: i + 1, releaseDefinition: { id: i % 200 } }) as unknown as Release,
      );
      const { client, calls } = fakeClient(all);
      const reader = new ProjectReleases(client);
      await Promise.all(Array.from({ length: definitions }, (_, d) => reader.of(d)));
      const projectPages = calls.filter((c) => c.definitionId === undefined).length;
      expect(projectPages).toBe(definitions <= 10 ? 0 : Math.ceil(definitions / 20));
    }
  });
});
