import { composeProviders } from '../../src/app/compose.ts';
import { simAccess } from '../../src/demo/sim-access.ts';
import { simProviderSettings } from '../../src/demo/sim-providers.ts';
import { GitHubDependencyPRs } from '../../src/providers/github/dependency-prs.ts';
import { useSimulators } from '../support/simulator.ts';
import { startTrain } from '../support/train.ts';
import { describeDependencyPRsContract } from './suites/dependency-prs.ts';

const start = useSimulators();

describeDependencyPRsContract('github', async () => {
  const train = await startTrain(start);
  const settings = simProviderSettings(simAccess(train.sim), train.clock);
  const stranger = composeProviders({
    ...settings,
    github: { ...settings.github, token: 'ghp_not_a_token' },
  });
  return {
    sim: train.sim,
    prs: new GitHubDependencyPRs(train.providers().github),
    refused: new GitHubDependencyPRs(stranger.github),
    repositories: train.estate.patchDay!.repositories,
    bots: train.estate.patchDay!.bots,
  };
});
