import type { ChangeFeed, Deployer as DeployerConfig } from '../config/schema.ts';
import type { ChangeFeedReader } from '../capabilities/change-feed.ts';
import type { Deployer } from '../capabilities/deployer.ts';
import { AdoBuildChangeFeed } from './azure-devops/build-change-feed.ts';
import { AzureDevOpsClient, type AdoCredential } from './azure-devops/client.ts';
import { AdoReleaseDeployerImpl, recentReleases } from './azure-devops/release-deployer.ts';
import type { Release, ReleaseApproval } from './azure-devops/types.ts';
import { useConditionalRequests } from './github/etag-cache.ts';
import { createGitHubClient, type GitHubClient } from './github/client.ts';
import { GitHubEnvironmentDeployer } from './github/environment-deployer.ts';
import { GitHubRepoFacts } from './github/repo-facts.ts';
import type { Trust } from './trust.ts';
import type { Clock } from '../core/clock.ts';
import type { CheckAccess } from './check-runners.ts';

/**
 * The one list of providers (DESIGN.md §8): which implementation serves which `kind` of the
 * config. Adding a vendor is a folder, a line here, a docs page and the contract tests.
 */

export interface ProviderSettings extends Trust {
  github: {
    apiUrl: string;
    token: string;
    publishToken?: string;
    writeSpacingMs?: { write: number; notifying: number };
    retryBaseMs?: number;
  };
  azureDevOps: { releaseUrl: string; buildUrl: string; credential: AdoCredential };
  clock?: Clock;
  /** How the checks reach ARM and the clusters. */
  checks: CheckAccess;
}

/** Clients built once per command and shared, so caches (approvals, ETags) are shared too. */
export class ProviderContext {
  readonly settings: ProviderSettings;
  #github: GitHubClient | undefined;
  #publisher: GitHubClient | undefined;
  #repoFacts: GitHubRepoFacts | undefined;
  readonly #ado = new Map<string, AzureDevOpsClient>();
  readonly #approvals = new Map<string, Promise<ReleaseApproval[]>>();
  readonly #releases = new Map<string, Promise<Release[]>>();

  constructor(settings: ProviderSettings) {
    this.settings = settings;
  }

  get github(): GitHubClient {
    if (!this.#github) {
      this.#github = createGitHubClient({
        baseUrl: this.settings.github.apiUrl,
        token: this.settings.github.token,
        ca: this.settings.ca,
        writeSpacingMs: this.settings.github.writeSpacingMs,
        retryBaseMs: this.settings.github.retryBaseMs,
      });
      useConditionalRequests(this.#github);
    }
    return this.#github;
  }

  /** Releases and deployments of every repository a command asks about, batched per tick. */
  get repoFacts(): GitHubRepoFacts {
    this.#repoFacts ??= new GitHubRepoFacts(this.github);
    return this.#repoFacts;
  }

  /** The identity that publishes drafts: another one than the reviewer when self-review is prevented. */
  get publisher(): GitHubClient {
    const token = this.settings.github.publishToken;
    if (!token || token === this.settings.github.token) return this.github;
    this.#publisher ??= createGitHubClient({
      baseUrl: this.settings.github.apiUrl,
      token,
      ca: this.settings.ca,
    });
    return this.#publisher;
  }

  ado(organization: string, project: string): AzureDevOpsClient {
    const key = `${organization}/${project}`;
    let client = this.#ado.get(key);
    if (!client) {
      client = new AzureDevOpsClient({
        organization,
        project,
        credential: this.settings.azureDevOps.credential,
        releaseUrl: this.settings.azureDevOps.releaseUrl,
        buildUrl: this.settings.azureDevOps.buildUrl,
        ca: this.settings.ca,
        clock: this.settings.clock,
      });
      this.#ado.set(key, client);
    }
    return client;
  }

  /** A definition's recent releases, read once per command for all its stages. */
  recentReleases(organization: string, project: string, definitionId: number): Promise<Release[]> {
    const key = `${organization}/${project}/${definitionId}`;
    let found = this.#releases.get(key);
    if (!found) {
      found = recentReleases(this.ado(organization, project), definitionId);
      this.#releases.set(key, found);
    }
    return found;
  }

  /** The project's pending pre-deployment approvals, read once per command for all its definitions. */
  pendingApprovals(organization: string, project: string): Promise<ReleaseApproval[]> {
    const key = `${organization}/${project}`;
    let found = this.#approvals.get(key);
    if (!found) {
      found = (async () => {
        const all: ReleaseApproval[] = [];
        for await (const approval of this.ado(organization, project).approvals({
          statusFilter: 'pending',
          typeFilter: 'preDeploy',
          // Larger pages than the default 50: a team's pending approvals fit in one round trip.
          top: 100,
        }))
          all.push(approval);
        return all;
      })();
      this.#approvals.set(key, found);
    }
    return found;
  }
}

type Factory<Config, Product> = (config: Config, context: ProviderContext) => Product;

export const deployers: {
  [Kind in DeployerConfig['kind']]: Factory<Extract<DeployerConfig, { kind: Kind }>, Deployer>;
} = {
  'ado-release': (config, context) =>
    new AdoReleaseDeployerImpl(
      config,
      context.ado(config.organization, config.project),
      () => context.pendingApprovals(config.organization, config.project),
      () => context.recentReleases(config.organization, config.project, config.definitionId),
    ),
  'github-environment': (config, context) =>
    new GitHubEnvironmentDeployer(
      config,
      context.github,
      context.repoFacts,
      config.draftRelease ? context.publisher : undefined,
    ),
};

export const changeFeeds: {
  [Kind in ChangeFeed['kind']]: Factory<Extract<ChangeFeed, { kind: Kind }>, ChangeFeedReader>;
} = {
  'ado-build': (config, context) =>
    new AdoBuildChangeFeed(config, context.ado(config.organization, config.project)),
};

export function createDeployer(config: DeployerConfig, context: ProviderContext): Deployer {
  return (deployers[config.kind] as Factory<DeployerConfig, Deployer>)(config, context);
}

export function createChangeFeed(config: ChangeFeed, context: ProviderContext): ChangeFeedReader {
  return (changeFeeds[config.kind] as Factory<ChangeFeed, ChangeFeedReader>)(config, context);
}
