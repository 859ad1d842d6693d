import { describe, expect, it } from 'vitest';
import { containerAppVerdict, type AppState, type RevisionState } from './container-app-check.ts';
import { functionAppVerdict, type DeploymentState } from './function-app-check.ts';

const SHA = '5d0c8a41f2b7e9c3d6a1f0e4b8c2d7a9e3f1b5c6';
const image = (tag: string) => `acr.io/audit-log:${tag}`;
const app = (over: Partial<AppState> = {}): AppState => ({
  provisioningState: 'Succeeded',
  runningStatus: 'Running',
  latestRevisionName: 'ca--new',
  latestReadyRevisionName: 'ca--new',
  ...over,
});
const rev = (over: Partial<RevisionState> = {}): RevisionState => ({
  name: 'ca--new',
  provisioningState: 'Provisioned',
  runningState: 'Running',
  healthState: 'Healthy',
  ...over,
});

describe('containerAppVerdict', () => {
  const rows: [string, AppState, RevisionState, string, string | undefined, string, string][] = [
    [
      'healthy',
      app(),
      rev(),
      image(SHA),
      SHA,
      'pass',
      'Revision ca--new is the latest ready revision, runs ' +
        SHA +
        ', and is Provisioned, Running and Healthy.',
    ],
    [
      'healthy, short SHA tag',
      app(),
      rev(),
      image(SHA.slice(0, 7)),
      SHA,
      'pass',
      'Revision ca--new is the latest ready revision, runs ' +
        SHA +
        ', and is Provisioned, Running and Healthy.',
    ],
    [
      'no version to compare',
      app(),
      rev(),
      image('old'),
      undefined,
      'pass',
      'Revision ca--new is the latest ready revision, and is Provisioned, Running and Healthy.',
    ],
    [
      'provisioning failed',
      app({ provisioningState: 'Failed', latestReadyRevisionName: 'ca--old' }),
      rev({ provisioningState: 'Failed', runningState: 'Failed', provisioningError: 'Container exited' }),
      image(SHA),
      SHA,
      'fail',
      'Revision ca--new failed to provision: Container exited.',
    ],
    [
      'app provisioning canceled',
      app({ provisioningState: 'Canceled' }),
      rev(),
      image(SHA),
      SHA,
      'fail',
      'Container App ca is Canceled (provisioningState); its latest revision ca--new is Provisioned.',
    ],
    [
      'old image',
      app(),
      rev(),
      image('9b1e6f3'),
      SHA,
      'fail',
      `Latest revision ca--new runs ${image('9b1e6f3')}, not the expected tag ${SHA}.`,
    ],
    [
      'degraded',
      app(),
      rev({ runningState: 'Degraded', healthState: 'Unhealthy' }),
      image(SHA),
      SHA,
      'fail',
      'Revision ca--new is Degraded (runningState), not Running.',
    ],
    [
      'unhealthy but running',
      app(),
      rev({ healthState: 'Unhealthy' }),
      image(SHA),
      SHA,
      'fail',
      'Revision ca--new is Unhealthy (healthState Unhealthy, runningState Running).',
    ],
    [
      'app stopped',
      app({ runningStatus: 'Stopped' }),
      rev(),
      image(SHA),
      SHA,
      'fail',
      'Container App ca is Stopped (runningStatus).',
    ],
    [
      'still provisioning',
      app({
        provisioningState: 'InProgress',
        runningStatus: 'Progressing',
        latestReadyRevisionName: 'ca--old',
      }),
      rev({ provisioningState: 'Provisioning', runningState: 'Processing', healthState: 'None' }),
      image(SHA),
      SHA,
      'pending',
      'Revision ca--new is still Provisioning (provisioningState), not yet Provisioned.',
    ],
    [
      'not yet the latest ready revision',
      app({ latestReadyRevisionName: 'ca--old' }),
      rev(),
      image(SHA),
      SHA,
      'pending',
      'Revision ca--new is not ready yet: the latest ready revision is ca--old.',
    ],
    [
      'activating',
      app(),
      rev({ runningState: 'Processing' }),
      image(SHA),
      SHA,
      'pending',
      'Revision ca--new is Processing (runningState), not yet Running.',
    ],
    [
      'no health yet',
      app(),
      rev({ healthState: 'None' }),
      image(SHA),
      SHA,
      'pending',
      'Revision ca--new reports no health yet (healthState None).',
    ],
    [
      'app still updating',
      app({ provisioningState: 'InProgress' }),
      rev(),
      image(SHA),
      SHA,
      'pending',
      'Container App ca is InProgress (provisioningState), not yet Succeeded.',
    ],
  ];
  it.each(rows)('%s', (_name, a, r, img, version, status, reason) => {
    expect(containerAppVerdict('ca', a, r, [img], version)).toEqual({ status, reason });
  });
});

const DEPLOY = Date.parse('2026-11-25T10:00:00Z');
const d = (name: string, status: number, start: string, active = false, message = ''): DeploymentState => ({
  name: `func/${name}`,
  status,
  startTime: new Date(start),
  active,
  message,
});
const before = d('before', 4, '2026-11-18T12:55:00Z', true);

describe('functionAppVerdict', () => {
  const rows: [string, DeploymentState[], number | undefined, string, string][] = [
    [
      'succeeded and active',
      [{ ...before, active: false }, d('new', 4, '2026-11-25T10:01:00Z', true)],
      DEPLOY,
      'pass',
      'Deployment new (started 2026-11-25T10:01:00.000Z) ended Success (4) and is the active deployment.',
    ],
    [
      'complete (5) counts',
      [d('new', 5, '2026-11-25T10:01:00Z', true)],
      DEPLOY,
      'pass',
      'Deployment new (started 2026-11-25T10:01:00.000Z) ended Complete (5) and is the active deployment.',
    ],
    [
      'failed, with its message',
      [before, d('new', 3, '2026-11-25T10:01:00Z', false, 'Failed to sync triggers')],
      DEPLOY,
      'fail',
      'Deployment new (started 2026-11-25T10:01:00.000Z) Failed: Failed to sync triggers.',
    ],
    [
      'pending',
      [before, d('new', 0, '2026-11-25T10:01:00Z')],
      DEPLOY,
      'pending',
      'Deployment new (started 2026-11-25T10:01:00.000Z) is Pending (0).',
    ],
    [
      'building',
      [before, d('new', 1, '2026-11-25T10:01:00Z')],
      DEPLOY,
      'pending',
      'Deployment new (started 2026-11-25T10:01:00.000Z) is Building (1).',
    ],
    [
      'deploying',
      [before, d('new', 2, '2026-11-25T10:01:00Z')],
      DEPLOY,
      'pending',
      'Deployment new (started 2026-11-25T10:01:00.000Z) is Deploying (2).',
    ],
    [
      'nothing since the deploy began',
      [before],
      DEPLOY,
      'fail',
      'Function App func has no deployment since the deploy began at 2026-11-25T10:00:00.000Z; the active deployment before started at 2026-11-18T12:55:00.000Z.',
    ],
    ['no deployments at all', [], undefined, 'fail', 'Function App func has no deployment.'],
    [
      'without a deploy time the newest decides',
      [before],
      undefined,
      'pass',
      'Deployment before (started 2026-11-18T12:55:00.000Z) ended Success (4) and is the active deployment.',
    ],
    [
      'succeeded but another is active',
      [before, d('new', 4, '2026-11-25T10:01:00Z')],
      DEPLOY,
      'fail',
      'Deployment new ended Success (4) but is not the active deployment (active: before, started 2026-11-18T12:55:00.000Z).',
    ],
    [
      'a later failure after a success decides',
      [
        d('ok', 4, '2026-11-25T10:01:00Z', true),
        d('bad', 3, '2026-11-25T10:05:00Z', false, 'Zip deploy failed.'),
      ],
      DEPLOY,
      'fail',
      'Deployment bad (started 2026-11-25T10:05:00.000Z) Failed: Zip deploy failed.',
    ],
  ];
  it.each(rows)('%s', (_name, deployments, since, status, reason) => {
    expect(functionAppVerdict('func', deployments, since)).toMatchObject({ status, reason });
  });
});
