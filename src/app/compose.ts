import { parseDuration } from '../config/duration.ts';
import { loadEstate } from '../config/load.ts';
import type { Estate } from '../config/schema.ts';
import { systemClock } from '../core/clock.ts';
import { journalLocation, openJournal, type Journal } from '../journal/index.ts';
import type { WaitInfo } from '../providers/azure-devops/client.ts';
import { resolveGitHubApiUrl } from '../providers/github/client.ts';
import { ProviderContext, type CheckAccess, type ProviderSettings } from '../providers/registry.ts';
import { azureCredential } from '../providers/azure/credential.ts';
import { checkAccessFor } from './check-access.ts';
import { azureDevOpsCredential, gitHubCredentials } from './credentials.ts';

/**
 * The one composition root (DESIGN.md §5): configuration and credentials are read here, once,
 * and every client is built through the provider registry. The CLI, the Action, the demo and
 * the tests come through here; no command builds a client of its own. A vendor's SDK is loaded
 * only when something of that vendor runs (the registry's check factories import it lazily).
 */

/** How a command lets its clients wait on their own (a rate limit's Retry-After). */
export interface WaitSettings {
  /** Milliseconds the command may still wait (from its --timeout). */
  waitBudgetMs?: () => number;
  /** Told when a client waits on its own (rate limit, Retry-After). */
  onWait?: (info: WaitInfo) => void;
}

export interface TrainCommandOptions extends WaitSettings {
  config: string;
  journal?: string;
  /** Read-only commands (status) open the journal for reading only. */
  readOnly?: boolean;
}

export interface TrainContext {
  estate: Estate;
  journal: Journal;
  providers: ProviderContext;
  warnings: string[];
}

export interface ProvidersRequest extends WaitSettings {
  /** What pnd does with GitHub, for the hint when GITHUB_TOKEN is missing. */
  purpose: string;
  /** Whether the command talks to Azure DevOps (its credential is read only then). Default: when the estate uses it. */
  azureDevOps?: boolean;
}

/** Every client a command needs, from the settings: the demo and the tests pass the simulator's. */
export function composeProviders(settings: ProviderSettings): ProviderContext {
  return new ProviderContext(settings);
}

/** No check runs without an estate (the Action's issue-only run): every cluster is unknown. */
const NO_CHECKS: CheckAccess = {
  arm: {},
  kubernetes: (cluster) => ({ context: cluster }),
};

/**
 * The providers for the configured estate (or, for the Action without a config, GitHub from the
 * environment), with credentials from the environment — never printed.
 */
export async function providersFor(
  estate: Estate | undefined,
  configFile: string | undefined,
  env: NodeJS.ProcessEnv,
  request: ProvidersRequest,
): Promise<ProviderContext> {
  // Requests that name no repository (GraphQL, search) use the installation on the team's owner;
  // the Action without a config: the owner of the repository it runs in.
  const defaultOwner = (estate?.team.issueRepository ?? env.GITHUB_REPOSITORY)?.split('/')[0];
  const { source, ...github } = gitHubCredentials(env, request.purpose, {
    ...(defaultOwner ? { defaultOwner } : {}),
  });
  // One Azure credential for ARM, Azure DevOps and AKS: its SDK loads on the first token request.
  const azure = azureCredential(env);
  const usesAdo =
    request.azureDevOps ??
    Boolean(
      estate &&
      (estate.changeFeeds.length > 0 ||
        estate.components.some((c) =>
          Object.values(c.environments).some((e) => e.deployer.kind === 'ado-release'),
        )),
    );
  return composeProviders({
    github: {
      apiUrl: estate?.endpoints.github.apiUrl ?? resolveGitHubApiUrl(undefined, env),
      ...(estate
        ? {
            writeSpacingMs: {
              write: parseDuration(estate.endpoints.github.writeSpacing.write),
              notifying: parseDuration(estate.endpoints.github.writeSpacing.notifying),
            },
          }
        : {}),
      ...github,
      ...(source === 'GitHub App' ? {} : { identity: `the token in ${source}` }),
    },
    azureDevOps: {
      releaseUrl: estate?.endpoints.azureDevOps.releaseUrl ?? 'https://vsrm.dev.azure.com',
      buildUrl: estate?.endpoints.azureDevOps.buildUrl ?? 'https://dev.azure.com',
      credential: usesAdo ? azureDevOpsCredential(env, azure) : { pat: '' },
    },
    clock: systemClock,
    checks: estate && configFile ? checkAccessFor(estate, configFile, env, azure) : NO_CHECKS,
    ...(request.waitBudgetMs ? { waitBudgetMs: request.waitBudgetMs } : {}),
    ...(request.onWait ? { onWait: request.onWait } : {}),
  });
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
  const providers = await providersFor(estate, options.config, env, {
    purpose: 'pnd reads and reviews deployments and writes the weekly issue',
    ...(options.waitBudgetMs ? { waitBudgetMs: options.waitBudgetMs } : {}),
    ...(options.onWait ? { onWait: options.onWait } : {}),
  });
  const journal = await openJournal({
    path: journalLocation({ location: options.journal, configUrl: estate.journal?.url }, env),
    env,
    ...(options.readOnly ? { readOnly: true } : {}),
  });
  return { estate, journal, providers, warnings: warnings.map((w) => `${w.where}: warning: ${w.message}`) };
}
