import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../scenario/load.ts';
import { imageTagFor } from './actions.ts';

const SHA = '5d0c8a41f2b7e9c3d6a1f0e4b8c2d7a9e3f1b5c6';
const release = { headSha: SHA, headBranch: 'v2.4.0', event: 'release' };

describe('the image tag a simulated deploy job deploys', () => {
  it('follows the workflow configuration: sha, short sha, release tag or a template', () => {
    expect(imageTagFor('sha', release)).toBe(SHA);
    expect(imageTagFor('short-sha', release)).toBe('5d0c8a4');
    expect(imageTagFor('tag', release)).toBe('v2.4.0');
    expect(imageTagFor('{tag}-{shortSha}', release)).toBe('v2.4.0-5d0c8a4');
    // A run that is not a release has no tag: the SHA stands in.
    expect(imageTagFor('tag', { headSha: SHA, headBranch: 'main', event: 'workflow_dispatch' })).toBe(SHA);
  });

  it('refuses an unknown placeholder in the scenario', () => {
    const scenario = (tag: string) =>
      [
        'name: x',
        "start: '2026-11-23T05:00:00Z'",
        'github:',
        '  repositories:',
        `    - { fullName: o/r, workflows: [{ file: d.yml, imageTag: '${tag}' }] }`,
      ].join('\n');
    expect(parseScenario(scenario('tag')).github?.repositories[0]?.workflows[0]?.imageTag).toBe('tag');
    expect(() => parseScenario(scenario('{version}'))).toThrow(/invalid/);
  });
});
