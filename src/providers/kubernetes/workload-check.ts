import type { V1DaemonSet, V1Deployment, V1LabelSelector, V1Pod } from '@kubernetes/client-node';
import type { KubernetesWorkloadCheck } from '../../config/schema.ts';
import { retryTransient } from '../transient-retry.ts';
import type { Clock } from '../../core/clock.ts';
import type { KubeClients } from './client.ts';
import { kubernetesReadFailure } from './errors.ts';
import { describeProblems, imageMismatches, podProblems, restartCounts } from './pod-signals.ts';
import { imageTag, tagMatches } from '../../checks/image-tag.ts';
import { daemonSetRollout, deploymentRollout, type RolloutVerdict } from './rollout-status.ts';
import type { CheckResult, CheckRunner, Evidence, Expectation } from '../../capabilities/check.ts';

type Workload = V1DaemonSet | V1Deployment;

/**
 * `kubernetes-workload`: the workload's rollout by kubectl's rules, then its pods' crash, pull and
 * restart signals, then (when the config names an image tag source) the pods' image tag. Two
 * reads per run: the workload and its pods.
 */
export function kubernetesWorkloadRunner(
  check: KubernetesWorkloadCheck,
  /** Built on first use: the SDK is loaded only when a check of this kind runs. */
  clients: () => Promise<KubeClients>,
  clock: Clock,
  /** Who pnd is at the API server, for refusals: a variable's name, a kubeconfig context. */
  identity?: string,
): CheckRunner {
  const label = `${check.workloadKind} ${check.namespace}/${check.name} in ${check.cluster}`;
  const resource = check.workloadKind === 'DaemonSet' ? 'daemonsets' : 'deployments';
  const workloadPath = `/apis/apps/v1/namespaces/${check.namespace}/${resource}/${check.name}`;
  // Restart counts at the first read: a count that rises later is a restart while pnd watched.
  let baseline: Map<string, number> | undefined;

  const result = (status: CheckResult['status'], reason: string, evidence: Evidence[]): CheckResult => ({
    check: label,
    kind: check.kind,
    status,
    reason,
    evidence,
  });

  return {
    label,
    kind: check.kind,
    requestsPerRun: 2,
    async run(expected: Expectation): Promise<CheckResult> {
      const evidence: Evidence[] = [];
      let workload: Workload;
      try {
        workload = await retryTransient<Workload>(async () => {
          const { apps } = await clients();
          return check.workloadKind === 'DaemonSet'
            ? apps.readNamespacedDaemonSet({ name: check.name, namespace: check.namespace })
            : apps.readNamespacedDeployment({ name: check.name, namespace: check.namespace });
        }, clock);
      } catch (error) {
        const failure = kubernetesReadFailure(error, {
          where: `Kubernetes GET ${workloadPath} in ${check.cluster}`,
          ...(identity ? { identity } : {}),
          permission: `get ${resource}.apps in namespace ${check.namespace} of cluster ${check.cluster}`,
          resource: `${check.workloadKind} ${check.namespace}/${check.name} in cluster ${check.cluster}`,
        });
        if ('error' in failure) throw failure.error;
        return result('fail', failure.notFound, evidence);
      }
      const rollout: RolloutVerdict =
        check.workloadKind === 'DaemonSet'
          ? daemonSetRollout(workload as V1DaemonSet)
          : deploymentRollout(workload as V1Deployment);
      const templateImages = (workload.spec?.template.spec?.containers ?? []).map((c) => ({
        name: c.name,
        image: c.image ?? '',
      }));
      evidence.push({
        read: `GET ${workloadPath} (cluster ${check.cluster})`,
        values: {
          generation: workload.metadata?.generation ?? 0,
          ...statusValues(workload, check.workloadKind),
          images: templateImages.map((c) => c.image),
          rollout: rollout.message,
        },
        at: iso(clock),
      });

      const selector = check.labelSelector
        ? formatMatchLabels(check.labelSelector)
        : formatSelector(workload.spec?.selector);
      const podsPath = `/api/v1/namespaces/${check.namespace}/pods?labelSelector=${selector}`;
      let listed: V1Pod[];
      try {
        listed = (
          await retryTransient(
            async () =>
              (await clients()).core.listNamespacedPod({
                namespace: check.namespace,
                labelSelector: selector,
              }),
            clock,
          )
        ).items;
      } catch (error) {
        const failure = kubernetesReadFailure(error, {
          where: `Kubernetes GET ${podsPath} in ${check.cluster}`,
          ...(identity ? { identity } : {}),
          permission: `list pods in namespace ${check.namespace} of cluster ${check.cluster}`,
          resource: `Namespace ${check.namespace} in cluster ${check.cluster}`,
        });
        if ('error' in failure) throw failure.error;
        return result('fail', failure.notFound, evidence);
      }
      const pods = listed.filter((pod) => ownedBy(pod, workload, check.workloadKind));
      const seen = restartCounts(pods);
      if (!baseline) baseline = seen;
      else for (const [key, count] of seen) if (!baseline.has(key)) baseline.set(key, count);
      const problems = podProblems(pods, { since: expected.deployStartedAt, baseline });
      const version = check.imageTag ? expected.version : undefined;
      const versioned = version
        ? templateImages.filter((c) => tagMatches(imageTag(c.image), version)).map((c) => c.name)
        : [];
      const mismatched = version ? imageMismatches(pods, versioned, version) : [];
      evidence.push({
        read: `GET ${podsPath} (cluster ${check.cluster})`,
        values: {
          pods: pods.length,
          ready: pods.filter((p) => p.status?.containerStatuses?.every((c) => c.ready)).length,
          restarts: pods.reduce(
            (sum, p) => sum + (p.status?.containerStatuses ?? []).reduce((s, c) => s + c.restartCount, 0),
            0,
          ),
          images: [...new Set(pods.flatMap((p) => (p.spec?.containers ?? []).map((c) => c.image ?? '')))],
          problems: problems.map((p) => `${p.pod}/${p.container}: ${p.reason}`),
          ...(check.imageTag && !expected.version
            ? { version: 'not compared: no expected version given' }
            : {}),
        },
        at: iso(clock),
      });

      if (problems.length > 0) return result('fail', describeProblems(problems), evidence);
      if (rollout.status === 'fail') return result('fail', `${capitalise(rollout.message)}.`, evidence);
      if (version && versioned.length === 0) {
        return result(
          'fail',
          `The ${check.workloadKind}'s pod template runs ${templateImages.map((c) => c.image).join(', ')}, not version ${version}.`,
          evidence,
        );
      }
      if (rollout.status === 'pending') return result('pending', `${capitalise(rollout.message)}.`, evidence);
      const desired = desiredPods(workload, check.workloadKind);
      if (pods.length === 0 && desired > 0) {
        return result(
          'fail',
          `No pod of ${check.workloadKind} ${check.name} matches the label selector ${selector} (${desired} expected).`,
          evidence,
        );
      }
      const first = mismatched[0];
      if (first) {
        return result(
          'fail',
          `Pod ${first.pod} (container ${first.container}) runs ${first.image}, not version ${version}${
            mismatched.length > 1 ? `; ${mismatched.length - 1} more pods do not either` : ''
          }.`,
          evidence,
        );
      }
      return result(
        'pass',
        `${capitalise(rollout.message)}: ${pods.length} pod${pods.length === 1 ? '' : 's'} ready, none crashing or restarting${
          version ? `, all on version ${version}` : ''
        }.`,
        evidence,
      );
    },
  };
}

const iso = (clock: Clock) => new Date(clock.now()).toISOString();
const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function statusValues(
  workload: Workload,
  kind: KubernetesWorkloadCheck['workloadKind'],
): Record<string, number> {
  if (kind === 'DaemonSet') {
    const s = (workload as V1DaemonSet).status;
    return {
      observedGeneration: s?.observedGeneration ?? 0,
      desiredNumberScheduled: s?.desiredNumberScheduled ?? 0,
      updatedNumberScheduled: s?.updatedNumberScheduled ?? 0,
      numberAvailable: s?.numberAvailable ?? 0,
    };
  }
  const d = workload as V1Deployment;
  return {
    observedGeneration: d.status?.observedGeneration ?? 0,
    specReplicas: d.spec?.replicas ?? 0,
    replicas: d.status?.replicas ?? 0,
    updatedReplicas: d.status?.updatedReplicas ?? 0,
    availableReplicas: d.status?.availableReplicas ?? 0,
  };
}

function desiredPods(workload: Workload, kind: KubernetesWorkloadCheck['workloadKind']): number {
  return kind === 'DaemonSet'
    ? ((workload as V1DaemonSet).status?.desiredNumberScheduled ?? 0)
    : ((workload as V1Deployment).spec?.replicas ?? 0);
}

/**
 * Pods the workload's controller owns: a DaemonSet owns its pods directly; a Deployment owns
 * ReplicaSets named `<deployment>-<pod-template-hash>`. A selector can match other workloads' pods.
 */
function ownedBy(pod: V1Pod, workload: Workload, kind: KubernetesWorkloadCheck['workloadKind']): boolean {
  const owners = pod.metadata?.ownerReferences ?? [];
  if (kind === 'DaemonSet')
    return owners.some((o) => o.kind === 'DaemonSet' && o.uid === workload.metadata?.uid);
  // `<name>-<hash>` exactly: the hash has no dash, so another Deployment `<name>-admin` is not ours.
  const name = workload.metadata?.name ?? '';
  return owners.some(
    (o) =>
      o.kind === 'ReplicaSet' &&
      o.name.startsWith(`${name}-`) &&
      /^[a-z0-9]+$/.test(o.name.slice(name.length + 1)),
  );
}

export function formatMatchLabels(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

/** A LabelSelector as the labelSelector query parameter (set-based syntax for expressions). */
export function formatSelector(selector: V1LabelSelector | undefined): string {
  const parts = selector?.matchLabels ? [formatMatchLabels(selector.matchLabels)] : [];
  for (const e of selector?.matchExpressions ?? []) {
    const values = (e.values ?? []).join(',');
    if (e.operator === 'In') parts.push(`${e.key} in (${values})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${values})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  return parts.filter(Boolean).join(',');
}
