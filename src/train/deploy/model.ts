import type { Hold } from '../holds/target-holds.ts';
import type { Clock } from '../../core/clock.ts';
import type { Journal, LockRequest } from '../../journal/index.ts';
import type { IssueTracker, RepoRef } from '../../capabilities/issue-tracker.ts';
import type { ChangeFeedReader, FeedChange } from '../../capabilities/change-feed.ts';
import type { CheckRunner } from '../../checks/index.ts';
import type { Check } from '../../config/schema.ts';
import type { Candidate, Deployer, Deployment, DeployProgress } from '../../capabilities/deployer.ts';
import type { PolicyDecision, SoakRule } from './soak-policy.ts';

/** What one `pnd deploy <env>` works on and produces. */

export interface NamedRef {
  id: string;
  name: string;
}

export interface DeployTarget {
  component: NamedRef;
  env: NamedRef;
  /** The checklist step this deploy completes: `deploy.<component>.<env>`. */
  step: string;
  /** The vendor environment whose gate is opened, as people name it (for comments and the plan). */
  gate?: string;
  deployer: Deployer;
  upstream?: { rule: SoakRule; deployer: Deployer };
  /** The environment's checks, created when needed (a runner keeps state across dwell rounds). */
  checks: () => { check: Check; runner: CheckRunner }[];
  /** "Go grab a coffee": how long the checks must keep passing. */
  dwellMs: number;
}

export type Until = 'deployed' | 'verified' | 'post-deployed';

export interface VerificationResult {
  status: 'pass' | 'fail';
  reason: string;
  /**
   * What happened at the post-deploy gate: `automated` = the stage has no post-deployment
   * approvers, its gate passes by itself; nothing was approved or waited for.
   */
  gate: 'approved' | 'rejected' | 'withheld' | 'recorded' | 'automated' | 'none';
  checks: { check: string; status: string; reason: string }[];
  /** The post-deploy decision this run sent or found done. */
  action?: ActionRecord;
}

/** One remote effect of a component's run: `resumed` when an earlier run of the week did it. */
export interface ActionRecord {
  action: string;
  target: string;
  outcome: 'done' | 'already' | 'planned';
  resumed?: boolean;
}

export interface FeedTarget {
  id: string;
  step: string;
  reader: ChangeFeedReader;
  lookbackMs: number;
}

export interface WatchOptions {
  timeoutMs: number;
  firstPollMs: number;
  maxPollMs: number;
}

export interface DeployDayRequest {
  env: NamedRef;
  week: string;
  timeZone: string;
  targets: DeployTarget[];
  feeds: FeedTarget[];
  dryRun: boolean;
  override?: string;
  clock: Clock;
  journal: Journal;
  /** How a real run waits for another run's hold on the environment (default: it does not). */
  lock?: LockRequest;
  /** The weekly issue's repository; without it nothing is ticked or commented (only journaled). */
  issue?: { tracker: IssueTracker; repo: RepoRef; team: string };
  watch?: Partial<WatchOptions>;
  /** Asked once, after the plan, before the first mutation. False: nothing is changed. */
  confirm?: (plan: DeployPlan) => Promise<boolean>;
  onEvent?: (event: DeployEvent) => void;
  /** Recorded on the run (never a secret). */
  args?: Record<string, unknown>;
  /** How far the day goes: deployed, verified (checks through the dwell), post-deployed (default). */
  until?: Until;
  /** On a failed verification, reject the post-deployment approval instead of leaving it. */
  rejectOnFail?: boolean;
  dwell?: { intervalMs?: number; timeoutMs?: number };
  /** `pnd post-deploy`: no gates are opened; what runs now is verified and post-deployed. */
  postDeployOnly?: boolean;
  /**
   * Team locks and freeze days on the environment now (read by the caller before the plan): they
   * refuse the deploy or skip a locked component unless `override` is given, which is recorded.
   */
  holds?: Hold[];
}

export interface ComponentPlan {
  component: NamedRef;
  env: NamedRef;
  step: string;
  running?: Deployment;
  decision: PolicyDecision;
  /** A gate this week's earlier run opened and did not finish (crash, Ctrl-C): picked up again. */
  resumed: boolean;
  /** For a resumed gate: when the first attempt began (the deploy's start for the checks). */
  startedAt?: number;
  /** What pnd will do: the gate steps of the chosen candidate, or nothing. */
  actions: string[];
  /** This week's earlier run already deployed it, and it still runs: reported, not redone. */
  earlier?: {
    version: Candidate['version'];
    at: string;
    detail: string;
    /** When this week's run began on it; unknown for a deploy pnd did not make. */
    startedAt?: number;
    verified: boolean;
    verification?: VerificationResult;
  };
}

export interface FeedPlan {
  id: string;
  step: string;
  needed: boolean;
  changes: FeedChange[];
  since: string;
}

export interface DeployPlan {
  env: NamedRef;
  week: string;
  components: ComponentPlan[];
  feeds: FeedPlan[];
}

export type ComponentOutcome =
  | 'deployed'
  | 'failed'
  | 'blocked'
  | 'needs-person'
  | 'nothing-waiting'
  | 'planned'
  | 'timed-out'
  /** Deployed, checked through the dwell, post-deploy gate given (or, without one, recorded). */
  | 'verified'
  /** Deployed, but a check failed: the post-deploy gate is withheld (or rejected). */
  | 'unhealthy';

export interface ComponentResult {
  component: NamedRef;
  step: string;
  outcome: ComponentOutcome;
  version?: Candidate['version'];
  detail: string;
  progress?: DeployProgress;
  verification?: VerificationResult;
  actions: ActionRecord[];
  /** What could not be written to the weekly issue (a rerun writes it); the outcome stands. */
  warnings?: string[];
  ticked?: boolean;
  comment?: string;
}

export interface DeployDayResult {
  runId: number | null;
  plan: DeployPlan;
  confirmed: boolean;
  components: ComponentResult[];
  feeds: FeedPlan[];
  issue?: { number: number; url: string };
  /** Issue writes of the change feeds that failed (a rerun writes them). */
  warnings?: string[];
}

export type DeployEvent =
  | { type: 'phase'; phase: 'gather' | 'plan' | 'act' | 'watch' | 'record' }
  | { type: 'component'; component: string; state: string; detail: string; final?: boolean };
