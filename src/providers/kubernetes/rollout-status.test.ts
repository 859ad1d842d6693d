import { describe, expect, it } from 'vitest';
import {
  daemonSetRollout,
  deploymentRollout,
  type DaemonSetLike,
  type DeploymentLike,
} from './rollout-status.ts';

const rolling = { updateStrategy: { type: 'RollingUpdate' } };
const ds = (
  generation: number | undefined,
  status: DaemonSetLike['status'],
  spec = rolling,
): DaemonSetLike => ({
  metadata: { name: 'auth', ...(generation === undefined ? {} : { generation }) },
  spec,
  status,
});

describe('daemonSetRollout (kubectl rollout status)', () => {
  const rows: [string, DaemonSetLike, 'pass' | 'pending' | 'fail', string][] = [
    [
      'complete',
      ds(3, {
        observedGeneration: 3,
        desiredNumberScheduled: 4,
        updatedNumberScheduled: 4,
        numberAvailable: 4,
      }),
      'pass',
      'daemon set "auth" successfully rolled out',
    ],
    [
      'stuck at 3 of 4 updated',
      ds(3, {
        observedGeneration: 3,
        desiredNumberScheduled: 4,
        updatedNumberScheduled: 3,
        numberAvailable: 4,
      }),
      'pending',
      'Waiting for daemon set "auth" rollout to finish: 3 out of 4 new pods have been updated',
    ],
    [
      'all updated, one unavailable',
      ds(3, {
        observedGeneration: 3,
        desiredNumberScheduled: 4,
        updatedNumberScheduled: 4,
        numberAvailable: 3,
      }),
      'pending',
      'Waiting for daemon set "auth" rollout to finish: 3 of 4 updated pods are available',
    ],
    [
      'generation ahead of observedGeneration',
      ds(4, {
        observedGeneration: 3,
        desiredNumberScheduled: 4,
        updatedNumberScheduled: 4,
        numberAvailable: 4,
      }),
      'pending',
      'Waiting for daemon set "auth" spec update to be observed: generation 4, observed generation 3',
    ],
    [
      'observedGeneration omitted (0), generation 1',
      ds(1, { desiredNumberScheduled: 4, updatedNumberScheduled: 4, numberAvailable: 4 }),
      'pending',
      'Waiting for daemon set "auth" spec update to be observed: generation 1, observed generation 0',
    ],
    [
      'updatedNumberScheduled omitted (0) just after the new generation is observed',
      ds(5, { observedGeneration: 5, desiredNumberScheduled: 4, numberAvailable: 4 }),
      'pending',
      'Waiting for daemon set "auth" rollout to finish: 0 out of 4 new pods have been updated',
    ],
    [
      'numberAvailable omitted (0): every pod unavailable',
      ds(2, { observedGeneration: 2, desiredNumberScheduled: 4, updatedNumberScheduled: 4 }),
      'pending',
      'Waiting for daemon set "auth" rollout to finish: 0 of 4 updated pods are available',
    ],
    [
      'no nodes match: everything omitted but observedGeneration is done',
      ds(2, { observedGeneration: 2 }),
      'pass',
      'daemon set "auth" successfully rolled out',
    ],
    [
      'no status at all, generation omitted (0 <= 0)',
      ds(undefined, undefined),
      'pass',
      'daemon set "auth" successfully rolled out',
    ],
    [
      'observedGeneration beyond generation still counts as observed',
      ds(2, {
        observedGeneration: 3,
        desiredNumberScheduled: 2,
        updatedNumberScheduled: 2,
        numberAvailable: 2,
      }),
      'pass',
      'daemon set "auth" successfully rolled out',
    ],
    [
      'OnDelete strategy is an error in kubectl',
      ds(2, { observedGeneration: 2 }, { updateStrategy: { type: 'OnDelete' } }),
      'fail',
      'daemon set "auth" uses the OnDelete update strategy; rollout status is only available for RollingUpdate strategy type',
    ],
  ];
  it.each(rows)('%s', (_name, input, status, message) => {
    expect(daemonSetRollout(input)).toEqual({ status, message });
  });
});

const dep = (
  generation: number,
  status: DeploymentLike['status'],
  replicas: number | null = 3,
): DeploymentLike => ({
  metadata: { name: 'web', generation },
  spec: replicas === null ? {} : { replicas },
  status,
});
const progressing = (reason: string, message = '') => [
  { type: 'Available', reason: 'MinimumReplicasAvailable' },
  { type: 'Progressing', reason, message },
];

describe('deploymentRollout (kubectl rollout status)', () => {
  const rows: [string, DeploymentLike, 'pass' | 'pending' | 'fail', string][] = [
    [
      'complete',
      dep(2, { observedGeneration: 2, replicas: 3, updatedReplicas: 3, availableReplicas: 3 }),
      'pass',
      'deployment "web" successfully rolled out',
    ],
    [
      'generation ahead of observedGeneration',
      dep(3, { observedGeneration: 2, replicas: 3, updatedReplicas: 3, availableReplicas: 3 }),
      'pending',
      'Waiting for deployment "web" spec update to be observed: generation 3, observed generation 2',
    ],
    [
      'progress deadline exceeded',
      dep(2, {
        observedGeneration: 2,
        replicas: 4,
        updatedReplicas: 1,
        availableReplicas: 3,
        conditions: progressing(
          'ProgressDeadlineExceeded',
          'ReplicaSet "web-abc" has timed out progressing.',
        ),
      }),
      'fail',
      'deployment "web" exceeded its progress deadline (ReplicaSet "web-abc" has timed out progressing.)',
    ],
    [
      'progress deadline is not read before the new generation is observed',
      dep(3, { observedGeneration: 2, conditions: progressing('ProgressDeadlineExceeded') }),
      'pending',
      'Waiting for deployment "web" spec update to be observed: generation 3, observed generation 2',
    ],
    [
      'fewer updated than spec.replicas',
      dep(2, {
        observedGeneration: 2,
        replicas: 4,
        updatedReplicas: 1,
        availableReplicas: 3,
        conditions: progressing('ReplicaSetUpdated'),
      }),
      'pending',
      'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated',
    ],
    [
      'old replicas pending termination',
      dep(2, { observedGeneration: 2, replicas: 4, updatedReplicas: 3, availableReplicas: 3 }),
      'pending',
      'Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination',
    ],
    [
      'updated replicas not yet available',
      dep(2, { observedGeneration: 2, replicas: 3, updatedReplicas: 3, availableReplicas: 2 }),
      'pending',
      'Waiting for deployment "web" rollout to finish: 2 of 3 updated replicas are available',
    ],
    [
      'updatedReplicas omitted (0)',
      dep(2, { observedGeneration: 2, replicas: 3, availableReplicas: 3 }),
      'pending',
      'Waiting for deployment "web" rollout to finish: 0 out of 3 new replicas have been updated',
    ],
    [
      'availableReplicas omitted (0)',
      dep(2, { observedGeneration: 2, replicas: 3, updatedReplicas: 3 }),
      'pending',
      'Waiting for deployment "web" rollout to finish: 0 of 3 updated replicas are available',
    ],
    [
      'scaled to zero: every count omitted',
      dep(2, { observedGeneration: 2 }, 0),
      'pass',
      'deployment "web" successfully rolled out',
    ],
    [
      'spec.replicas unset: only status is compared',
      dep(2, { observedGeneration: 2, replicas: 2, updatedReplicas: 2, availableReplicas: 2 }, null),
      'pass',
      'deployment "web" successfully rolled out',
    ],
    [
      'observedGeneration omitted (0)',
      dep(1, { replicas: 3, updatedReplicas: 3, availableReplicas: 3 }),
      'pending',
      'Waiting for deployment "web" spec update to be observed: generation 1, observed generation 0',
    ],
  ];
  it.each(rows)('%s', (_name, input, status, message) => {
    expect(deploymentRollout(input)).toEqual({ status, message });
  });
});
