import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario } from './scenario/load.ts';
import { startSimulator } from './simulator.ts';

describe('docs/simulator.md', () => {
  it('documents every named event the simulator defines', async () => {
    const sim = await startSimulator({ scenario: await loadScenario('examples/tilgangsinfo/scenario.yaml') });
    try {
      const doc = readFileSync('docs/simulator.md', 'utf8');
      const missing = sim.world.eventNames().filter((e) => !doc.includes(`\`${e.name}\``));
      expect(missing.map((e) => e.name)).toEqual([]);
    } finally {
      await sim.stop();
    }
  });
});
