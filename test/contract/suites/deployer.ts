import { describe, expect, it } from 'vitest';
import type { Candidate, Deployer, GateStep } from '../../../src/capabilities/deployer.ts';
import { PndError } from '../../../src/core/errors.ts';
import type { VirtualClock } from '../../../src/core/clock.ts';
import type { Simulator } from '../../../src/sim/simulator.ts';

/** What a Deployer implementation's test file hands the suite: a deployer on a fresh simulator. */
export interface DeployerFixture {
  sim: Simulator;
  clock: VirtualClock;
  /** The deployer of an environment where at least one version waits at the pre-deploy gate. */
  deployer: Deployer;
  /** The same deployer on new clients (a later command: nothing cached from this one's reads). */
  fresh: () => Deployer;
  /** The same deployer kind and environment, built with a credential the vendor refuses. */
  refused: Deployer;
}

const MINUTE = 60_000;

/** Polls (on the virtual clock) until `done` holds; gives up after `minutes` of virtual time. */
async function until(clock: VirtualClock, done: () => Promise<boolean>, minutes = 60): Promise<boolean> {
  const deadline = clock.now() + minutes * MINUTE;
  while (clock.now() < deadline) {
    if (await done()) return true;
    await clock.sleep(15_000);
  }
  return done();
}

/** Runs a gate's steps as the engine does: wait until ready, act only when not done, then done. */
async function openGate(clock: VirtualClock, steps: GateStep[]): Promise<void> {
  for (const step of steps) {
    if (step.ready) expect(await until(clock, step.ready), `${step.key} became ready`).toBe(true);
    expect(await step.isDone(), `${step.key} was not done before acting`).toBe(false);
    await step.act();
    expect(await step.isDone(), `${step.key} is done after acting`).not.toBe(false);
  }
}

/**
 * The Deployer capability's contract (src/capabilities/deployer.ts), in the unstorage manner:
 * every implementation runs it against the simulator through a few-line test file.
 */
export function describeDeployerContract(name: string, make: () => Promise<DeployerFixture>): void {
  describe(`Deployer contract: ${name}`, () => {
    it('lists what waits newest first, with stable refs, and what was deployed newest first', async () => {
      const { deployer } = await make();
      expect(deployer.kind).toBe(name);
      const waiting = await deployer.waiting();
      expect(waiting.length).toBeGreaterThan(0);
      for (const c of waiting) {
        expect(c.version.id).not.toBe('');
        expect(c.version.label).not.toBe('');
        expect(c.steps.length).toBeGreaterThan(0);
      }
      const created = waiting.map((c) => Date.parse(c.createdAt));
      expect(created).toEqual([...created].sort((a, b) => b - a));
      expect((await deployer.waiting()).map((c) => c.ref)).toEqual(waiting.map((c) => c.ref));

      const deployed = (await deployer.deployments()).map((d) => Date.parse(d.deployedAt));
      expect(deployed).toEqual([...deployed].sort((a, b) => b - a));
    });

    it('opening the gate of the newest candidate deploys it: progress succeeds, it runs there, it no longer waits', async () => {
      const { deployer, fresh, clock, sim } = await make();
      const [candidate] = (await deployer.waiting()) as [Candidate, ...Candidate[]];
      const before = sim.log.lastSeq;
      const steps = deployer.openGate(candidate, 'contract test');
      // Building the steps reads nothing and writes nothing: only acting does.
      expect(sim.log.mutations(before)).toEqual([]);
      await openGate(clock, steps);
      expect(sim.log.mutations(before).length).toBeGreaterThan(0);

      let progress = await deployer.progress(candidate);
      const succeeded = await until(clock, async () => {
        progress = await deployer.progress(candidate);
        expect(['waiting', 'deploying', 'succeeded']).toContain(progress.state);
        return progress.state === 'succeeded';
      });
      expect(succeeded, `progress ended ${progress.state}: ${progress.detail}`).toBe(true);
      // The version as the deployer knows it now (a published draft is known by its commit).
      const deployedVersion = progress.version ?? candidate.version;
      const later = fresh();
      const [running] = await later.deployments();
      expect(running?.version.id).toBe(deployedVersion.id);
      expect((await later.waiting()).map((c) => c.ref)).not.toContain(candidate.ref);
      expect(sim.problems()).toEqual([]);
    });

    it('maps a refused credential to a PndError, never a vendor error', async () => {
      const { refused } = await make();
      const failure = await refused.waiting().catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(PndError);
      expect((failure as PndError).code).toBe('auth-failed');
      expect(String((failure as PndError).details.where ?? '')).not.toBe('');
    });
  });
}
