import type { World } from '../world.ts';
import { suffix, touch, uid, type Pod, type Workload } from './model.ts';
import type { PodFault } from './scenario.ts';

const SECOND = 1000;
/** The kubelet's restart back-off: 10s doubling up to 5 minutes. */
const BACKOFF_START = 10 * SECOND;
const BACKOFF_MAX = 300 * SECOND;
/** How long a crashing container runs before it exits. */
const CRASH_AFTER = 5 * SECOND;

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The life of one pod, driven by the virtual clock: ContainerCreating, then Running and Ready
 * after the workload's startup time, or one of the failure modes the scenario asks for.
 */
export class PodLifecycle {
  readonly #world: World;
  /** Called when a pod becomes Ready, so the owning controller can take its next rollout step. */
  onReady: (pod: Pod, at: number) => void = () => {};

  constructor(world: World) {
    this.#world = world;
  }

  /** A new pod for `workload` on `node`, created now (or at `at`), starting up. */
  create(workload: Workload, node: string, at: number, fault?: PodFault): Pod {
    const cluster = workload.cluster;
    const n = this.#world.nextId(`k8s-pod:${cluster.name}`);
    const base =
      workload.kind === 'Deployment' ? `${workload.name}-${workload.templateHash}-` : `${workload.name}-`;
    const nodeIndex = Math.max(0, cluster.nodes.indexOf(node));
    const pod: Pod = {
      name: base + suffix(`${workload.uid}:${n}`, 5),
      uid: uid(`pod:${cluster.name}:${workload.uid}:${n}`),
      workload,
      node,
      podIP: `10.244.${nodeIndex}.${(n % 250) + 2}`,
      hostIP: `10.224.0.${nodeIndex + 4}`,
      templateHash: workload.templateHash,
      templateGeneration: workload.revision,
      image: workload.image,
      createdAt: at,
      scheduledAt: at,
      phase: 'Pending',
      ready: false,
      started: false,
      restartCount: 0,
      state: { waiting: { reason: 'ContainerCreating' } },
      lastState: {},
      fault,
      epoch: 0,
      deleted: false,
      resourceVersion: 0,
    };
    touch(cluster, pod);
    workload.pods.push(pod);
    this.#startContainer(pod, at + workload.podStartupMs);
    return pod;
  }

  /** A pod that has been running and ready since `since` (scenario seeding). */
  seedRunning(workload: Workload, node: string, since: number): Pod {
    const pod = this.create(workload, node, since);
    pod.epoch++;
    this.#run(pod, since + Math.min(workload.podStartupMs, 5 * SECOND), true);
    return pod;
  }

  delete(pod: Pod): void {
    pod.deleted = true;
    pod.epoch++;
    const pods = pod.workload.pods;
    pods.splice(pods.indexOf(pod), 1);
    touch(pod.workload.cluster, pod.workload);
  }

  /** Puts a running pod into a failure mode now, or back to healthy (`undefined`). */
  setFault(pod: Pod, fault: PodFault | undefined, at: number): void {
    pod.fault = fault;
    pod.epoch++;
    if (fault === 'image-pull-backoff') {
      // The container exits and its image can no longer be pulled (e.g. deleted from the registry).
      pod.lastState = {
        terminated: {
          exitCode: 1,
          reason: 'Error',
          startedAt: iso(pod.startedAt ?? at),
          finishedAt: iso(at),
        },
      };
      pod.started = false;
      this.#setReady(pod, false, at);
      this.#imagePull(pod, at);
      return;
    }
    if (fault === 'create-container-config-error') {
      // The container exits and the kubelet cannot create it again: what it references is gone.
      pod.lastState = {
        terminated: {
          exitCode: 1,
          reason: 'Error',
          startedAt: iso(pod.startedAt ?? at),
          finishedAt: iso(at),
        },
      };
      pod.started = false;
      this.#setReady(pod, false, at);
      this.#configError(pod);
      return;
    }
    if (fault === 'crash-loop' || fault === 'oom-killed') {
      this.#crash(
        pod,
        at,
        BACKOFF_START,
        fault === 'oom-killed' ? 'OOMKilled' : 'Error',
        fault === 'oom-killed' ? 137 : 1,
      );
      return;
    }
    this.#run(pod, at, true);
  }

  #startContainer(pod: Pod, at: number): void {
    const epoch = pod.epoch;
    this.#world.scheduler.at(at, `kubernetes: ${pod.name} starts`, (now) => {
      if (pod.epoch !== epoch || pod.deleted) return;
      switch (pod.fault) {
        case 'image-pull-backoff':
          this.#imagePull(pod, now);
          return;
        case 'create-container-config-error':
          this.#configError(pod);
          return;
        case 'crash-loop':
        case 'oom-killed':
          this.#run(pod, now, false);
          this.#scheduleCrash(pod, now + CRASH_AFTER, BACKOFF_START);
          return;
        default:
          this.#run(pod, now, true);
      }
    });
  }

  #run(pod: Pod, at: number, ready: boolean): void {
    pod.phase = 'Running';
    pod.started = true;
    pod.startedAt = at;
    pod.state = { running: { startedAt: iso(at) } };
    this.#setReady(pod, ready, at);
    touch(pod.workload.cluster, pod);
  }

  #setReady(pod: Pod, ready: boolean, at: number): void {
    const was = pod.ready;
    pod.ready = ready;
    if (ready && !was) {
      pod.readySince = at;
      this.onReady(pod, at);
    } else if (!ready && was) {
      pod.readySince = at;
    }
  }

  #scheduleCrash(pod: Pod, at: number, backoff: number): void {
    const epoch = pod.epoch;
    const oom = pod.fault === 'oom-killed';
    this.#world.scheduler.at(at, `kubernetes: ${pod.name} container exits`, (now) => {
      if (pod.epoch !== epoch || pod.deleted) return;
      this.#crash(pod, now, backoff, oom ? 'OOMKilled' : 'Error', oom ? 137 : 1);
    });
  }

  /** The container exits; the kubelet waits `backoff` (CrashLoopBackOff) and starts it again. */
  #crash(pod: Pod, at: number, backoff: number, reason: string, exitCode: number): void {
    const container = pod.workload.container;
    pod.lastState = {
      terminated: { exitCode, reason, startedAt: iso(pod.startedAt ?? at), finishedAt: iso(at) },
    };
    pod.state = {
      waiting: {
        reason: 'CrashLoopBackOff',
        message: `back-off ${formatBackoff(backoff)} restarting failed container=${container} pod=${pod.name}_${pod.workload.namespace}(${pod.uid})`,
      },
    };
    pod.started = false;
    this.#setReady(pod, false, at);
    touch(pod.workload.cluster, pod);
    const epoch = pod.epoch;
    this.#world.scheduler.at(at + backoff, `kubernetes: ${pod.name} restarts`, (now) => {
      if (pod.epoch !== epoch || pod.deleted) return;
      pod.restartCount++;
      this.#run(pod, now, false);
      this.#scheduleCrash(pod, now + CRASH_AFTER, Math.min(backoff * 2, BACKOFF_MAX));
    });
  }

  /** The kubelet's answer when a container's env or volume names a Secret or ConfigMap that is missing. */
  #configError(pod: Pod): void {
    const secret = `${pod.workload.name}-secrets`;
    pod.state = {
      waiting: { reason: 'CreateContainerConfigError', message: `secret "${secret}" not found` },
    };
    touch(pod.workload.cluster, pod);
  }

  #imagePull(pod: Pod, at: number): void {
    const epoch = pod.epoch;
    pod.state = {
      waiting: {
        reason: 'ErrImagePull',
        message: `rpc error: code = NotFound desc = failed to pull and unpack image "${pod.image}": not found`,
      },
    };
    touch(pod.workload.cluster, pod);
    this.#world.scheduler.at(at + CRASH_AFTER, `kubernetes: ${pod.name} backs off pulling`, () => {
      if (pod.epoch !== epoch || pod.deleted) return;
      pod.state = {
        waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${pod.image}"` },
      };
      touch(pod.workload.cluster, pod);
    });
  }
}

function formatBackoff(ms: number): string {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${s % 60}s` : `${s}s`;
}
