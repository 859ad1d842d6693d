import type { Estate } from '../config/schema.ts';
import type { Clock } from '../core/clock.ts';
import type { Journal } from '../journal/index.ts';
import { GitHubDependencyPRs } from '../providers/github/dependency-prs.ts';
import type { GitHubClient } from '../providers/github/client.ts';
import { GitHubIssueTracker } from '../providers/github/issue-tracker.ts';
import { ProviderContext } from '../providers/registry.ts';
import { gatherStatus } from './gather.ts';
import { DeployerReads } from './memo-deployer.ts';
import type { PatchDayStatus, StatusReport } from './schema.ts';

/** Patch day's GraphQL query has no conditional form: in watch mode it is re-read this seldom. */
export const PATCH_DAY_REFRESH_MS = 15 * 60_000;

/**
 * A provider context for one refresh that keeps the long-lived GitHub client (and with it the
 * ETags of every GET, so an unchanged refresh is answered by 304s that cost no rate limit) while
 * Azure DevOps' approvals, cached per context, are read afresh.
 */
class RefreshContext extends ProviderContext {
  readonly #shared: ProviderContext;

  constructor(shared: ProviderContext) {
    super(shared.settings);
    this.#shared = shared;
  }

  override get github(): GitHubClient {
    return this.#shared.github;
  }

  override get publisher(): GitHubClient {
    return this.#shared.publisher;
  }
}

export interface StatusReaderOptions {
  estate: Estate;
  providers: ProviderContext;
  journal: Journal;
  clock: Clock;
  env?: string;
  /** How old a patch-day read may be before a refresh reads it again (default 15 minutes). */
  patchDayRefreshMs?: number;
  /**
   * Refreshed (`--watch`): GitHub deployers are probed with conditional requests and read again
   * only when something changed, so an unchanged refresh costs no rate limit.
   */
  watch?: boolean;
}

/** `pnd status`, once or refreshed (`--watch`): each `read()` is one parallel gather. */
export class StatusReader {
  readonly #options: StatusReaderOptions;
  #patchDay: { status: PatchDayStatus; at: number } | undefined;
  #reads: DeployerReads | undefined;

  constructor(options: StatusReaderOptions) {
    this.#options = options;
  }

  async read(): Promise<StatusReport> {
    const { estate, providers, journal, clock, env } = this.#options;
    const maxAge = this.#options.patchDayRefreshMs ?? PATCH_DAY_REFRESH_MS;
    const cached = this.#patchDay;
    const watch = this.#options.watch ?? false;
    const reads = new DeployerReads(watch ? this.#reads?.remembered() : undefined);
    const report = await gatherStatus({
      estate,
      providers: new RefreshContext(providers),
      journal,
      clock,
      tracker: new GitHubIssueTracker(providers.github),
      prs: new GitHubDependencyPRs(providers.github),
      ...(env ? { env } : {}),
      patchDay: () => (cached && clock.now() - cached.at < maxAge ? cached.status : undefined),
      reads,
      probeChanges: watch,
    });
    this.#reads = reads;
    if (report.patchDay && report.patchDay !== cached?.status)
      this.#patchDay = { status: report.patchDay, at: clock.now() };
    return report;
  }
}
