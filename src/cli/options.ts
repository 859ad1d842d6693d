/**
 * The options of each command as commander hands them over: shared by the command's definition
 * (x.ts, loaded at start-up) and its work (x-run.ts, loaded when it runs), so neither imports the other.
 */
import type { Until } from '../train/deploy/model.ts';

export interface DepsOptions {
  config: string;
  repo?: string[];
  mergeSafe: boolean;
  dryRun: boolean;
  yes: boolean;
  /** With --merge-safe: how long to wait for another patch-day run (default: exit 6 at once). */
  wait?: string;
  /** How long a rate limit may be waited out (default 15m). */
  timeout?: string;
  journal?: string;
  json: boolean;
}

export interface IssueRenderOptions {
  template: string;
  date?: string;
  json: boolean;
}

export interface IssueCreateOptions {
  config: string;
  /** Read (only) for the team locks the issue lists. */
  journal?: string;
  template?: string;
  updateExisting: boolean;
  dryRun: boolean;
  yes: boolean;
  /** How long a rate limit may be waited out (default 15m). */
  timeout?: string;
  json: boolean;
}

export interface StatusOptions {
  config: string;
  journal?: string;
  env?: string;
  watch: boolean;
  interval: string;
  json: boolean;
}

export interface DeployOptions {
  config: string;
  journal?: string;
  component: string[];
  dryRun: boolean;
  yes: boolean;
  override?: string;
  json: boolean;
  timeout: string;
  /** How long to wait for another run acting on the environment (post-deploy: not offered). */
  wait?: string;
  until: Until;
  rejectOnFail: boolean;
}

export interface VerifyOptions {
  config: string;
  journal?: string;
  component: string[];
  record: boolean;
  json: boolean;
}

export interface TemplateGenerateOptions {
  config: string;
  output?: string;
  json: boolean;
}
