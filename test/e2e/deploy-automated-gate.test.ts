import { describe, expect, it } from 'vitest';
import { useSimulators } from '../support/simulator.ts';
import { startTrain } from '../support/train.ts';

const start = useSimulators();

/**
 * Issue 12.1: an Azure DevOps stage without post-deployment approvers passes its post-deployment
 * gate by itself (one automated approval). pnd must not claim an approval it never gave, nor poll
 * for one the stage does not have.
 */
describe('pnd deploy: an Azure DevOps stage with an automated post-deployment gate', () => {
  it('says "verified, no post-deployment gate", approves nothing there and does not poll for an approval', async () => {
    const train = await startTrain(start, {
      tweak: (scenario) => {
        const definitions = scenario.azureDevOps!.projects.flatMap((p) => p.releaseDefinitions ?? []);
        const stage = definitions.find((d) => d.id === 36)!.environments.find((e) => e.name === 'TT02')!;
        stage.postDeployApprovers = [];
      },
    });
    const issueNumber = await train.createWeeklyIssue();
    train.at('2026-11-25T09:00');
    const result = await train.deploy({ env: 'tt02' });

    const registry = result.components.find((c) => c.component.id === 'resource-registry')!;
    expect(registry.outcome).toBe('verified');
    expect(registry.verification?.gate).toBe('automated');
    const auth = result.components.find((c) => c.component.id === 'authentication')!;
    expect(auth.verification?.gate).toBe('approved');

    // Two pre-deployment approvals and one post-deployment approval (authentication's) — none for
    // the stage whose gate passes by itself.
    const approvals = train.sim.log
      .mutations(0)
      .filter((m) => m.method === 'PATCH' && m.path.includes('/approvals/'));
    expect(approvals).toHaveLength(3);
    // No intent to approve a post-deployment gate of the automated stage was journaled.
    const approveIntents = async (step: string) =>
      (await train.journal.entries({ kind: 'intent' })).filter(
        (e) => e.step === step && e.action === 'approve',
      );
    expect(await approveIntents('post-deploy.resource-registry.tt02')).toEqual([]);
    expect(await approveIntents('post-deploy.authentication.tt02')).toHaveLength(1);

    // Not polled: after the verdict, the release is read once to learn the stage has no gate.
    const verdictAt = (await train.journal.entries({ kind: 'evidence' })).find(
      (e) => e.action === 'verification' && e.key?.startsWith('verification:resource-registry:'),
    )!.at;
    const readsAfter = train.sim.log
      .entries(0)
      .filter((e) => e.method === 'GET' && /\/releases\/\d+$/.test(e.path.replace(/\?.*/, '')))
      .filter((e) => e.path.includes('/releases/316') && Date.parse(e.at) >= Date.parse(verdictAt));
    expect(readsAfter.length).toBeLessThanOrEqual(1);

    const github = train.providers().github;
    const comments = await github.paginate(github.rest.issues.listComments, {
      owner: 'Altinn',
      repo: 'altinn-authorization',
      issue_number: issueNumber,
    });
    const registryComment = comments
      .map((c) => c.body ?? '')
      .find((b) => b.startsWith('### Resource Registry in TT02'));
    expect(registryComment).toMatch(/✅ verified, no post-deployment gate/);
    expect(registryComment).not.toMatch(/approval given/);
    expect(comments.map((c) => c.body ?? '').find((b) => b.startsWith('### Authentication in TT02'))).toMatch(
      /post-deployment approval given/,
    );
    // The verdict is on record with what happened at the gate.
    const outcome = (await train.journal.entries({ kind: 'evidence' })).find(
      (e) => e.action === 'post-deploy-outcome' && e.step === 'post-deploy.resource-registry.tt02',
    );
    expect((outcome?.data as { gate: string }).gate).toBe('automated');
    expect(train.sim.problems()).toEqual([]);
  }, 60_000);
});
