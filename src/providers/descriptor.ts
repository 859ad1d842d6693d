import type { ZodType } from 'zod';
import type { CheckRunner } from '../capabilities/check.ts';
import type { ChangeFeedReader } from '../capabilities/change-feed.ts';
import type { Deployer } from '../capabilities/deployer.ts';
import type { Check, ChangeFeed, Deployer as DeployerConfig } from '../config/schema.ts';
import type { Clock } from '../core/clock.ts';
import type { CheckAccess } from './check-access.ts';
import type { ProviderContext } from './registry.ts';

/** The capabilities of src/capabilities/, by name, for the descriptors and the docs. */
export type CapabilityName =
  'Deployer' | 'ChangeFeed' | 'Check' | 'IssueTracker' | 'ProjectBoard' | 'DependencyPRs';

export type DeployerFactory<Kind extends DeployerConfig['kind']> = (
  config: Extract<DeployerConfig, { kind: Kind }>,
  context: ProviderContext,
) => Deployer;

export type ChangeFeedFactory<Kind extends ChangeFeed['kind']> = (
  config: Extract<ChangeFeed, { kind: Kind }>,
  context: ProviderContext,
) => ChangeFeedReader;

/**
 * Builds a check's runner without loading the vendor's SDK: the runner loads it (dynamic
 * import) on its first run, so a command that runs no check of this kind never pays for it.
 */
export type CheckFactory<Kind extends Check['kind']> = (
  check: Extract<Check, { kind: Kind }>,
  access: CheckAccess,
  clock: Clock,
) => CheckRunner;

/** What one vendor's folder offers; src/providers/registry.ts lists one descriptor per vendor. */
export interface ProviderDescriptor {
  /** The folder name under src/providers/. */
  id: string;
  title: string;
  /** The page on its auth and permissions. */
  docs: string;
  provides: readonly CapabilityName[];
  /** Its section of pnd.yaml's `endpoints` (the zod schema the config is validated with). */
  settings: ZodType;
  /** Where its credentials come from, in the order they are tried. */
  credentials: readonly string[];
  deployers?: { [Kind in DeployerConfig['kind']]?: DeployerFactory<Kind> };
  changeFeeds?: { [Kind in ChangeFeed['kind']]?: ChangeFeedFactory<Kind> };
  checks?: { [Kind in Check['kind']]?: CheckFactory<Kind> };
  /**
   * How to probe access: one cheap authenticated read that needs no configured resource, answering
   * who pnd is there (or throwing the mapped PndError). Absent where access is only known per
   * resource (ARM and the clusters: a check's own read is the probe).
   */
  probe?: (context: ProviderContext, scope?: { organization: string; project: string }) => Promise<string>;
}

/** A value built on first use and shared afterwards (a client whose SDK is loaded lazily). */
export function once<T>(build: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => (value ??= build());
}
