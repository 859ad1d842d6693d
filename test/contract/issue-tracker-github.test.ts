import { composeProviders } from '../../src/app/compose.ts';
import { simAccess } from '../../src/demo/sim-access.ts';
import { simProviderSettings } from '../../src/demo/sim-providers.ts';
import { GitHubIssueTracker } from '../../src/providers/github/issue-tracker.ts';
import { useSimulators } from '../support/simulator.ts';
import { startTrain } from '../support/train.ts';
import { describeIssueTrackerContract } from './suites/issue-tracker.ts';

const start = useSimulators();

describeIssueTrackerContract('github', async () => {
  const train = await startTrain(start);
  const settings = simProviderSettings(simAccess(train.sim), train.clock);
  const stranger = composeProviders({
    ...settings,
    github: { ...settings.github, token: 'ghp_not_a_token' },
  });
  const [owner, repo] = train.estate.team.issueRepository.split('/') as [string, string];
  return {
    sim: train.sim,
    clock: train.clock,
    tracker: new GitHubIssueTracker(train.providers().github),
    refused: new GitHubIssueTracker(stranger.github),
    repo: { owner, repo },
  };
});
