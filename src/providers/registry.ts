import type { CheckRunner } from '../capabilities/check.ts';
import type { ChangeFeedReader } from '../capabilities/change-feed.ts';
import type { Deployer } from '../capabilities/deployer.ts';
import type { Check, ChangeFeed, Deployer as DeployerConfig } from '../config/schema.ts';
import type { Clock } from '../core/clock.ts';
import { azureDevOps } from './azure-devops/descriptor.ts';
import {
  ADO_MAX_IN_FLIGHT,
  adoLimiter,
  AzureDevOpsClient,
  type AdoCredential,
  type WaitInfo,
} from './azure-devops/client.ts';
import { readNewestFirst } from './azure-devops/newest-first.ts';
import { ProjectReleases } from './azure-devops/project-releases.ts';
import type { Release, ReleaseApproval } from './azure-devops/types.ts';
import { azure } from './azure/descriptor.ts';
import type { CheckAccess } from './check-access.ts';
import type { ChangeFeedFactory, CheckFactory, DeployerFactory, ProviderDescriptor } from './descriptor.ts';
import { useConditionalRequests } from './github/etag-cache.ts';
import type { GitHubAppLogin } from './github/app-auth.ts';
import { createGitHubClient, type GitHubClient } from './github/client.ts';
import { github } from './github/descriptor.ts';
import { GitHubRepoFacts } from './github/repo-facts.ts';
import { kubernetes } from './kubernetes/descriptor.ts';
import type { Trust } from './trust.ts';

export type { CheckAccess } from './check-access.ts';

/**
 * The one list of providers (DESIGN.md §8): one descriptor per vendor folder, saying what it
 * provides and which implementation serves which `kind` of the config. Adding a vendor is a
 * folder, a line here, a docs page and the contract suites green (docs/providers/README.md).
 */
export const PROVIDERS = [
  github,
  azureDevOps,
  azure,
  kubernetes,
] as const satisfies readonly ProviderDescriptor[];

export interface ProviderSettings extends Trust {
  github: {
    apiUrl: string;
    /** A token (PAT, or an installation token made elsewhere); unset when `app` logs in. */
    token?: string;
    /** GitHub App login: installation tokens per owner, renewed before they expire. Wins over `token`. */
    app?: GitHubAppLogin;
    publishToken?: string;
    /** Who `token` is, for refusals: "the token in GITHUB_TOKEN". */
    identity?: string;
    /**
     * The identity that publishes drafts is the Actions job's GITHUB_TOKEN, whose events start no
     * workflow: the GitHub deployer refuses to publish with it (credentials.ts says how it is known).
     */
    publisherIsActionsToken?: boolean;
    writeSpacingMs?: { write: number; notifying: number };
    retryBaseMs?: number;
    /** Real milliseconds one request may take (default 30 s). */
    timeoutMs?: number;
  };
  azureDevOps: { releaseUrl: string; buildUrl: string; credential: AdoCredential };
  clock?: Clock;
  /** Milliseconds the command may still wait (its --timeout, counted down). */
  waitBudgetMs?: () => number;
  /** Told before a client waits on its own (rate limit, Retry-After), for progress output. */
  onWait?: (info: WaitInfo) => void;
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
  /** One in-flight cap per organisation, shared by its projects' clients. */
  readonly #adoLimits = new Map<string, ReturnType<typeof adoLimiter>>();
  readonly #approvals = new Map<string, Promise<ReleaseApproval[]>>();
  readonly #releases = new Map<string, Promise<Release[]>>();
  readonly #projectReleases = new Map<string, ProjectReleases>();

  constructor(settings: ProviderSettings) {
    this.settings = settings;
  }

  get github(): GitHubClient {
    if (!this.#github) {
      const { app, token } = this.settings.github;
      this.#github = createGitHubClient({
        baseUrl: this.settings.github.apiUrl,
        // A GitHub App's JWTs and token renewals run on the command's clock (virtual in tests).
        ...(app ? { app, clock: this.settings.clock } : { token }),
        ...(this.settings.github.identity ? { identity: this.settings.github.identity } : {}),
        ca: this.settings.ca,
        writeSpacingMs: this.settings.github.writeSpacingMs,
        retryBaseMs: this.settings.github.retryBaseMs,
        ...this.#gitHubWaits(),
      });
      useConditionalRequests(this.#github);
    }
    return this.#github;
  }

  /** The request timeout and the wait budget and reporting every GitHub client shares. */
  #gitHubWaits() {
    const { timeoutMs } = this.settings.github;
    const { waitBudgetMs, onWait } = this.settings;
    return {
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      ...(waitBudgetMs ? { waitBudgetMs } : {}),
      ...(onWait
        ? {
            onWait: (info: {
              kind: string;
              retryAfterSeconds: number;
              method: string;
              url: string;
              until: string;
            }) =>
              onWait({
                vendor: 'GitHub',
                waitFor: `GitHub ${info.kind} rate limit (Retry-After)`,
                where: `GitHub ${info.method} ${info.url.split('?')[0]}`,
                seconds: info.retryAfterSeconds,
                until: info.until,
              }),
          }
        : {}),
    };
  }

  /** Releases and deployments of every repository a command asks about, batched per tick. */
  get repoFacts(): GitHubRepoFacts {
    this.#repoFacts ??= new GitHubRepoFacts(this.github);
    return this.#repoFacts;
  }

  /** The identity that publishes drafts: another one than the reviewer when self-review is prevented. */
  get publisher(): GitHubClient {
    const token = this.settings.github.publishToken;
    if (!token || (token === this.settings.github.token && !this.settings.github.app)) return this.github;
    this.#publisher ??= createGitHubClient({
      baseUrl: this.settings.github.apiUrl,
      token,
      identity: 'the token in PND_GITHUB_PUBLISH_TOKEN',
      ca: this.settings.ca,
      ...this.#gitHubWaits(),
      writeSpacingMs: this.settings.github.writeSpacingMs,
      retryBaseMs: this.settings.github.retryBaseMs,
    });
    return this.#publisher;
  }

  ado(organization: string, project: string): AzureDevOpsClient {
    const key = `${organization}/${project}`;
    let client = this.#ado.get(key);
    if (!client) {
      const org = organization.toLowerCase();
      let limiter = this.#adoLimits.get(org);
      if (!limiter) this.#adoLimits.set(org, (limiter = adoLimiter()));
      client = new AzureDevOpsClient({
        limiter,
        organization,
        project,
        credential: this.settings.azureDevOps.credential,
        releaseUrl: this.settings.azureDevOps.releaseUrl,
        buildUrl: this.settings.azureDevOps.buildUrl,
        ca: this.settings.ca,
        clock: this.settings.clock,
        ...(this.settings.waitBudgetMs ? { waitBudgetMs: this.settings.waitBudgetMs } : {}),
        ...(this.settings.onWait ? { onWait: this.settings.onWait } : {}),
      });
      this.#ado.set(key, client);
    }
    return client;
  }

  /**
   * A definition's recent releases, read once per command for all its stages; the definitions of
   * a project asked for together are read together (`ProjectReleases`).
   */
  recentReleases(organization: string, project: string, definitionId: number): Promise<Release[]> {
    const key = `${organization}/${project}/${definitionId}`;
    let found = this.#releases.get(key);
    if (!found) {
      const projectKey = `${organization}/${project}`;
      let reader = this.#projectReleases.get(projectKey);
      if (!reader)
        this.#projectReleases.set(
          projectKey,
          (reader = new ProjectReleases(this.ado(organization, project))),
        );
      found = reader.of(definitionId);
      this.#releases.set(key, found);
    }
    return found;
  }

  /** The project's pending pre-deployment approvals, read once per command for all its definitions. */
  pendingApprovals(organization: string, project: string): Promise<ReleaseApproval[]> {
    const key = `${organization}/${project}`;
    let found = this.#approvals.get(key);
    if (!found) {
      const client = this.ado(organization, project);
      // Larger pages than the default 50: a team's pending approvals fit in one round trip; a
      // platform's hundreds take two or three, the pages after the first asked a few at once.
      // How far the list goes down is not known, so fewer are guessed at once than the 10 in
      // flight: half, the other half left to the project's release pages asked at the same time.
      const query = { statusFilter: 'pending', typeFilter: 'preDeploy', top: 100 } as const;
      found = readNewestFirst((token) => client.approvalsPage(query, token), {
        pages: Infinity,
        wave: ADO_MAX_IN_FLIGHT / 2,
      }).then(({ items }) => items);
      this.#approvals.set(key, found);
    }
    return found;
  }
}

export const deployers: { [Kind in DeployerConfig['kind']]: DeployerFactory<Kind> } = {
  ...github.deployers,
  ...azureDevOps.deployers,
};

export const changeFeeds: { [Kind in ChangeFeed['kind']]: ChangeFeedFactory<Kind> } = {
  ...azureDevOps.changeFeeds,
};

export const checks: { [Kind in Check['kind']]: CheckFactory<Kind> } = {
  ...azure.checks,
  ...kubernetes.checks,
};

export function createDeployer(config: DeployerConfig, context: ProviderContext): Deployer {
  return (deployers[config.kind] as DeployerFactory<DeployerConfig['kind']>)(config as never, context);
}

export function createChangeFeed(config: ChangeFeed, context: ProviderContext): ChangeFeedReader {
  return (changeFeeds[config.kind] as ChangeFeedFactory<ChangeFeed['kind']>)(config, context);
}

/** A check's runner; the vendor's SDK is loaded when it first runs, not here. */
export function createCheckRunner(check: Check, access: CheckAccess, clock: Clock): CheckRunner {
  return (checks[check.kind] as CheckFactory<Check['kind']>)(check as never, access, clock);
}
