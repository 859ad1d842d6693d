import { describe, expect, it } from 'vitest';
import {
  describeProblems,
  imageMismatches,
  podProblems,
  restartCounts,
  type ContainerStatusLike,
  type PodLike,
  type PodSignalOptions,
} from './pod-signals.ts';
import { imageTag, tagMatches } from '../../checks/image-tag.ts';

const DEPLOY = Date.parse('2026-11-25T10:00:00Z');
const before = '2026-11-20T10:00:00Z';
const after = '2026-11-25T10:03:00Z';

function pod(
  name: string,
  status: ContainerStatusLike,
  created = after,
  init?: ContainerStatusLike,
): PodLike {
  return {
    metadata: { name, uid: `uid-${name}`, creationTimestamp: new Date(created) },
    spec: { containers: [{ name: 'app', image: 'acr.io/app:1.2.3' }] },
    status: {
      phase: 'Running',
      containerStatuses: [{ name: 'app', ...status }],
      ...(init ? { initContainerStatuses: [init] } : {}),
    },
  };
}

const running = { state: { running: {} }, ready: true, restartCount: 0 };
const exited = (reason: string, exitCode: number, finishedAt: string) => ({
  terminated: { reason, exitCode, finishedAt: new Date(finishedAt) },
});

describe('podProblems', () => {
  const since: PodSignalOptions = { since: DEPLOY };
  const rows: [string, PodLike[], PodSignalOptions, { pod: string; reason: string; detail: string }[]][] = [
    ['healthy pods', [pod('a', running), pod('b', running, before)], since, []],
    [
      'CrashLoopBackOff with restarts and the last exit',
      [
        pod('a', {
          state: {
            waiting: { reason: 'CrashLoopBackOff', message: 'back-off 20s restarting failed container=app' },
          },
          restartCount: 2,
          lastState: exited('Error', 1, '2026-11-25T10:04:00Z'),
        }),
      ],
      since,
      [
        {
          pod: 'a',
          reason: 'CrashLoopBackOff',
          detail:
            'CrashLoopBackOff (back-off 20s restarting failed container=app); restarted 2 times since the deploy began, last exit Error (exit code 1)',
        },
      ],
    ],
    [
      'ImagePullBackOff',
      [
        pod('a', {
          state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "x:y"' } },
        }),
      ],
      since,
      [{ pod: 'a', reason: 'ImagePullBackOff', detail: 'ImagePullBackOff (Back-off pulling image "x:y")' }],
    ],
    [
      'ErrImagePull',
      [pod('a', { state: { waiting: { reason: 'ErrImagePull' } } })],
      since,
      [{ pod: 'a', reason: 'ErrImagePull', detail: 'ErrImagePull' }],
    ],
    [
      'CreateContainerConfigError',
      [
        pod('a', {
          state: { waiting: { reason: 'CreateContainerConfigError', message: 'secret "db" not found' } },
        }),
      ],
      since,
      [
        {
          pod: 'a',
          reason: 'CreateContainerConfigError',
          detail: 'CreateContainerConfigError (secret "db" not found)',
        },
      ],
    ],
    [
      'ContainerCreating is no problem',
      [pod('a', { state: { waiting: { reason: 'ContainerCreating' } }, ready: false })],
      since,
      [],
    ],
    [
      'OOMKilled, running again',
      [
        pod('a', {
          ...running,
          restartCount: 1,
          lastState: exited('OOMKilled', 137, '2026-11-25T10:05:00Z'),
        }),
      ],
      since,
      [
        {
          pod: 'a',
          reason: 'OOMKilled',
          detail:
            'OOMKilled (exit code 137) at 2026-11-25T10:05:00.000Z; restarted 1 time since the deploy began',
        },
      ],
    ],
    [
      'an OOMKill before the deploy is history',
      [
        pod(
          'a',
          { ...running, restartCount: 3, lastState: exited('OOMKilled', 137, '2026-11-21T10:05:00Z') },
          before,
        ),
      ],
      since,
      [],
    ],
    [
      'restarts of an old pod since the deploy',
      [
        pod(
          'a',
          { ...running, restartCount: 5, lastState: exited('Error', 2, '2026-11-25T10:06:00Z') },
          before,
        ),
      ],
      since,
      [
        {
          pod: 'a',
          reason: 'Restarted',
          detail: 'restarted 1 time since the deploy began; last exit Error (exit code 2)',
        },
      ],
    ],
    [
      'restarts of a new pod all count',
      [pod('a', { ...running, restartCount: 2, lastState: exited('Completed', 0, '2026-11-25T10:06:00Z') })],
      since,
      [
        {
          pod: 'a',
          reason: 'Restarted',
          detail: 'restarted 2 times since the deploy began; last exit Completed (exit code 0)',
        },
      ],
    ],
    [
      'without a deploy time, restarts count only when they rise over the baseline',
      [pod('a', { ...running, restartCount: 4 }), pod('b', { ...running, restartCount: 7 })],
      {
        baseline: new Map([
          ['uid-a/app', 4],
          ['uid-b/app', 6],
        ]),
      },
      [{ pod: 'b', reason: 'Restarted', detail: 'restarted 1 time while pnd watched' }],
    ],
    [
      'init containers are read too',
      [pod('a', running, after, { name: 'migrate', state: { waiting: { reason: 'CrashLoopBackOff' } } })],
      since,
      [{ pod: 'a', reason: 'CrashLoopBackOff', detail: 'CrashLoopBackOff' }],
    ],
  ];
  it.each(rows)('%s', (_name, pods, options, expected) => {
    expect(podProblems(pods, options).map(({ pod, reason, detail }) => ({ pod, reason, detail }))).toEqual(
      expected,
    );
  });

  it('names the first failing pod and counts the others', () => {
    const crash = { state: { waiting: { reason: 'CrashLoopBackOff' } } };
    const pull = { state: { waiting: { reason: 'ImagePullBackOff' } } };
    const problems = podProblems([pod('a', crash), pod('b', pull), pod('c', crash)]);
    expect(describeProblems(problems)).toBe(
      'Pod a (container app): CrashLoopBackOff. 2 more pods failing: b (ImagePullBackOff), c (CrashLoopBackOff).',
    );
    expect(describeProblems([])).toBe('No pod shows a crash, pull or restart signal.');
  });

  it('collects restart counts for the next read', () => {
    expect(restartCounts([pod('a', { ...running, restartCount: 3 })])).toEqual(new Map([['uid-a/app', 3]]));
  });
});

describe('image tags', () => {
  it.each([
    ['acr.io/team/app:1.2.3', '1.2.3'],
    ['acr.io:5000/app:2026.11.25', '2026.11.25'],
    ['acr.io:5000/app', undefined],
    ['app@sha256:abc', undefined],
    ['app:v1@sha256:abc', 'v1'],
    [undefined, undefined],
  ])('imageTag(%s) = %s', (image, tag) => {
    expect(imageTag(image)).toBe(tag);
  });

  it.each([
    ['1.2.3', '1.2.3', true],
    ['1.2.3', '1.2.4', false],
    ['5d0c8a4', '5d0c8a41f2b7e9c3d6a1f0e4b8c2d7a9e3f1b5c6', true],
    ['5d0c8a41f2b7e9c3d6a1f0e4b8c2d7a9e3f1b5c6', '5d0c8a4', true],
    ['5d0c8a5', '5d0c8a41f2b7e9c3d6a1f0e4b8c2d7a9e3f1b5c6', false],
    ['2026111', '20261117.2', false],
    [undefined, '1.2.3', false],
  ] as const)('tagMatches(%s, %s) = %s', (tag, version, expected) => {
    expect(tagMatches(tag, version)).toBe(expected);
  });

  it('lists the pods whose main container runs another tag, ignoring sidecars', () => {
    const p = (name: string, image: string): PodLike => ({
      metadata: { name },
      spec: {
        containers: [
          { name: 'app', image },
          { name: 'istio-proxy', image: 'istio/proxyv2:1.22' },
        ],
      },
    });
    expect(imageMismatches([p('a', 'acr.io/app:2.0'), p('b', 'acr.io/app:1.9')], ['app'], '2.0')).toEqual([
      { pod: 'b', container: 'app', image: 'acr.io/app:1.9' },
    ]);
  });
});
