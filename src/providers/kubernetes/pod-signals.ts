/**
 * Signals of a bad rollout in the workload's pods, read from `status.containerStatuses` (and the
 * init containers'): what `kubectl get pods` shows in its STATUS and RESTARTS columns. Pure, so
 * that the rules are table-tested; the Kubernetes runner feeds it the pods it listed.
 */

import { imageTag, tagMatches } from '../../checks/image-tag.ts';

/** A `state.waiting.reason` that means the container will not run without a change. */
export const BAD_WAITING_REASONS = [
  'CrashLoopBackOff',
  'ImagePullBackOff',
  'ErrImagePull',
  'CreateContainerConfigError',
  'CreateContainerError',
  'InvalidImageName',
] as const;

type Instant = Date | string;

export interface ContainerStatusLike {
  name?: string;
  image?: string;
  ready?: boolean;
  restartCount?: number;
  state?: { waiting?: { reason?: string; message?: string }; running?: unknown; terminated?: unknown };
  lastState?: {
    terminated?: { reason?: string; exitCode?: number; finishedAt?: Instant; message?: string };
  };
}

/** The fields of a core/v1 Pod the rules read (V1Pod fits). */
export interface PodLike {
  metadata?: {
    name?: string;
    uid?: string;
    creationTimestamp?: Instant;
    ownerReferences?: { kind?: string; name?: string; uid?: string }[];
  };
  spec?: { containers?: { name?: string; image?: string }[] };
  status?: {
    phase?: string;
    containerStatuses?: ContainerStatusLike[];
    initContainerStatuses?: ContainerStatusLike[];
  };
}

export interface PodProblem {
  pod: string;
  container: string;
  /** The Kubernetes reason: CrashLoopBackOff, ImagePullBackOff, OOMKilled, Restarted, ... */
  reason: string;
  /** The sentence for people: the reason, its message, restarts, the last exit. */
  detail: string;
}

export interface PodSignalOptions {
  /** Epoch ms the deploy began: restarts and exits before it are history, not this rollout. */
  since?: number;
  /**
   * Restart counts seen at an earlier read, keyed by `restartKey`: a count that rose since then is
   * a restart during the observation even without `since` (the dwell keeps this across reads).
   */
  baseline?: ReadonlyMap<string, number>;
}

const time = (value: Instant | undefined): number | undefined =>
  value === undefined ? undefined : new Date(value).getTime();

export function restartKey(pod: PodLike, container: string): string {
  return `${pod.metadata?.uid ?? pod.metadata?.name ?? ''}/${container}`;
}

function containers(pod: PodLike): ContainerStatusLike[] {
  return [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
}

/** Restarts of this container that belong to the rollout under check, or 0. */
function restartsSince(pod: PodLike, c: ContainerStatusLike, options: PodSignalOptions): number {
  const count = c.restartCount ?? 0;
  if (count === 0) return 0;
  const seen = options.baseline?.get(restartKey(pod, c.name ?? ''));
  const rose = seen !== undefined && count > seen ? count - seen : 0;
  if (options.since === undefined) return rose;
  // A pod created for this rollout: every restart is one. An older pod: only when its last exit
  // happened after the deploy began (the count itself has no timestamps).
  const created = time(pod.metadata?.creationTimestamp);
  if (created !== undefined && created >= options.since) return count;
  const finished = time(c.lastState?.terminated?.finishedAt);
  if (finished !== undefined && finished >= options.since) return Math.max(rose, 1);
  return rose;
}

function lastExit(c: ContainerStatusLike): string {
  const t = c.lastState?.terminated;
  if (!t?.reason) return '';
  return `last exit ${t.reason}${t.exitCode !== undefined ? ` (exit code ${t.exitCode})` : ''}`;
}

/** Every container of every pod that shows a bad-rollout signal, one problem per container. */
export function podProblems(pods: readonly PodLike[], options: PodSignalOptions = {}): PodProblem[] {
  const problems: PodProblem[] = [];
  for (const pod of pods) {
    const podName = pod.metadata?.name ?? '?';
    for (const c of containers(pod)) {
      const container = c.name ?? '?';
      const restarts = restartsSince(pod, c, options);
      const window = options.since === undefined ? 'while pnd watched' : 'since the deploy began';
      const restartText =
        restarts > 0 ? `restarted ${restarts} time${restarts === 1 ? '' : 's'} ${window}` : '';
      const exit = lastExit(c);
      const terminated = c.lastState?.terminated;
      const finished = time(terminated?.finishedAt);
      const recentExit =
        restarts > 0 || (options.since !== undefined && finished !== undefined && finished >= options.since);
      const waiting = c.state?.waiting;
      if (waiting?.reason && (BAD_WAITING_REASONS as readonly string[]).includes(waiting.reason)) {
        const extra = [restartText, recentExit ? exit : ''].filter(Boolean).join(', ');
        problems.push({
          pod: podName,
          container,
          reason: waiting.reason,
          detail: `${waiting.reason}${waiting.message ? ` (${waiting.message})` : ''}${extra ? `; ${extra}` : ''}`,
        });
        continue;
      }
      if (terminated?.reason === 'OOMKilled' && recentExit) {
        problems.push({
          pod: podName,
          container,
          reason: 'OOMKilled',
          detail: `OOMKilled${terminated.exitCode !== undefined ? ` (exit code ${terminated.exitCode})` : ''}${
            terminated.finishedAt ? ` at ${new Date(terminated.finishedAt).toISOString()}` : ''
          }${restartText ? `; ${restartText}` : ''}`,
        });
        continue;
      }
      if (restarts > 0) {
        problems.push({
          pod: podName,
          container,
          reason: 'Restarted',
          detail: `${restartText}${exit ? `; ${exit}` : ''}`,
        });
      }
    }
  }
  return problems;
}

/** One sentence naming the first problem's pod and reason, and how many more there are. */
export function describeProblems(problems: readonly PodProblem[]): string {
  const [first, ...rest] = problems;
  if (!first) return 'No pod shows a crash, pull or restart signal.';
  const others = new Set(rest.map((p) => p.pod).filter((p) => p !== first.pod));
  const more =
    others.size === 0
      ? ''
      : ` ${others.size} more pod${others.size === 1 ? '' : 's'} failing: ${[...others]
          .slice(0, 3)
          .map((name) => `${name} (${rest.find((p) => p.pod === name)!.reason})`)
          .join(', ')}${others.size > 3 ? ', …' : ''}.`;
  return `Pod ${first.pod} (container ${first.container}): ${first.detail}.${more}`;
}

/** Restart counts of every container, for the next read's `baseline`. */
export function restartCounts(pods: readonly PodLike[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const pod of pods)
    for (const c of containers(pod)) counts.set(restartKey(pod, c.name ?? ''), c.restartCount ?? 0);
  return counts;
}

export interface ImageMismatch {
  pod: string;
  container: string;
  image: string;
}

/**
 * Pods whose named containers do not run `version`. Only the containers the workload template
 * puts the version on are compared, so sidecars with their own tags do not count.
 */
export function imageMismatches(
  pods: readonly PodLike[],
  containerNames: readonly string[],
  version: string,
): ImageMismatch[] {
  const out: ImageMismatch[] = [];
  for (const pod of pods) {
    for (const name of containerNames) {
      const status = pod.status?.containerStatuses?.find((c) => c.name === name);
      const spec = pod.spec?.containers?.find((c) => c.name === name);
      const image = spec?.image ?? status?.image ?? '';
      if (!tagMatches(imageTag(image), version))
        out.push({ pod: pod.metadata?.name ?? '?', container: name, image });
    }
  }
  return out;
}
