import type { Deployment, WebSiteManagementClient } from '@azure/arm-appservice';
import type { FunctionAppCheck } from '../../config/schema.ts';
import type { Clock } from '../../core/clock.ts';
import { armReadFailure, portalLink } from './errors.ts';
import type {
  CheckResult,
  CheckRunner,
  CheckStatus,
  Evidence,
  Expectation,
} from '../../capabilities/check.ts';

/** Kudu's DeployStatus (Kudu.Contracts/Deployment/DeployStatus.cs). */
const STATUS = ['Pending', 'Building', 'Deploying', 'Failed', 'Success', 'Complete'] as const;
const statusName = (status: number | undefined) =>
  status === undefined ? 'unknown' : `${STATUS[status] ?? 'unknown'} (${status})`;

/**
 * `function-app`: the site's deployments (ARM's view of Kudu's log). The newest deployment since
 * the deploy began decides: Failed (3) fails with its message, 0–2 are still running, Success (4)
 * or Complete (5) passes when it is the active one. One read per run (more only if ARM pages).
 */
export function functionAppRunner(
  check: FunctionAppCheck,
  /** Built on first use: the SDK is loaded only when a check of this kind runs. */
  client: () => Promise<WebSiteManagementClient>,
  clock: Clock,
): CheckRunner {
  const label = `Function App ${check.resourceGroup}/${check.name}`;
  const siteId = `/subscriptions/${check.subscriptionId}/resourceGroups/${check.resourceGroup}/providers/Microsoft.Web/sites/${check.name}`;
  const read = `GET ${siteId}/deployments?api-version=2025-05-01`;
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
    requestsPerRun: 1,
    async run(expected: Expectation): Promise<CheckResult> {
      const deployments: Deployment[] = [];
      try {
        const web = await client();
        for await (const d of web.webApps.listDeployments(check.resourceGroup, check.name))
          deployments.push(d);
      } catch (error) {
        const failure = armReadFailure(error, {
          where: `Azure Resource Manager ${read}`,
          permission: `Microsoft.Web/sites/deployments/read on ${siteId} (e.g. the Reader role)`,
          resource: `Function App ${check.name} in resource group ${check.resourceGroup}`,
        });
        if ('error' in failure) throw failure.error;
        return result('fail', failure.notFound, []);
      }
      const since = expected.deployStartedAt;
      const verdict = functionAppVerdict(check.name, deployments, since);
      const evidence: Evidence[] = [
        {
          read,
          values: {
            deployments: deployments.length,
            newestSinceDeploy: describe(verdict.newest) ?? null,
            active: describe(verdict.active) ?? null,
            ...(since !== undefined ? { deployStartedAt: new Date(since).toISOString() } : {}),
          },
          at: new Date(clock.now()).toISOString(),
          link: portalLink(siteId),
        },
      ];
      return result(verdict.status, verdict.reason, evidence);
    },
  };
}

export type DeploymentState = Pick<
  Deployment,
  'id' | 'name' | 'status' | 'message' | 'startTime' | 'endTime' | 'active' | 'author'
>;

const started = (d: DeploymentState) => d.startTime?.getTime() ?? 0;
const id = (d: DeploymentState) => d.name?.split('/').pop() ?? d.id ?? '?';
const when = (d: DeploymentState) => d.startTime?.toISOString() ?? 'an unknown time';
const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);

function describe(d: DeploymentState | undefined) {
  return (
    d && {
      id: id(d),
      status: statusName(d.status),
      active: d.active ?? false,
      startTime: d.startTime?.toISOString(),
      endTime: d.endTime?.toISOString(),
      author: d.author,
      message: d.message,
    }
  );
}

/**
 * The rules, pure so that they are table-tested: the newest deployment that started at or after
 * `since` (without it: the newest) decides.
 */
export function functionAppVerdict(
  appName: string,
  deployments: readonly DeploymentState[],
  since: number | undefined,
): { status: CheckStatus; reason: string; newest?: DeploymentState; active?: DeploymentState } {
  const newestFirst = [...deployments].sort((a, b) => started(b) - started(a));
  const newest = (since === undefined ? newestFirst : newestFirst.filter((d) => started(d) >= since))[0];
  const active = newestFirst.find((d) => d.active);
  const out = (status: CheckStatus, reason: string) => ({ status, reason, newest, active });
  if (!newest) {
    const sinceText =
      since === undefined ? '' : ` since the deploy began at ${new Date(since).toISOString()}`;
    return out(
      'fail',
      `Function App ${appName} has no deployment${sinceText}${
        active ? `; the active deployment ${id(active)} started at ${when(active)}` : ''
      }.`,
    );
  }
  if (newest.status === 3) {
    return out(
      'fail',
      `Deployment ${id(newest)} (started ${when(newest)}) Failed: ${sentence(newest.message || 'no message')}`,
    );
  }
  if (newest.status === undefined || newest.status < 3) {
    return out(
      'pending',
      `Deployment ${id(newest)} (started ${when(newest)}) is ${statusName(newest.status)}.`,
    );
  }
  if (!newest.active) {
    return out(
      'fail',
      `Deployment ${id(newest)} ended ${statusName(newest.status)} but is not the active deployment${
        active ? ` (active: ${id(active)}, started ${when(active)})` : ''
      }.`,
    );
  }
  return out(
    'pass',
    `Deployment ${id(newest)} (started ${when(newest)}) ended ${statusName(newest.status)} and is the active deployment.`,
  );
}
