import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('pnd demo', () => {
  it('walks the seed estate on the simulator and prints it as JSON', () => {
    const run = spawnSync(process.execPath, ['bin/pnd.js', '--json', 'demo'], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout) as {
      estate: { team: string };
      sections: { title: string; rows: string[][] }[];
    };
    expect(result.estate.team).toBe('tilgangsinfo');
    const byTitle = (prefix: string) => result.sections.find((s) => s.title.startsWith(prefix))!;
    // Monday: the week's issue is created once; the rerun finds it by its marker.
    expect(byTitle('Monday').rows.map((r) => r[3])).toEqual(['created', 'unchanged']);
    expect(byTitle('Monday').rows[0]![4]).toMatch(/^[1-9]\d* open items carried over/);
    // Every part of the seed estate is visible through the real clients.
    const gates = byTitle('Deploy gates').rows;
    expect(
      gates.some(
        ([c, env, , gate]) => c === 'Authentication' && env === 'production' && gate!.startsWith('preDeploy'),
      ),
    ).toBe(true);
    expect(gates.some(([c, , , gate]) => c === 'Auditlog' && gate === 'draft release to publish')).toBe(true);
    expect(
      gates.some(
        ([c, env, , gate]) => c === 'Auditlog' && env === 'production' && gate!.startsWith('waiting on PROD'),
      ),
    ).toBe(true);
    expect(byTitle('APIM change feeds').rows.length).toBeGreaterThan(0);
    expect(byTitle('What runs where').rows.map((r) => r[2]!.split(' ')[0])).toEqual(
      expect.arrayContaining(['DaemonSet', 'Container', 'Function']),
    );
    const ci = new Set(byTitle('Patch day').rows.map((r) => r[3]));
    expect(ci).toEqual(new Set(['green', 'red', 'pending', 'none']));
    // The virtual clock ran a whole deploy: the rollout completed and the post-deploy gate opened.
    const moves = byTitle('Time moves').rows.map((r) => r[1]);
    expect(moves.at(-1)).toMatch(/4\/4 updated, 4 available, post-deploy approval pending/);
  });
});
