import { createHash } from 'node:crypto';
import { parseDuration } from '../../core/duration.ts';
import type { DeployedVersion, World } from '../world.ts';
import { suffix, touch, uid, withTag, type Cluster, type Pod, type Workload } from './model.ts';
import { PodLifecycle } from './pods.ts';
import type { ClusterScenario, DaemonSetScenario, DeploymentScenario, PodFault } from './scenario.ts';
import { resolveInstant } from '../scenario/instant.ts';

const DAY = 86_400_000;
/** How long the controller takes to observe a new generation. */
const OBSERVE_DELAY = 1000;

/** The pod-template-hash / controller-revision-hash of the workload's current template. */
function templateHash(workload: Pick<Workload, 'uid' | 'image' | 'container' | 'labels'>): string {
  return suffix(JSON.stringify([workload.uid, workload.image, workload.container, workload.labels]), 10);
}

/**
 * The DaemonSet and Deployment controllers of the simulated clusters. A new image (a deploy)
 * bumps metadata.generation; the controller observes it a moment later and replaces pods one at a
 * time: DaemonSets delete an old pod and start its replacement (maxUnavailable 1, maxSurge 0),
 * Deployments start a new pod and delete an old one once the new is Ready (maxSurge 1,
 * maxUnavailable 0, the defaults' rounding for small replica counts).
 */
export class Controllers {
  readonly clusters = new Map<string, Cluster>();
  readonly pods: PodLifecycle;
  readonly #world: World;

  constructor(world: World) {
    this.#world = world;
    this.pods = new PodLifecycle(world);
    this.pods.onReady = (pod, at) => this.#onPodReady(pod, at);
  }

  addCluster(input: ClusterScenario, start: number): void {
    const hash = createHash('sha1').update(input.name).digest('hex').slice(0, 8);
    const cluster: Cluster = {
      name: input.name,
      tokens: new Set(input.tokens),
      nodes: Array.from(
        { length: input.nodes },
        (_, i) => `aks-nodepool1-${hash}-vmss${i.toString(36).padStart(6, '0')}`,
      ),
      workloads: [],
      resourceVersion: 1000,
    };
    this.clusters.set(cluster.name, cluster);
    for (const ds of input.daemonSets) this.#seed(cluster, 'DaemonSet', ds, start);
    for (const d of input.deployments) this.#seed(cluster, 'Deployment', d, start);
  }

  find(cluster: string, kind: Workload['kind'], namespace: string, name: string): Workload | undefined {
    return this.clusters
      .get(cluster)
      ?.workloads.find((w) => w.kind === kind && w.namespace === namespace && w.name === name);
  }

  #seed(
    cluster: Cluster,
    kind: Workload['kind'],
    input: DaemonSetScenario | DeploymentScenario,
    start: number,
  ): void {
    const createdAt = input.createdAt ? resolveInstant(input.createdAt, start) : start - 30 * DAY;
    const workload: Workload = {
      kind,
      cluster,
      namespace: input.namespace,
      name: input.name,
      uid: uid(`${kind}:${cluster.name}/${input.namespace}/${input.name}`),
      labels: input.labels ?? { app: input.name },
      container: input.container ?? input.name,
      image: input.image,
      generation: input.generation,
      observedGeneration: input.generation,
      revision: input.generation,
      templateHash: '',
      createdAt,
      podStartupMs: parseDuration(input.podStartup) ?? 20_000,
      pods: [],
      nodes: [],
      replicas: 'replicas' in input ? input.replicas : 0,
      progressDeadlineMs:
        'progressDeadline' in input ? (parseDuration(input.progressDeadline) ?? 600_000) : 0,
      nextRollout: input.nextRollout,
      conditionsChangedAt: createdAt,
      resourceVersion: 0,
    };
    workload.templateHash = templateHash(workload);
    if (kind === 'DaemonSet') {
      const count = 'nodes' in input && input.nodes !== undefined ? input.nodes : cluster.nodes.length;
      while (cluster.nodes.length < count)
        cluster.nodes.push(
          `${cluster.nodes[0]!.slice(0, -6)}${cluster.nodes.length.toString(36).padStart(6, '0')}`,
        );
      workload.nodes = cluster.nodes.slice(0, count);
    }
    cluster.workloads.push(workload);
    touch(cluster, workload);
    const since = input.podsSince ? resolveInstant(input.podsSince, start) : createdAt;
    workload.conditionsChangedAt = since;
    const nodes =
      kind === 'DaemonSet'
        ? workload.nodes
        : Array.from({ length: workload.replicas }, (_, i) => cluster.nodes[i % cluster.nodes.length]!);
    for (const node of nodes) this.pods.seedRunning(workload, node, since);
  }

  /** world.onDeploy('kubernetes-workload'): a new image, rolled out pod by pod. */
  deploy(workload: Workload, version: DeployedVersion): void {
    const now = this.#world.clock.now();
    const image = version.image ?? withTag(workload.image, version.tag);
    // An unchanged pod template is no new generation, as with `kubectl apply` of the same spec.
    if (image === workload.image) return;
    workload.image = image;
    workload.generation++;
    workload.revision++;
    workload.templateHash = templateHash(workload);
    workload.rollout = {
      fault: workload.nextRollout?.fault,
      stuckAfter:
        workload.nextRollout?.fault === 'stuck' ? workload.nextRollout.stuckAfter : Number.POSITIVE_INFINITY,
      updated: 0,
      lastProgressAt: now,
      deadlineExceeded: false,
      complete: false,
    };
    workload.nextRollout = undefined;
    workload.conditionsChangedAt = now;
    touch(workload.cluster, workload);
    this.#world.scheduler.at(
      now + OBSERVE_DELAY,
      `kubernetes: ${workload.name} observes generation ${workload.generation}`,
      (at) => {
        workload.observedGeneration = workload.generation;
        touch(workload.cluster, workload);
        this.#step(workload, at);
      },
    );
    this.#scheduleDeadline(workload, now);
  }

  /** Current pods (or the next rollout's new pods) go into a failure mode. */
  applyFault(
    workload: Workload,
    fault: PodFault,
    scope: 'current' | 'next-rollout',
    stuckAfter: number,
    count?: number,
  ): void {
    const now = this.#world.clock.now();
    if (scope === 'next-rollout') {
      workload.nextRollout = { fault, stuckAfter };
      return;
    }
    if (fault === 'stuck') {
      if (workload.rollout && !workload.rollout.complete)
        workload.rollout.stuckAfter = Math.max(stuckAfter, workload.rollout.updated);
      return;
    }
    const byName = [...workload.pods].sort((a, b) => a.name.localeCompare(b.name));
    for (const pod of byName.slice(0, count ?? byName.length)) this.pods.setFault(pod, fault, now);
    touch(workload.cluster, workload);
  }

  /** Pods recover: failure modes end and a stuck rollout goes on. */
  recover(workload: Workload): void {
    const now = this.#world.clock.now();
    if (workload.rollout) {
      workload.rollout.fault = undefined;
      workload.rollout.stuckAfter = Number.POSITIVE_INFINITY;
    }
    workload.nextRollout = undefined;
    for (const pod of workload.pods) if (pod.fault) this.pods.setFault(pod, undefined, now);
    this.#step(workload, now);
  }

  #onPodReady(pod: Pod, at: number): void {
    const workload = pod.workload;
    if (!workload.rollout || workload.rollout.complete || pod.templateHash !== workload.templateHash) return;
    workload.rollout.lastProgressAt = at;
    this.#scheduleDeadline(workload, at);
    this.#step(workload, at);
  }

  /** One controller sync: start the next replacement if the rollout's budget allows it. */
  #step(workload: Workload, at: number): void {
    const rollout = workload.rollout;
    if (!rollout || rollout.complete || workload.observedGeneration < workload.generation) return;
    const isNew = (p: Pod) => p.templateHash === workload.templateHash;
    const newPods = workload.pods.filter(isNew);
    const oldPods = workload.pods.filter((p) => !isNew(p));
    const unreadyNew = newPods.some((p) => !p.ready);
    if (workload.kind === 'DaemonSet') {
      if (unreadyNew) return;
      const old = oldPods.sort((a, b) => a.node.localeCompare(b.node))[0];
      if (!old) return this.#complete(workload, at);
      if (rollout.updated >= rollout.stuckAfter) return;
      this.pods.delete(old);
      this.pods.create(workload, old.node, at, rollout.fault === 'stuck' ? undefined : rollout.fault);
      rollout.updated++;
      touch(workload.cluster, workload);
      return;
    }
    // Deployment: surge one new pod, then retire one old pod once it is Ready.
    if (unreadyNew) return;
    if (oldPods.length > 0 && newPods.length > 0 && newPods.length + oldPods.length > workload.replicas) {
      this.pods.delete(oldPods[0]!);
    }
    const remainingOld = workload.pods.filter((p) => !isNew(p));
    if (newPods.length >= workload.replicas) {
      for (const p of remainingOld) this.pods.delete(p);
      return this.#complete(workload, at);
    }
    if (rollout.updated >= rollout.stuckAfter) return;
    const node = workload.cluster.nodes[newPods.length % workload.cluster.nodes.length]!;
    this.pods.create(workload, node, at, rollout.fault === 'stuck' ? undefined : rollout.fault);
    rollout.updated++;
    touch(workload.cluster, workload);
  }

  #complete(workload: Workload, at: number): void {
    if (!workload.rollout) return;
    workload.rollout.complete = true;
    workload.conditionsChangedAt = at;
    touch(workload.cluster, workload);
  }

  /** Deployments report ProgressDeadlineExceeded when no new pod became Ready within the deadline. */
  #scheduleDeadline(workload: Workload, from: number): void {
    if (workload.kind !== 'Deployment' || !workload.rollout) return;
    const rollout = workload.rollout;
    this.#world.scheduler.at(
      from + workload.progressDeadlineMs,
      `kubernetes: ${workload.name} progress deadline`,
      (at) => {
        if (workload.rollout !== rollout || rollout.complete || rollout.lastProgressAt !== from) return;
        rollout.deadlineExceeded = true;
        workload.conditionsChangedAt = at;
        touch(workload.cluster, workload);
      },
    );
  }
}
