import type { Deployment } from './deployments.ts';
import type { Issue } from './issues.ts';
import type { Release } from './releases.ts';
import type { Run, Workflow } from './actions.ts';
import type { CheckRun, CommitStatus } from './commits.ts';
import type { User } from './users.ts';

export interface Label {
  id: number;
  nodeId: string;
  name: string;
  color: string;
  description: string | null;
}

export interface Environment {
  id: number;
  nodeId: string;
  name: string;
  reviewers: User[];
  preventSelfReview: boolean;
  /** Minutes. */
  waitTimer: number;
  createdAt: number;
}

/** One repository and everything in it. Issue and pull request numbers share one sequence. */
export interface Repo {
  id: number;
  nodeId: string;
  owner: User;
  name: string;
  fullName: string;
  private: boolean;
  description: string | null;
  defaultBranch: string;
  allowMergeCommit: boolean;
  allowSquashMerge: boolean;
  allowRebaseMerge: boolean;
  createdAt: number;
  pushedAt: number;
  labels: Map<string, Label>;
  environments: Map<string, Environment>;
  workflows: Workflow[];
  issues: Map<number, Issue>;
  nextNumber: number;
  releases: Release[];
  runs: Run[];
  deployments: Deployment[];
  statuses: Map<string, CommitStatus[]>;
  checkRuns: Map<string, CheckRun[]>;
}

/** Colours GitHub picks for new labels are random; ours are derived from the name so they are stable. */
export function labelColor(name: string): string {
  let h = 0;
  for (const c of name) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return (h & 0xffffff).toString(16).padStart(6, '0');
}

export function environmentOf(repo: Repo, name: string): Environment | undefined {
  return repo.environments.get(name.toLowerCase());
}
