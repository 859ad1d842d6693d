import { describe, expect, it } from 'vitest';
import type { IssueTracker, RepoRef } from '../../../src/capabilities/issue-tracker.ts';
import type { VirtualClock } from '../../../src/core/clock.ts';
import { PndError } from '../../../src/core/errors.ts';
import type { Simulator } from '../../../src/sim/simulator.ts';

export interface IssueTrackerFixture {
  sim: Simulator;
  clock: VirtualClock;
  tracker: IssueTracker;
  refused: IssueTracker;
  /** A repository the tracker may write issues in. */
  repo: RepoRef;
}

/** The IssueTracker capability's contract (src/capabilities/issue-tracker.ts). */
export function describeIssueTrackerContract(name: string, make: () => Promise<IssueTrackerFixture>): void {
  describe(`IssueTracker contract: ${name}`, () => {
    it('creates an issue that get, findByMarker and listRecent then find; updates, comments and closes it', async () => {
      const { clock, tracker, repo } = await make();
      const marker = `<!-- contract-marker-${clock.now()} -->`;
      const since = clock.now() - 60_000;
      const created = await tracker.create(repo, {
        title: 'Contract issue',
        body: `Body\n${marker}`,
        labels: ['contract'],
        assignees: [],
        milestone: null,
      });
      expect(created).toMatchObject({ title: 'Contract issue', state: 'open' });
      expect(created.nodeId).not.toBe('');
      expect((await tracker.get(repo, created.number)).body).toContain(marker);
      expect((await tracker.findByMarker(repo, marker, { since })).map((i) => i.number)).toEqual([
        created.number,
      ]);
      expect(
        (await tracker.listRecent(repo, { labels: ['contract'], since })).map((i) => i.number),
      ).toContain(created.number);

      const updated = await tracker.updateBody(repo, created.number, `Changed\n${marker}`);
      expect(updated.body).toBe(`Changed\n${marker}`);
      const first = await tracker.comment(repo, created.number, 'first');
      const second = await tracker.comment(repo, created.number, 'second');
      expect((await tracker.listComments(repo, created.number)).map((c) => c.id)).toEqual([
        first.id,
        second.id,
      ]);
      await tracker.close(repo, created.number, 'done');
      expect((await tracker.get(repo, created.number)).state).toBe('closed');
    });

    it('finds nothing for a marker no issue carries', async () => {
      const { clock, tracker, repo } = await make();
      expect(
        await tracker.findByMarker(repo, '<!-- nobody-wrote-this -->', { since: clock.now() - 86_400_000 }),
      ).toEqual([]);
    });

    it('maps a missing issue and a refused credential to PndErrors', async () => {
      const { tracker, refused, repo } = await make();
      await expect(tracker.get(repo, 999_999)).rejects.toMatchObject({ code: 'not-found' });
      const failure = await refused.get(repo, 1).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(PndError);
      expect((failure as PndError).code).toBe('auth-failed');
    });
  });
}
