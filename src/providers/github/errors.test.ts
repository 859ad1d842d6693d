import { describe, expect, it } from 'vitest';
import { gitHubError } from './errors.ts';

const refused = (status: number) => ({
  status,
  message: 'Resource not accessible by integration',
  request: { method: 'POST', url: 'https://api.github.com/repos/o/r/actions/runs/1/pending_deployments?x=1' },
});

describe('gitHubError', () => {
  it('names the permission the refused action needs, and where', () => {
    const error = gitHubError(refused(403), 'approve the TT02 review');
    expect(error.code).toBe('forbidden');
    expect(error.details.where).toBe(
      'GitHub POST https://api.github.com/repos/o/r/actions/runs/1/pending_deployments',
    );
    expect(error.details.hint).toMatch(/required reviewer of the environment to approve the TT02 review/);
    expect(gitHubError(refused(403), 'publish the draft release').details.permission).toBe(
      'Contents: read and write',
    );
    expect(gitHubError(refused(403), 'comment on the weekly issue').details.permission).toBe(
      'Issues: read and write',
    );
    // The waiting runs are read through their commits' check suites: Checks too.
    expect(
      gitHubError(refused(403), 'read the runs waiting on the deployments (their commits’ check suites)')
        .details.permission,
    ).toBe('Actions: read, Checks: read and Deployments: read');
  });

  it('maps a refused token to auth-failed without the token in the message', () => {
    const error = gitHubError({ ...refused(401), message: 'Bad credentials' }, 'read what waits on TT02');
    expect(error.code).toBe('auth-failed');
    expect(JSON.stringify(error.details)).not.toMatch(/ghp_/);
  });
});
