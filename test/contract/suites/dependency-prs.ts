import { describe, expect, it } from 'vitest';
import type { DependencyPRs } from '../../../src/capabilities/dependency-prs.ts';
import { sameLogin } from '../../../src/capabilities/dependency-prs.ts';
import { PndError } from '../../../src/core/errors.ts';
import type { Simulator } from '../../../src/sim/simulator.ts';

export interface DependencyPRsFixture {
  sim: Simulator;
  prs: DependencyPRs;
  refused: DependencyPRs;
  repositories: string[];
  bots: string[];
}

/** The DependencyPRs capability's contract (src/capabilities/dependency-prs.ts). */
export function describeDependencyPRsContract(name: string, make: () => Promise<DependencyPRsFixture>): void {
  describe(`DependencyPRs contract: ${name}`, () => {
    it('lists only the bots’ open pull requests of the asked repositories, each re-readable; reads only', async () => {
      const { sim, prs, repositories, bots } = await make();
      const before = sim.log.lastSeq;
      const listing = await prs.list({ repositories: [...repositories, 'Nobody/missing-repo'], bots });
      expect(listing.viewer).not.toBe('');
      expect(listing.missing).toEqual(['Nobody/missing-repo']);
      const pulls = listing.repositories.flatMap((r) => r.pulls);
      expect(pulls.length).toBeGreaterThan(0);
      for (const r of listing.repositories) {
        expect(repositories).toContain(r.repo);
        expect(r.mergeMethods.length).toBeGreaterThan(0);
      }
      for (const pull of pulls) {
        expect(bots.some((b) => sameLogin(b, pull.author))).toBe(true);
        expect(['green', 'red', 'pending', 'none']).toContain(pull.ci);
      }
      const one = pulls[0]!;
      const state = await prs.read(one.repo, one.number);
      expect(state).toMatchObject({ state: 'open', headSha: one.headSha });
      expect(sim.log.mutations(before)).toEqual([]);
    });

    it('approves at a commit (approvedBy then says so) and refuses a merge of a moved head as a PndError conflict', async () => {
      const { prs, repositories, bots } = await make();
      const listing = await prs.list({ repositories, bots });
      const pull = listing.repositories.flatMap((r) => r.pulls).find((p) => !p.draft)!;
      expect(await prs.approvedBy(pull.repo, pull.number, listing.viewer, pull.headSha)).toBe(false);
      await prs.approve(pull.repo, pull.number, pull.headSha, 'contract test');
      expect(await prs.approvedBy(pull.repo, pull.number, listing.viewer, pull.headSha)).toBe(true);
      const stale = await prs
        .merge(pull.repo, pull.number, {
          method: listing.repositories[0]!.mergeMethods[0]!,
          sha: '0'.repeat(40),
        })
        .catch((e: unknown) => e);
      expect(stale).toBeInstanceOf(PndError);
      expect((stale as PndError).code).toBe('conflict');
    });

    it('maps a refused credential to a PndError', async () => {
      const { refused, repositories, bots } = await make();
      const failure = await refused.list({ repositories, bots }).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(PndError);
      expect((failure as PndError).code).toBe('auth-failed');
    });
  });
}
