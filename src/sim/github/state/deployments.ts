import { nodeId } from '../node-id.ts';
import type { Repo } from './repos.ts';
import type { GitHubStore } from './store.ts';
import type { User } from './users.ts';

/** `waiting` only GitHub sets: a job's deployment while the environment's protection rules hold it. */
export type DeploymentState =
  'error' | 'failure' | 'inactive' | 'in_progress' | 'queued' | 'pending' | 'success' | 'waiting';

export interface DeploymentStatus {
  id: number;
  nodeId: string;
  state: DeploymentState;
  description: string;
  environment: string;
  creator: User;
  createdAt: number;
  logUrl: string;
  environmentUrl: string;
}

export interface Deployment {
  id: number;
  nodeId: string;
  sha: string;
  ref: string;
  task: string;
  environment: string;
  description: string | null;
  creator: User;
  payload: Record<string, unknown> | string;
  transient: boolean;
  production: boolean;
  createdAt: number;
  updatedAt: number;
  statuses: DeploymentStatus[];
}

export interface NewDeployment {
  id?: number;
  sha: string;
  ref: string;
  task?: string;
  environment: string;
  description?: string | null;
  creator: User;
  payload?: Record<string, unknown> | string;
  transient?: boolean;
  production?: boolean;
  createdAt?: number;
}

export function createDeployment(store: GitHubStore, repo: Repo, input: NewDeployment): Deployment {
  const id = store.idOr('deployment', input.id, 1_800_000_001);
  const at = input.createdAt ?? store.now();
  const deployment: Deployment = {
    id,
    nodeId: nodeId('DE', `${repo.fullName}:${id}`),
    sha: input.sha,
    ref: input.ref,
    task: input.task ?? 'deploy',
    environment: input.environment,
    description: input.description ?? null,
    creator: input.creator,
    payload: input.payload ?? {},
    transient: input.transient ?? false,
    production: input.production ?? /^(prod|production)$/i.test(input.environment),
    createdAt: at,
    updatedAt: at,
    statuses: [],
  };
  repo.deployments.push(deployment);
  return deployment;
}

export function addDeploymentStatus(
  store: GitHubStore,
  repo: Repo,
  deployment: Deployment,
  input: {
    state: DeploymentState;
    description?: string;
    creator: User;
    at?: number;
    logUrl?: string;
    environmentUrl?: string;
    autoInactive?: boolean;
  },
): DeploymentStatus {
  const id = store.id('deployment-status', 3_700_000_001);
  const at = input.at ?? store.now();
  const status: DeploymentStatus = {
    id,
    nodeId: nodeId('DES', `${repo.fullName}:${id}`),
    state: input.state,
    description: input.description ?? '',
    environment: deployment.environment,
    creator: input.creator,
    createdAt: at,
    logUrl: input.logUrl ?? '',
    environmentUrl: input.environmentUrl ?? '',
  };
  deployment.statuses.push(status);
  deployment.updatedAt = at;
  // GitHub marks earlier successful deployments of the environment inactive (auto_inactive).
  if (input.state === 'success' && input.autoInactive !== false && !deployment.transient) {
    for (const other of repo.deployments) {
      if (other === deployment || other.environment !== deployment.environment) continue;
      if (latestState(other) === 'success') {
        addDeploymentStatus(store, repo, other, {
          state: 'inactive',
          creator: input.creator,
          at,
          autoInactive: false,
        });
      }
    }
  }
  return status;
}

export function latestState(deployment: Deployment): DeploymentState | undefined {
  return deployment.statuses[deployment.statuses.length - 1]?.state;
}

/** Deployments newest first, filtered as the list endpoint filters. */
export function listDeployments(
  repo: Repo,
  filter: { sha?: string; ref?: string; task?: string; environment?: string },
): Deployment[] {
  return repo.deployments
    .filter(
      (d) =>
        (filter.sha === undefined || d.sha === filter.sha) &&
        (filter.ref === undefined || d.ref === filter.ref),
    )
    .filter(
      (d) =>
        (filter.task === undefined || d.task === filter.task) &&
        (filter.environment === undefined || d.environment === filter.environment),
    )
    .sort((a, b) => b.createdAt - a.createdAt || b.id - a.id);
}
