import type { Deployment, WebSiteManagementClient } from '@azure/arm-appservice';
import type { FunctionAppCheck } from '../config/schema.ts';
import type { Clock } from '../core/clock.ts';
import { armReadFailure, portalLink } from './arm-errors.ts';
import type { CheckResult, CheckRunner, Evidence, Expectation } from './types.ts';

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
  client: WebSiteManagementClient,
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
        for await (const d of client.webApps.listDeployments(check.resourceGroup, check.name))
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
      const started = (d: Deployment) => d.startTime?.getTime() ?? 0;
      const newestFirst = [...deployments].sort((a, b) => started(b) - started(a));
      const since = expected.deployStartedAt;
      const candidates = since === undefined ? newestFirst : newestFirst.filter((d) => started(d) >= since);
      const newest = candidates[0];
      const active = newestFirst.find((d) => d.active);
      const describe = (d: Deployment | undefined) =>
        d && {
          id: d.name?.split('/').pop() ?? d.id,
          status: statusName(d.status),
          active: d.active ?? false,
          startTime: d.startTime?.toISOString(),
          endTime: d.endTime?.toISOString(),
          author: d.author,
          message: d.message,
        };
      const evidence: Evidence[] = [
        {
          read,
          values: {
            deployments: deployments.length,
            newestSinceDeploy: describe(newest) ?? null,
            active: describe(active) ?? null,
            ...(since !== undefined ? { deployStartedAt: new Date(since).toISOString() } : {}),
          },
          at: new Date(clock.now()).toISOString(),
          link: portalLink(siteId),
        },
      ];
      const id = (d: Deployment) => d.name?.split('/').pop() ?? d.id ?? '?';
      const when = (d: Deployment) => d.startTime?.toISOString() ?? 'an unknown time';

      if (!newest) {
        const sinceText =
          since === undefined ? '' : ` since the deploy began at ${new Date(since).toISOString()}`;
        return result(
          'fail',
          `Function App ${check.name} has no deployment${sinceText}${
            active ? `; the active deployment ${id(active)} started at ${when(active)}` : ''
          }.`,
          evidence,
        );
      }
      if (newest.status === 3) {
        return result(
          'fail',
          `Deployment ${id(newest)} (started ${when(newest)}) Failed: ${newest.message || 'no message'}.`,
          evidence,
        );
      }
      if (newest.status === undefined || newest.status < 3) {
        return result(
          'pending',
          `Deployment ${id(newest)} (started ${when(newest)}) is ${statusName(newest.status)}.`,
          evidence,
        );
      }
      if (!newest.active) {
        return result(
          'fail',
          `Deployment ${id(newest)} ended ${statusName(newest.status)} but is not the active deployment${
            active ? ` (active: ${id(active)}, started ${when(active)})` : ''
          }.`,
          evidence,
        );
      }
      return result(
        'pass',
        `Deployment ${id(newest)} (started ${when(newest)}) ended ${statusName(newest.status)} and is the active deployment.`,
        evidence,
      );
    },
  };
}
