import { readFileSync } from 'node:fs';
import { fetch as undiciFetch } from 'undici';
import { describe, expect, it } from 'vitest';
import { dispatcherFor } from '../github/test-support.ts';
import { parseScenario } from '../scenario/load.ts';
import { startSimulator } from '../simulator.ts';
import { loadSpecValidator } from './index.ts';
import { KNOWN_DEVIATIONS } from './known-deviations.ts';

// An invented estate (no seed names): one repository whose workflow run was started by an app.
const SCENARIO = `
name: bot-run
start: '2026-03-02T08:00:00Z'
github:
  users:
    - { login: 'shipit[bot]', type: Bot, id: 100003 }
  tokens:
    - { token: ghp_sim_reader, login: reader }
  repositories:
    - fullName: lumen/ledger
      workflows:
        - file: deploy.yml
          jobs: [{ environment: staging }]
      runs:
        - { workflow: deploy.yml, headSha: '${'a'.repeat(40)}', actor: 'shipit[bot]', createdAt: '-1h' }
`;

describe('known deviations (vendor descriptions stricter than the vendor)', () => {
  it("lets GitHub's bot noreply address through as GitHub sends it, and still reports a malformed email", async () => {
    const sim = await startSimulator({ scenario: parseScenario(SCENARIO), warn: () => {} });
    try {
      const res = await undiciFetch(`${sim.urls.github}/repos/lumen/ledger/actions/runs`, {
        headers: { authorization: 'Bearer ghp_sim_reader', accept: 'application/vnd.github+json' },
        dispatcher: dispatcherFor(sim),
      });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { workflow_runs: { head_commit: { author: { email: string } } }[] };
      expect(body.workflow_runs[0]!.head_commit.author.email).toBe('100003+shipit[bot]@users.noreply.github.com');
      expect(sim.problems()).toEqual([]);

      const validator = loadSpecValidator();
      const operation = validator.match('github', 'GET', '/repos/lumen/ledger/actions/runs')!;
      const answer = (email: string) => {
        const copy = structuredClone(body);
        copy.workflow_runs[0]!.head_commit.author.email = email;
        return validator.validateResponse(operation, {
          status: 200,
          headers: { 'content-type': 'application/json; charset=utf-8' },
          body: copy,
        });
      };
      expect(answer('100003+shipit[bot]@users.noreply.github.com')).toEqual([]);
      for (const malformed of ['not an email', 'shipit[bot]@', '100003+shipit[bot]@example.com']) {
        expect(answer(malformed).map((p) => p.where)).toEqual([
          'response body /workflow_runs/0/head_commit/author/email',
        ]);
      }
    } finally {
      await sim.stop();
    }
  });

  it('lists every deviation with its evidence in docs/simulator.md', () => {
    const doc = readFileSync('docs/simulator.md', 'utf8');
    for (const deviation of KNOWN_DEVIATIONS) {
      expect(deviation.evidence.length).toBeGreaterThan(0);
      expect(doc).toContain(`\`${deviation.id}\``);
      for (const link of deviation.evidence) expect(doc).toContain(link);
    }
  });
});
