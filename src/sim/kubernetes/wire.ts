import type { Pod, Workload } from './model.ts';

const iso = (ms: number) => new Date(ms).toISOString();

/** Drops the fields whose value is 0, as the API server's `omitempty` does. */
function omitZero(fields: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== 0));
}

function containerSpec(workload: Workload): Record<string, unknown> {
  return {
    name: workload.container,
    image: workload.image,
    resources: {},
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    imagePullPolicy: 'IfNotPresent',
  };
}

function podTemplate(workload: Workload): Record<string, unknown> {
  return {
    metadata: { labels: { ...workload.labels } },
    spec: {
      containers: [containerSpec(workload)],
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      securityContext: {},
      schedulerName: 'default-scheduler',
    },
  };
}

function objectMeta(workload: Workload, annotations: Record<string, string>): Record<string, unknown> {
  return {
    name: workload.name,
    namespace: workload.namespace,
    uid: workload.uid,
    resourceVersion: String(workload.resourceVersion),
    generation: workload.generation,
    creationTimestamp: iso(workload.createdAt),
    labels: { ...workload.labels },
    annotations,
  };
}

const isNew = (workload: Workload) => (p: Pod) => p.templateHash === workload.templateHash;

export function daemonSetJson(workload: Workload, withType: boolean): Record<string, unknown> {
  const pods = workload.pods;
  const ready = pods.filter((p) => p.ready).length;
  const desired = workload.nodes.length;
  return {
    ...(withType ? { kind: 'DaemonSet', apiVersion: 'apps/v1' } : {}),
    metadata: objectMeta(workload, { 'deprecated.daemonset.template.generation': String(workload.revision) }),
    spec: {
      selector: { matchLabels: { ...workload.labels } },
      template: podTemplate(workload),
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
      revisionHistoryLimit: 10,
    },
    status: {
      // These four have no omitempty in the Go type: always present, even when 0.
      currentNumberScheduled: new Set(pods.map((p) => p.node)).size,
      numberMisscheduled: 0,
      desiredNumberScheduled: desired,
      numberReady: ready,
      ...omitZero({
        observedGeneration: workload.observedGeneration,
        updatedNumberScheduled:
          workload.observedGeneration < workload.generation ? 0 : pods.filter(isNew(workload)).length,
        numberAvailable: ready,
        numberUnavailable: Math.max(0, desired - ready),
      }),
    },
  };
}

function deploymentConditions(workload: Workload, available: number): Record<string, unknown>[] {
  const at = iso(workload.conditionsChangedAt);
  const created = iso(workload.createdAt);
  const rs = `${workload.name}-${workload.templateHash}`;
  const rollout = workload.rollout;
  const progressing =
    rollout?.deadlineExceeded === true
      ? {
          status: 'False',
          reason: 'ProgressDeadlineExceeded',
          message: `ReplicaSet "${rs}" has timed out progressing.`,
        }
      : rollout && !rollout.complete
        ? { status: 'True', reason: 'ReplicaSetUpdated', message: `ReplicaSet "${rs}" is progressing.` }
        : {
            status: 'True',
            reason: 'NewReplicaSetAvailable',
            message: `ReplicaSet "${rs}" has successfully progressed.`,
          };
  const minimum = available >= workload.replicas;
  return [
    {
      type: 'Available',
      status: minimum ? 'True' : 'False',
      lastUpdateTime: at,
      lastTransitionTime: at,
      reason: minimum ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable',
      message: minimum
        ? 'Deployment has minimum availability.'
        : 'Deployment does not have minimum availability.',
    },
    { type: 'Progressing', ...progressing, lastUpdateTime: at, lastTransitionTime: rollout ? at : created },
  ];
}

export function deploymentJson(workload: Workload, withType: boolean): Record<string, unknown> {
  const pods = workload.pods;
  const ready = pods.filter((p) => p.ready).length;
  const updated = workload.observedGeneration < workload.generation ? 0 : pods.filter(isNew(workload)).length;
  return {
    ...(withType ? { kind: 'Deployment', apiVersion: 'apps/v1' } : {}),
    metadata: objectMeta(workload, { 'deployment.kubernetes.io/revision': String(workload.revision) }),
    spec: {
      replicas: workload.replicas,
      selector: { matchLabels: { ...workload.labels } },
      template: podTemplate(workload),
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: Math.round(workload.progressDeadlineMs / 1000),
    },
    status: {
      ...omitZero({
        observedGeneration: workload.observedGeneration,
        replicas: pods.length,
        updatedReplicas: updated,
        readyReplicas: ready,
        availableReplicas: ready,
        unavailableReplicas: Math.max(0, workload.replicas - ready),
      }),
      conditions: deploymentConditions(workload, ready),
    },
  };
}

function condition(type: string, ok: boolean, at: number, reason?: string): Record<string, unknown> {
  return {
    type,
    status: ok ? 'True' : 'False',
    lastTransitionTime: iso(at),
    ...(ok || !reason ? {} : { reason }),
  };
}

export function podJson(pod: Pod, withType: boolean): Record<string, unknown> {
  const workload = pod.workload;
  const labels: Record<string, string> = { ...workload.labels };
  let owner: Record<string, unknown>;
  if (workload.kind === 'DaemonSet') {
    labels['controller-revision-hash'] = pod.templateHash;
    labels['pod-template-generation'] = String(pod.templateGeneration);
    owner = {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      name: workload.name,
      uid: workload.uid,
      controller: true,
      blockOwnerDeletion: true,
    };
  } else {
    labels['pod-template-hash'] = pod.templateHash;
    owner = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      name: `${workload.name}-${pod.templateHash}`,
      uid: `${workload.uid.slice(0, 24)}${pod.templateHash.padEnd(12, '0').slice(0, 12)}`,
      controller: true,
      blockOwnerDeletion: true,
    };
  }
  const containerID = `containerd://${pod.uid.replaceAll('-', '')}${pod.restartCount.toString(16).padStart(8, '0')}`;
  const readyAt = pod.readySince ?? pod.createdAt;
  const status: Record<string, unknown> = {
    phase: pod.phase,
    conditions: [
      condition('PodReadyToStartContainers', pod.phase === 'Running', pod.startedAt ?? pod.createdAt),
      condition('Initialized', true, pod.createdAt),
      condition('Ready', pod.ready, readyAt, 'ContainersNotReady'),
      condition('ContainersReady', pod.ready, readyAt, 'ContainersNotReady'),
      condition('PodScheduled', true, pod.scheduledAt),
    ],
    hostIP: pod.hostIP,
    hostIPs: [{ ip: pod.hostIP }],
    ...(pod.phase === 'Running' ? { podIP: pod.podIP, podIPs: [{ ip: pod.podIP }] } : {}),
    startTime: iso(pod.scheduledAt),
    containerStatuses: [
      {
        name: workload.container,
        state: pod.state,
        lastState: pod.lastState,
        ready: pod.ready,
        restartCount: pod.restartCount,
        image: pod.image,
        imageID:
          pod.phase === 'Running'
            ? `${pod.image.replace(/:[^:/]+$/, '')}@sha256:${pod.templateHash.padEnd(64, '0')}`
            : '',
        ...(pod.started || pod.phase === 'Running' ? { containerID } : {}),
        started: pod.started,
      },
    ],
    qosClass: 'BestEffort',
  };
  return {
    ...(withType ? { kind: 'Pod', apiVersion: 'v1' } : {}),
    metadata: {
      name: pod.name,
      generateName:
        workload.kind === 'DaemonSet' ? `${workload.name}-` : `${workload.name}-${pod.templateHash}-`,
      namespace: workload.namespace,
      uid: pod.uid,
      resourceVersion: String(pod.resourceVersion),
      creationTimestamp: iso(pod.createdAt),
      labels,
      ownerReferences: [owner],
    },
    spec: {
      containers: [containerSpec({ ...workload, image: pod.image })],
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      nodeName: pod.node,
      serviceAccountName: 'default',
      serviceAccount: 'default',
      securityContext: {},
      schedulerName: 'default-scheduler',
    },
    status,
  };
}

export function statusJson(
  code: number,
  reason: string,
  message: string,
  details?: Record<string, unknown>,
): Record<string, unknown> {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  };
}
