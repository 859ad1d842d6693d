import { changeFeedName, changeFeedStepId, deployStepId } from '../../checklist/step-ids.ts';
import { parseDuration } from '../../config/duration.ts';
import type { Estate } from '../../config/schema.ts';
import type { Clock } from '../../core/clock.ts';
import { PndError } from '../../core/errors.ts';
import { createCheckRunner } from '../../providers/registry.ts';
import type { Journal } from '../../journal/index.ts';
import { GitHubIssueTracker } from '../../providers/github/issue-tracker.ts';
import { createChangeFeed, createDeployer, type ProviderContext } from '../../providers/registry.ts';
import { isoWeekOf } from '../../template/index.ts';
import type { DeployDayRequest, DeployTarget, FeedTarget, Until } from './model.ts';
import { closestMatch } from '../../config/suggest.ts';
import { bindingsOf, vendorEnvironmentOf } from '../../config/vendor-bindings.ts';

export interface DeployJobOptions {
  env: string;
  components?: string[];
  dryRun: boolean;
  override?: string;
  clock: Clock;
  journal: Journal;
  providers: ProviderContext;
  /** Tick and comment the weekly issue (default true). */
  issue?: boolean;
  until?: Until;
  rejectOnFail?: boolean;
  postDeployOnly?: boolean;
}

/** Turns the estate and the command's options into the engine's request: which targets, which feeds. */
export function deployDayRequest(estate: Estate, options: DeployJobOptions): DeployDayRequest {
  const env = estate.environments.find((e) => e.id === options.env);
  if (!env) {
    const ids = estate.environments.map((e) => e.id);
    throw new PndError('input-invalid', 'There is no such environment in the config.', {
      details: { where: `environment "${options.env}"`, allowed: ids, hint: hintFor(options.env, ids) },
    });
  }
  const componentIds = estate.components.map((c) => c.id);
  for (const id of options.components ?? []) {
    if (!componentIds.includes(id))
      throw new PndError('input-invalid', 'There is no such component in the config.', {
        details: { where: `--component ${id}`, allowed: componentIds, hint: hintFor(id, componentIds) },
      });
  }
  const upstreamEnv = env.soak ? estate.environments.find((e) => e.id === env.soak?.after) : undefined;
  const targets: DeployTarget[] = [];
  // Once per request: every component's gate is checked against all bindings (per component, the
  // bindings of the whole estate made the gather quadratic — ~50 ms at 200 components).
  const bindings = bindingsOf(estate.components);
  for (const component of estate.components) {
    if (options.components?.length && !options.components.includes(component.id)) continue;
    const here = component.environments[env.id];
    if (!here) continue;
    const upstream = env.soak && upstreamEnv ? component.environments[upstreamEnv.id] : undefined;
    const gate = exclusiveGate(bindings, env.id, component.id, here.deployer);
    targets.push({
      component: { id: component.id, name: component.name },
      env: { id: env.id, name: env.name },
      step: deployStepId(component.id, env.id),
      ...(gate ? { gate } : {}),
      deployer: createDeployer(here.deployer, options.providers),
      checks: () =>
        here.checks.map((check) => ({
          check,
          runner: createCheckRunner(check, options.providers.settings.checks, options.clock),
        })),
      dwellMs: parseDuration(env.dwell),
      ...(env.soak && upstream && upstreamEnv
        ? {
            upstream: {
              rule: {
                upstream: upstreamEnv.id,
                upstreamName: upstreamEnv.name,
                minimumMs: parseDuration(env.soak.minimum),
                requireVerified: env.soak.requireVerified,
              },
              deployer: createDeployer(upstream.deployer, options.providers),
            },
          }
        : {}),
    });
  }
  const feeds: FeedTarget[] = estate.changeFeeds
    .filter((feed) => feed.forEnvironment === env.id)
    .map((feed) => ({
      id: feed.id,
      name: changeFeedName(feed),
      step: changeFeedStepId(feed),
      reader: createChangeFeed(feed, options.providers),
      lookbackMs: parseDuration(feed.lookback),
    }));
  const [owner, repo] = estate.team.issueRepository.split('/') as [string, string];
  return {
    env: { id: env.id, name: env.name },
    week: isoWeekOf(options.clock.now(), estate.calendar.timeZone).label,
    timeZone: estate.calendar.timeZone,
    targets,
    feeds,
    dryRun: options.dryRun,
    ...(options.override ? { override: options.override } : {}),
    ...(options.until ? { until: options.until } : {}),
    ...(options.rejectOnFail ? { rejectOnFail: true } : {}),
    ...(options.postDeployOnly ? { postDeployOnly: true } : {}),
    clock: options.clock,
    journal: options.journal,
    ...(options.issue === false
      ? {}
      : {
          issue: {
            tracker: new GitHubIssueTracker(options.providers.github),
            repo: { owner, repo },
            team: estate.team.name,
          },
        }),
  };
}

/**
 * The vendor environment whose gate this deploy opens, refused when any deployer binds it to
 * another pnd environment: approving it would skip that environment's soak policy and confirmation.
 * Loading the config refuses this already; an estate built another way meets the same rule here.
 */
function exclusiveGate(
  bindings: ReturnType<typeof bindingsOf>,
  envId: string,
  componentId: string,
  deployer: unknown,
): string | undefined {
  const vendor = vendorEnvironmentOf(deployer);
  if (!vendor) return undefined;
  const other = bindings.find((b) => b.vendor.key === vendor.key && b.env !== envId);
  if (other)
    throw new PndError('config-invalid', 'A vendor environment is bound to two pnd environments.', {
      details: {
        where: `components.${componentId}.environments.${envId}.deployer`,
        gate: vendor.label,
        boundTo: [envId, other.env],
        hint: `Bind ${vendor.label} to one environment only; component "${other.component}" uses it for ${other.env}. Run pnd config check.`,
      },
    });
  return vendor.label;
}

function hintFor(value: string, allowed: string[]): string {
  const close = closestMatch(value, allowed);
  return close ? `Did you mean "${close}"?` : `Use one of: ${allowed.join(', ')}.`;
}
