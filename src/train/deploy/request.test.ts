import { describe, expect, it } from 'vitest';
import { loadEstate } from '../../config/load.ts';
import { VirtualClock } from '../../core/clock.ts';
import { PndError, exitCodeFor } from '../../core/errors.ts';
import type { Journal } from '../../journal/index.ts';
import { offlineProviders } from '../../../test/support/offline-providers.ts';
import { deployDayRequest } from './request.ts';

// Issue 13.2: an environment's deployer must never open another environment's gate.

function options(env: string) {
  return {
    env,
    dryRun: true,
    clock: new VirtualClock('2026-11-25T08:00:00Z'),
    journal: {} as Journal,
    providers: offlineProviders(),
    issue: false,
  };
}

describe('deployDayRequest binds each vendor environment to one pnd environment', () => {
  it('names the vendor gate each target opens', () => {
    const { estate } = loadEstate('examples/tilgangsinfo/pnd.yaml', {});
    const request = deployDayRequest(estate, options('tt02'));
    const gates = request.targets.map((t) => t.gate);
    const [first] = estate.components;
    const deployer = first?.environments.tt02?.deployer;
    expect(deployer?.kind).toBe('ado-release');
    if (deployer?.kind !== 'ado-release') return;
    expect(gates[0]).toContain(`"${deployer.environmentName}"`);
    expect(gates[0]).toContain(`release definition ${deployer.definitionId}`);
  });

  it.each(['tt02', 'production'])(
    'refuses (exit 2) to deploy %s when a tt02 deployer points at the production stage',
    (env) => {
      const { estate } = loadEstate('examples/tilgangsinfo/pnd.yaml', {});
      const component = estate.components.find((c) => c.environments.tt02?.deployer.kind === 'ado-release');
      const tt02 = component?.environments.tt02?.deployer;
      const production = component?.environments.production?.deployer;
      if (tt02?.kind !== 'ado-release' || production?.kind !== 'ado-release') throw new Error('fixture');
      // The config as issue 13 found it: the tt02 deployer bound to the stage production approves
      // (spelled in another case: Azure DevOps does not tell them apart).
      tt02.environmentName = production.environmentName.toUpperCase();
      let error: unknown;
      try {
        deployDayRequest(estate, options(env));
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(PndError);
      expect(exitCodeFor(error)).toBe(2);
      expect((error as PndError).details.boundTo).toEqual(
        env === 'tt02' ? ['tt02', 'production'] : ['production', 'tt02'],
      );
      expect(String((error as PndError).details.gate)).toContain(`definition ${production.definitionId}`);
    },
  );

  it('refuses a GitHub environment shared by two pnd environments, whatever its case', () => {
    const { estate } = loadEstate('examples/tilgangsinfo/pnd.yaml', {});
    const component = estate.components.find(
      (c) => c.environments.tt02?.deployer.kind === 'github-environment',
    );
    const tt02 = component?.environments.tt02?.deployer;
    const production = component?.environments.production?.deployer;
    if (tt02?.kind !== 'github-environment' || production?.kind !== 'github-environment')
      throw new Error('fixture');
    tt02.environment = production.environment.toLowerCase();
    expect(() => deployDayRequest(estate, options('tt02'))).toThrow(/bound to two pnd environments/);
  });
});
