import { describe, expect, it } from 'vitest';
import { deployExitCode, deployResultJson } from '../../src/cli/deploy-output.ts';
import { committedValidator } from '../support/output-schemas.ts';
import { useSimulators } from '../support/simulator.ts';
import { startTrain } from '../support/train.ts';

const start = useSimulators();

const COMMENTS = '/repos/{owner}/{repo}/issues/{issue_number}/comments';

/**
 * Issue 12.5: a 502 on an evidence comment is a failure to write the issue, not a failed deploy.
 * The component stays deployed, its verification goes on, the failure is a warning, and a rerun
 * posts each missing comment once.
 */
describe('pnd deploy: the weekly issue cannot be commented', () => {
  it('keeps the deploy’s real state, verifies, warns, and a rerun posts each missing comment once', async () => {
    const train = await startTrain(start);
    const issueNumber = await train.createWeeklyIssue();
    train.at('2026-11-25T09:00');
    train.sim.faults.add({
      vendor: 'github',
      method: 'POST',
      path: COMMENTS,
      kind: 'server-error',
      status: 502,
    });

    const first = await train.deploy({ env: 'tt02' });
    expect(first.components.map((c) => [c.component.id, c.outcome])).toEqual([
      ['authentication', 'verified'],
      ['resource-registry', 'verified'],
      ['auditlog', 'verified'],
    ]);
    for (const c of first.components) {
      expect(c.verification?.status).toBe('pass');
      expect(c.warnings?.join('\n')).toMatch(/comment/);
      expect(c.warnings?.join('\n')).toMatch(/run the same command again/);
    }
    // The post-deployment approvals were given: verification was not skipped.
    const approvals = () =>
      train.sim.log
        .mutations(0)
        .filter((m) => m.method === 'PATCH' && m.path.includes('/approvals/') && m.status < 300);
    expect(approvals()).toHaveLength(4);
    // Deployed and verified, but the evidence is missing on the issue: exit 1, as docs/deploy-day.md says.
    expect(deployExitCode(first, false)).toBe(1);
    // The --json of this day, warnings included, keeps to schema/deploy.schema.json.
    const validate = committedValidator('deploy');
    expect(validate(deployResultJson(first, false)), JSON.stringify(validate.errors)).toBe(true);
    const posted = () =>
      train.sim.log
        .mutations(0)
        .filter((m) => m.method === 'POST' && m.template === COMMENTS && m.status >= 200 && m.status < 300);
    expect(posted()).toHaveLength(0);

    train.sim.faults.clear();
    const second = await train.deploy({ env: 'tt02' });
    expect(second.components.map((c) => c.outcome)).toEqual(['verified', 'verified', 'verified']);
    expect(second.components.flatMap((c) => c.warnings ?? [])).toEqual([]);
    expect(deployExitCode(second, false)).toBe(0);
    expect(validate(deployResultJson(second, false)), JSON.stringify(validate.errors)).toBe(true);
    expect(approvals()).toHaveLength(4);

    const github = train.providers().github;
    const bodies = (
      await github.paginate(github.rest.issues.listComments, {
        owner: 'Altinn',
        repo: 'altinn-authorization',
        issue_number: issueNumber,
      })
    ).map((c) => c.body ?? '');
    expect(bodies.filter((b) => b.includes('→ TT02: ✅ deployed'))).toHaveLength(3);
    expect(bodies.filter((b) => /in TT02: ✅ verified/.test(b))).toHaveLength(3);
    expect(bodies.filter((b) => b.includes('APIM ('))).toHaveLength(first.feeds.length);

    // A third run finds nothing missing: no comment is posted twice.
    const before = posted().length;
    await train.deploy({ env: 'tt02' });
    expect(posted().length).toBe(before);
    expect(train.sim.problems()).toEqual([]);
  }, 120_000);
});
