import type { CheckStatus } from '../../capabilities/check.ts';

/**
 * `kubectl rollout status` for DaemonSets and Deployments, rule for rule
 * (kubectl pkg/polymorphichelpers/rollout_status.go; ../shared/API-NOTES.md §4). The API server
 * omits zero-valued status fields, so every missing number counts as 0, as in Go's zero values.
 * kubectl's "waiting" is pnd's `pending`, its error is `fail`, its done is `pass`.
 */
export interface RolloutVerdict {
  status: CheckStatus;
  /** kubectl's sentence, without its trailing "...". */
  message: string;
}

/** The fields of an apps/v1 DaemonSet the rules read (V1DaemonSet fits). */
export interface DaemonSetLike {
  metadata?: { name?: string; generation?: number };
  spec?: { updateStrategy?: { type?: string } };
  status?: {
    observedGeneration?: number;
    desiredNumberScheduled?: number;
    updatedNumberScheduled?: number;
    numberAvailable?: number;
  };
}

/** The fields of an apps/v1 Deployment the rules read (V1Deployment fits). */
export interface DeploymentLike {
  metadata?: { name?: string; generation?: number };
  spec?: { replicas?: number };
  status?: {
    observedGeneration?: number;
    replicas?: number;
    updatedReplicas?: number;
    availableReplicas?: number;
    conditions?: { type?: string; reason?: string; message?: string }[];
  };
}

const n = (value: number | undefined): number => value ?? 0;

export function daemonSetRollout(ds: DaemonSetLike): RolloutVerdict {
  const name = ds.metadata?.name ?? '';
  const strategy = ds.spec?.updateStrategy?.type;
  // kubectl reports this as an error: with OnDelete, pods change only when someone deletes them,
  // so "rolled out" cannot be judged from the status.
  if (strategy !== 'RollingUpdate') {
    return {
      status: 'fail',
      message: `daemon set "${name}" uses the ${strategy ?? 'unset'} update strategy; rollout status is only available for RollingUpdate strategy type`,
    };
  }
  const generation = n(ds.metadata?.generation);
  const observed = n(ds.status?.observedGeneration);
  if (generation > observed) {
    return {
      status: 'pending',
      message: `Waiting for daemon set "${name}" spec update to be observed: generation ${generation}, observed generation ${observed}`,
    };
  }
  const desired = n(ds.status?.desiredNumberScheduled);
  const updated = n(ds.status?.updatedNumberScheduled);
  const available = n(ds.status?.numberAvailable);
  if (updated < desired) {
    return {
      status: 'pending',
      message: `Waiting for daemon set "${name}" rollout to finish: ${updated} out of ${desired} new pods have been updated`,
    };
  }
  if (available < desired) {
    return {
      status: 'pending',
      message: `Waiting for daemon set "${name}" rollout to finish: ${available} of ${desired} updated pods are available`,
    };
  }
  return { status: 'pass', message: `daemon set "${name}" successfully rolled out` };
}

export function deploymentRollout(deployment: DeploymentLike): RolloutVerdict {
  const name = deployment.metadata?.name ?? '';
  const generation = n(deployment.metadata?.generation);
  const status = deployment.status;
  const observed = n(status?.observedGeneration);
  if (generation > observed) {
    return {
      status: 'pending',
      message: `Waiting for deployment "${name}" spec update to be observed: generation ${generation}, observed generation ${observed}`,
    };
  }
  const progressing = status?.conditions?.find((c) => c.type === 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') {
    return {
      status: 'fail',
      message: `deployment "${name}" exceeded its progress deadline${progressing.message ? ` (${progressing.message})` : ''}`,
    };
  }
  const updated = n(status?.updatedReplicas);
  const replicas = n(status?.replicas);
  const available = n(status?.availableReplicas);
  // spec.replicas is a pointer in Go: only a set value is compared.
  const wanted = deployment.spec?.replicas;
  if (wanted !== undefined && updated < wanted) {
    return {
      status: 'pending',
      message: `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${wanted} new replicas have been updated`,
    };
  }
  if (replicas > updated) {
    return {
      status: 'pending',
      message: `Waiting for deployment "${name}" rollout to finish: ${replicas - updated} old replicas are pending termination`,
    };
  }
  if (available < updated) {
    return {
      status: 'pending',
      message: `Waiting for deployment "${name}" rollout to finish: ${available} of ${updated} updated replicas are available`,
    };
  }
  return { status: 'pass', message: `deployment "${name}" successfully rolled out` };
}
