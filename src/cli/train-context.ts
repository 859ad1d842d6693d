import { checkAccessFor } from '../app/check-access.ts';
import { azureDevOpsCredential, gitHubCredentials } from '../app/credentials.ts';
import { loadEstate } from '../config/load.ts';
import type { Estate } from '../config/schema.ts';
import { systemClock } from '../core/clock.ts';
import { journalLocation, openJournal, type Journal } from '../journal/index.ts';
import type { WaitInfo } from '../providers/azure-devops/client.ts';
import { ProviderContext } from '../providers/registry.ts';

export interface TrainCommandOptions {
  config: string;
  journal?: string;
  /** Milliseconds the command may still wait (from its --timeout). */
  waitBudgetMs?: () => number;
  /** Told when a client waits on its own (rate limit, Retry-After). */
  onWait?: (info: WaitInfo) => void;
}

export interface TrainContext {
  estate: Estate;
  journal: Journal;
  providers: ProviderContext;
  warnings: string[];
}

/**
 * What every train-day command needs: the estate, the credentials (from the environment, never
 * printed), the providers pointed at the configured endpoints, and the journal.
 */
export async function openTrainContext(
  options: TrainCommandOptions,
  env: NodeJS.ProcessEnv = process.env,
): Promise<TrainContext> {
  const { estate, warnings } = loadEstate(options.config, env);
  const github = gitHubCredentials(env, 'pnd reads and reviews deployments and writes the weekly issue');
  const usesAdo =
    estate.changeFeeds.length > 0 ||
    estate.components.some((c) =>
      Object.values(c.environments).some((e) => e.deployer.kind === 'ado-release'),
    );
  const providers = new ProviderContext({
    github: { apiUrl: estate.endpoints.github.apiUrl, ...github },
    azureDevOps: {
      releaseUrl: estate.endpoints.azureDevOps.releaseUrl,
      buildUrl: estate.endpoints.azureDevOps.buildUrl,
      credential: usesAdo ? await azureDevOpsCredential(env) : { pat: '' },
    },
    clock: systemClock,
    checks: checkAccessFor(estate, options.config, env),
    ...(options.waitBudgetMs ? { waitBudgetMs: options.waitBudgetMs } : {}),
    ...(options.onWait ? { onWait: options.onWait } : {}),
  });
  const journal = await openJournal({
    path: journalLocation({ location: options.journal, configUrl: estate.journal?.url }, env),
    env,
  });
  return { estate, journal, providers, warnings: warnings.map((w) => `${w.where}: warning: ${w.message}`) };
}
