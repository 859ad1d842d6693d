import type { ContainerApp, ContainerAppsAPIClient, Revision } from '@azure/arm-appcontainers';
import type { ContainerAppCheck } from '../../config/schema.ts';
import type { Clock } from '../../core/clock.ts';
import { armReadFailure, portalLink } from './errors.ts';
import { imageTag, tagMatches } from '../../checks/image-tag.ts';
import type {
  CheckResult,
  CheckRunner,
  CheckStatus,
  Evidence,
  Expectation,
} from '../../capabilities/check.ts';

/**
 * `container-app`: the app's latest revision must be its latest ready revision, run the expected
 * image tag, be Provisioned, Running and Healthy, and the app itself Succeeded and Running. Two
 * reads per run: the app (for the latest revision's name) and that revision.
 */
export function containerAppRunner(
  check: ContainerAppCheck,
  /** Built on first use: the SDK is loaded only when a check of this kind runs. */
  client: () => Promise<ContainerAppsAPIClient>,
  clock: Clock,
): CheckRunner {
  const label = `Container App ${check.resourceGroup}/${check.name}`;
  const appId = `/subscriptions/${check.subscriptionId}/resourceGroups/${check.resourceGroup}/providers/Microsoft.App/containerApps/${check.name}`;
  const api = 'api-version=2025-07-01';
  const result = (status: CheckResult['status'], reason: string, evidence: Evidence[]): CheckResult => ({
    check: label,
    kind: check.kind,
    status,
    reason,
    evidence,
  });
  const failed = (
    error: unknown,
    where: string,
    permission: string,
    resource: string,
    evidence: Evidence[],
  ) => {
    const failure = armReadFailure(error, {
      where: `Azure Resource Manager GET ${where}`,
      permission,
      resource,
    });
    if ('error' in failure) throw failure.error;
    return result('fail', failure.notFound, evidence);
  };

  return {
    label,
    kind: check.kind,
    requestsPerRun: 2,
    async run(expected: Expectation): Promise<CheckResult> {
      const evidence: Evidence[] = [];
      let app: ContainerApp;
      try {
        app = await (await client()).containerApps.get(check.resourceGroup, check.name);
      } catch (error) {
        return failed(
          error,
          `${appId}?${api}`,
          `Microsoft.App/containerApps/read on ${appId} (e.g. the Reader role)`,
          `Container App ${check.name} in resource group ${check.resourceGroup}`,
          evidence,
        );
      }
      const link = portalLink(app.id ?? appId);
      evidence.push({
        read: `GET ${appId}?${api}`,
        values: {
          provisioningState: app.provisioningState,
          runningStatus: app.runningStatus,
          latestRevisionName: app.latestRevisionName,
          latestReadyRevisionName: app.latestReadyRevisionName,
          images: (app.template?.containers ?? []).map((c) => c.image),
        },
        at: iso(clock),
        link,
      });
      const name = app.latestRevisionName;
      if (!name) return result('pending', `Container App ${check.name} has no revision yet.`, evidence);

      let revision: Revision;
      const revisionPath = `${appId}/revisions/${name}?${api}`;
      try {
        revision = await (
          await client()
        ).containerAppsRevisions.getRevision(check.resourceGroup, check.name, name);
      } catch (error) {
        return failed(
          error,
          revisionPath,
          `Microsoft.App/containerApps/revisions/read on ${appId} (e.g. the Reader role)`,
          `Revision ${name} of Container App ${check.name}`,
          evidence,
        );
      }
      const images = (revision.template?.containers ?? []).map((c) => c.image ?? '');
      evidence.push({
        read: `GET ${revisionPath}`,
        values: {
          provisioningState: revision.provisioningState,
          runningState: revision.runningState,
          healthState: revision.healthState,
          active: revision.active,
          replicas: revision.replicas,
          trafficWeight: revision.trafficWeight,
          createdTime: revision.createdTime?.toISOString(),
          images,
          ...(revision.provisioningError ? { provisioningError: revision.provisioningError } : {}),
          ...(expected.version
            ? { expectedVersion: expected.version }
            : { version: 'not compared: no expected version given' }),
        },
        at: iso(clock),
        link,
      });
      const verdict = containerAppVerdict(check.name, app, revision, images, expected.version);
      return result(verdict.status, verdict.reason, evidence);
    },
  };
}

export type AppState = Pick<
  ContainerApp,
  'provisioningState' | 'runningStatus' | 'latestRevisionName' | 'latestReadyRevisionName'
>;
export type RevisionState = Pick<
  Revision,
  'name' | 'provisioningState' | 'runningState' | 'healthState' | 'provisioningError'
>;

/**
 * The rules, in order: a definite failure first, then anything still moving, then pass. Pure, so
 * that they are table-tested; `images` are the latest revision's container images.
 */
export function containerAppVerdict(
  appName: string,
  app: AppState,
  revision: RevisionState,
  images: readonly string[],
  version: string | undefined,
): { status: CheckStatus; reason: string } {
  const result = (status: CheckStatus, reason: string) => ({ status, reason });
  const name = revision.name ?? app.latestRevisionName ?? '';
  if (revision.provisioningState === 'Failed') {
    return result(
      'fail',
      `Revision ${name} failed to provision: ${sentence(revision.provisioningError ?? 'no provisioning error given')}`,
    );
  }
  if (app.provisioningState === 'Failed' || app.provisioningState === 'Canceled') {
    return result(
      'fail',
      `Container App ${appName} is ${app.provisioningState} (provisioningState); its latest revision ${name} is ${revision.provisioningState ?? 'unknown'}.`,
    );
  }
  // A new image always makes a new revision at once (the update call creates it), so a latest
  // revision on another tag after the deploy means the deploy did not reach the app.
  if (version && !images.some((image) => tagMatches(imageTag(image), version))) {
    return result(
      'fail',
      `Latest revision ${name} runs ${images.join(', ') || 'no image'}, not the expected tag ${version}.`,
    );
  }
  if (
    revision.runningState === 'Failed' ||
    revision.runningState === 'Degraded' ||
    revision.runningState === 'Stopped'
  ) {
    return result('fail', `Revision ${name} is ${revision.runningState} (runningState), not Running.`);
  }
  if (revision.healthState === 'Unhealthy') {
    return result(
      'fail',
      `Revision ${name} is Unhealthy (healthState ${revision.healthState}, runningState ${revision.runningState}).`,
    );
  }
  if (app.runningStatus === 'Stopped' || app.runningStatus === 'Suspended') {
    return result('fail', `Container App ${appName} is ${app.runningStatus} (runningStatus).`);
  }
  if (revision.provisioningState !== 'Provisioned') {
    return result(
      'pending',
      `Revision ${name} is still ${revision.provisioningState ?? 'without a provisioning state'} (provisioningState), not yet Provisioned.`,
    );
  }
  if (app.latestReadyRevisionName !== name) {
    return result(
      'pending',
      `Revision ${name} is not ready yet: the latest ready revision is ${app.latestReadyRevisionName ?? 'none'}.`,
    );
  }
  if (revision.runningState !== 'Running') {
    return result(
      'pending',
      `Revision ${name} is ${revision.runningState ?? 'in an unknown state'} (runningState), not yet Running.`,
    );
  }
  if (revision.healthState !== 'Healthy') {
    return result(
      'pending',
      `Revision ${name} reports no health yet (healthState ${revision.healthState ?? 'unset'}).`,
    );
  }
  if (app.provisioningState !== 'Succeeded') {
    return result(
      'pending',
      `Container App ${appName} is ${app.provisioningState ?? 'unknown'} (provisioningState), not yet Succeeded.`,
    );
  }
  if (app.runningStatus !== 'Running' && app.runningStatus !== 'Ready') {
    return result(
      'pending',
      `Container App ${appName} is ${app.runningStatus ?? 'unknown'} (runningStatus), not yet Running.`,
    );
  }
  return result(
    'pass',
    `Revision ${name} is the latest ready revision${version ? `, runs ${version}` : ''}, and is Provisioned, Running and Healthy.`,
  );
}

const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);
const iso = (clock: Clock) => new Date(clock.now()).toISOString();
