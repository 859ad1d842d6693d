import { ADO_MAX_IN_FLIGHT, type AzureDevOpsClient } from './client.ts';
import { readNewestFirst } from './newest-first.ts';
import { RECENT_RELEASES, recentReleases } from './release-deployer.ts';
import type { Release } from './types.ts';

/** The most releases one page of the list returns (the service caps `$top` at 100). */
export const PROJECT_PAGE = 100;

/** Project-wide pages read for `definitions` definitions before falling back to one read each. */
export type PageBudget = (definitions: number) => number;

/**
 * Per-definition reads cost D requests, ceil(D / 10) round trips at 10 requests in flight. The
 * project pages are asked at once after the first (`readNewestFirst`): about two round trips
 * whatever their number, and ceil(D / 20) of them cost a twentieth of the per-definition requests
 * (up to as many again when guessed pages leave holes to fill). A project whose history is too
 * long to read whole costs those few requests more than the per-definition reads, one whose
 * history fits a fraction of them. Up to 10 definitions one round trip of per-definition reads
 * cannot be beaten: no project pages.
 */
export const defaultPageBudget: PageBudget = (definitions) =>
  definitions <= ADO_MAX_IN_FLIGHT ? 0 : Math.ceil(definitions / (2 * ADO_MAX_IN_FLIGHT));

/**
 * The recent releases (`RECENT_RELEASES`, newest first, with environments) of many release
 * definitions of one project, read together. The releases list has no multi-definition filter
 * (`definitionId` takes one id), so a gather of 100 definitions made 100 requests. Calls made in
 * the same turn (a gather asks for every definition at once) form one batch, read from the
 * project-wide list (same query without `definitionId`, newest first, 100 a page; the pages after
 * the first are asked at once, see `readNewestFirst`). The answer per definition is exactly what
 * its own read gives: the project list in id order restricted to one definition is that
 * definition's list in id order, so a definition is served from the newest project releases read
 * without a hole when they hold `RECENT_RELEASES` of its releases or reach the end of the list;
 * otherwise (a long history, the page budget spent) it gets its own read.
 */
export class ProjectReleases {
  readonly #client: AzureDevOpsClient;
  readonly #budget: PageBudget;
  #batch: Map<number, PromiseWithResolvers<Release[]>> | undefined;

  constructor(client: AzureDevOpsClient, budget: PageBudget = defaultPageBudget) {
    this.#client = client;
    this.#budget = budget;
  }

  /** A definition's recent releases; the read starts once the current turn has asked for all it needs. */
  of(definitionId: number): Promise<Release[]> {
    let batch = this.#batch;
    if (!batch) {
      const started = new Map<number, PromiseWithResolvers<Release[]>>();
      this.#batch = batch = started;
      queueMicrotask(() => {
        this.#batch = undefined;
        void this.#read(started);
      });
    }
    let pending = batch.get(definitionId);
    if (!pending) batch.set(definitionId, (pending = Promise.withResolvers<Release[]>()));
    return pending.promise;
  }

  async #read(batch: Map<number, PromiseWithResolvers<Release[]>>): Promise<void> {
    let served: Map<number, Release[]>;
    try {
      served = await this.#projectPages([...batch.keys()]);
    } catch (error) {
      for (const pending of batch.values()) pending.reject(error);
      return;
    }
    await Promise.all(
      [...batch].map(async ([definitionId, pending]) => {
        try {
          pending.resolve(served.get(definitionId) ?? (await recentReleases(this.#client, definitionId)));
        } catch (error) {
          pending.reject(error);
        }
      }),
    );
  }

  /** The definitions the project-wide pages fully answer, with their recent releases. */
  async #projectPages(definitionIds: number[]): Promise<Map<number, Release[]>> {
    const pages = this.#budget(definitionIds.length);
    const served = new Map<number, Release[]>();
    if (pages <= 0) return served;
    const recent = (newestFirst: Release[]) => {
      const mine = new Map<number, Release[]>(definitionIds.map((id) => [id, []]));
      for (const release of newestFirst) {
        const releases = mine.get(release.releaseDefinition.id);
        if (releases && releases.length < RECENT_RELEASES) releases.push(release);
      }
      return mine;
    };
    const { items, complete } = await readNewestFirst(
      (token) => this.#client.releasesPage({ expandEnvironments: true, top: PROJECT_PAGE }, token),
      {
        pages,
        wave: ADO_MAX_IN_FLIGHT,
        enough: (newestFirst) => [...recent(newestFirst).values()].every((r) => r.length >= RECENT_RELEASES),
      },
    );
    for (const [id, releases] of recent(items))
      if (complete || releases.length >= RECENT_RELEASES) served.set(id, releases);
    return served;
  }
}
