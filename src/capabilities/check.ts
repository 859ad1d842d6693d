import type { Check } from '../config/schema.ts';

/**
 * What a check concludes. `pending` means "not there yet" (a rollout in progress, a revision still
 * provisioning): the dwell loop polls again; only `fail` is a verdict against the deploy.
 */
export type CheckStatus = 'pass' | 'fail' | 'pending';

/** One read a check made: what, the values it based its verdict on, when (the clock's time). */
export interface Evidence {
  /** The call, e.g. "GET /apis/apps/v1/namespaces/default/daemonsets/altinn-authentication". */
  read: string;
  values: Record<string, unknown>;
  /** ISO 8601, from the injected clock (virtual in tests and the demo). */
  at: string;
  /** Azure portal link built from the resource id; absent where there is no portal page. */
  link?: string;
}

export interface CheckResult {
  /** Human label, e.g. "DaemonSet default/altinn-authentication in platform-staging-02-aks". */
  check: string;
  kind: Check['kind'];
  status: CheckStatus;
  /** One precise sentence: which pod, which revision, which reason. */
  reason: string;
  evidence: Evidence[];
}

/** What the deploy was meant to achieve; both fields are optional and loosen the check when absent. */
export interface Expectation {
  /** Image tag the pods or the latest revision must run, e.g. a commit SHA or a release tag. */
  version?: string;
  /** Epoch ms when the deploy began: restarts and deployments before it do not count. */
  deployStartedAt?: number;
}

export interface CheckRunner {
  readonly label: string;
  readonly kind: Check['kind'];
  /** Requests one `run` makes (the dwell budget and the benchmark use it). */
  readonly requestsPerRun: number;
  run(expected: Expectation): Promise<CheckResult>;
}
