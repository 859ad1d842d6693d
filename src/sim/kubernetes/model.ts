import { createHash } from 'node:crypto';
import type { PodFault } from './scenario.ts';

export interface ContainerState {
  running?: { startedAt: string };
  waiting?: { reason: string; message?: string };
  terminated?: { exitCode: number; reason: string; startedAt?: string; finishedAt?: string };
}

export interface Pod {
  name: string;
  uid: string;
  workload: Workload;
  node: string;
  podIP: string;
  hostIP: string;
  templateHash: string;
  templateGeneration: number;
  image: string;
  createdAt: number;
  scheduledAt: number;
  /** Time the pod's containers were last started (running state), if ever. */
  startedAt?: number;
  phase: 'Pending' | 'Running';
  ready: boolean;
  readySince?: number;
  started: boolean;
  restartCount: number;
  state: ContainerState;
  lastState: ContainerState;
  fault?: PodFault;
  /** Bumped whenever the pod's lifecycle is restarted, so earlier scheduled steps become no-ops. */
  epoch: number;
  deleted: boolean;
  resourceVersion: number;
}

export interface Rollout {
  fault?: PodFault;
  stuckAfter: number;
  updated: number;
  lastProgressAt: number;
  deadlineExceeded: boolean;
  complete: boolean;
}

export interface Workload {
  kind: 'DaemonSet' | 'Deployment';
  cluster: Cluster;
  namespace: string;
  name: string;
  uid: string;
  labels: Record<string, string>;
  container: string;
  image: string;
  generation: number;
  observedGeneration: number;
  /** Deployments: the revision annotation; DaemonSets: the template generation. */
  revision: number;
  templateHash: string;
  createdAt: number;
  podStartupMs: number;
  pods: Pod[];
  /** DaemonSets: the nodes it runs on. Deployments: spec.replicas. */
  nodes: string[];
  replicas: number;
  progressDeadlineMs: number;
  nextRollout?: { fault: PodFault; stuckAfter: number };
  rollout?: Rollout;
  /** Time of the last change of the Available/Progressing conditions (Deployments). */
  conditionsChangedAt: number;
  resourceVersion: number;
}

export interface Cluster {
  name: string;
  tokens: Set<string>;
  nodes: string[];
  workloads: Workload[];
  resourceVersion: number;
}

/** A deterministic UID (a GUID) from a text. */
export function uid(seed: string): string {
  const h = createHash('sha1').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

// The alphabet Kubernetes uses for generated name suffixes (no vowels, no look-alikes).
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

export function suffix(seed: string, length: number): string {
  const bytes = createHash('sha1').update(seed).digest();
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHANUMS[bytes[i]! % ALPHANUMS.length];
  return out;
}

/** The image with its tag replaced: `repo/name:old` + `new` -> `repo/name:new`. */
export function withTag(image: string, tag: string): string {
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  const at = image.indexOf('@');
  const repo = at >= 0 ? image.slice(0, at) : colon > slash ? image.slice(0, colon) : image;
  return `${repo}:${tag}`;
}

export function touch(cluster: Cluster, object: { resourceVersion: number }): void {
  cluster.resourceVersion++;
  object.resourceVersion = cluster.resourceVersion;
}
