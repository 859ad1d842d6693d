import { composeProviders } from '../../src/app/compose.ts';
import { simAccess } from '../../src/demo/sim-access.ts';
import { simProviderSettings } from '../../src/demo/sim-providers.ts';
import { createChangeFeed } from '../../src/providers/registry.ts';
import { useSimulators } from '../support/simulator.ts';
import { startTrain } from '../support/train.ts';
import { describeChangeFeedContract } from './suites/change-feed.ts';

const start = useSimulators();

describeChangeFeedContract('ado-build', async () => {
  const train = await startTrain(start);
  train.at('2026-11-25T09:00');
  const config = train.estate.changeFeeds[0]!;
  const settings = simProviderSettings(simAccess(train.sim), train.clock);
  const stranger = composeProviders({
    ...settings,
    azureDevOps: { ...settings.azureDevOps, credential: { pat: 'not-a-pat' } },
  });
  return {
    sim: train.sim,
    clock: train.clock,
    feed: createChangeFeed(config, train.providers()),
    refused: createChangeFeed(config, stranger),
  };
});
