import { composeProviders } from '../../src/app/compose.ts';
import { simAccess } from '../../src/demo/sim-access.ts';
import { simProviderSettings } from '../../src/demo/sim-providers.ts';
import { createDeployer } from '../../src/providers/registry.ts';
import { startTrain } from '../support/train.ts';
import { useSimulators } from '../support/simulator.ts';
import { describeDeployerContract } from './suites/deployer.ts';

const start = useSimulators();

describeDeployerContract('github-environment', async () => {
  const train = await startTrain(start);
  train.at('2026-11-25T09:00');
  const config = train.estate.components.find((c) => c.id === 'auditlog')!.environments.tt02!.deployer;
  const settings = simProviderSettings(simAccess(train.sim), train.clock);
  const stranger = composeProviders({
    ...settings,
    github: { ...settings.github, token: 'ghp_not_a_token' },
  });
  return {
    sim: train.sim,
    clock: train.clock,
    deployer: createDeployer(config, train.providers()),
    fresh: () => createDeployer(config, train.providers()),
    refused: createDeployer(config, stranger),
  };
});
