import { describe, expect, it } from 'vitest';
import { ApiException } from '@kubernetes/client-node';
import { armReadFailure } from './azure/errors.ts';
import { kubernetesReadFailure } from './kubernetes/errors.ts';

const context = {
  where: 'Kubernetes GET /api/v1/namespaces/default/pods in c',
  permission: 'list pods in namespace default of cluster c',
  resource: 'Namespace default in cluster c',
};
const status = (code: number, reason: string) =>
  new ApiException(code, 'failed', JSON.stringify({ kind: 'Status', reason, code }), {});
const rest = (statusCode: number, code: string) =>
  Object.assign(new Error(code), { name: 'RestError', statusCode, code });

describe('read failures', () => {
  it.each([
    [404, 'NotFound', { notFound: 'Namespace default in cluster c was not found.' }],
    [401, 'Unauthorized', { code: 'auth-failed' }],
    [403, 'Forbidden', { code: 'forbidden', permission: 'list pods in namespace default of cluster c' }],
    [403, 'TooManyRequests', { code: 'rate-limited' }],
    [429, 'TooManyRequests', { code: 'rate-limited' }],
    [500, 'InternalError', { code: 'remote-failed' }],
  ] as const)('Kubernetes %i %s', (code, reason, expected) => {
    const failure = kubernetesReadFailure(status(code, reason), context);
    if ('notFound' in expected) return expect(failure).toEqual(expected);
    if (!('error' in failure)) throw new Error('expected an error');
    expect(failure.error.code).toBe(expected.code);
    expect(failure.error.details.where).toBe(context.where);
    if ('permission' in expected) expect(failure.error.details.permission).toBe(expected.permission);
  });

  it('names the identity pnd was at the API server in a 401 and a 403, with the permission to grant', () => {
    const who = { ...context, identity: 'PND_KUBERNETES_TOKEN_C' };
    const refused = kubernetesReadFailure(status(401, 'Unauthorized'), who);
    const forbidden = kubernetesReadFailure(status(403, 'Forbidden'), who);
    if (!('error' in refused) || !('error' in forbidden)) throw new Error('expected errors');
    expect(refused.error.details).toMatchObject({ vendor: 'Kubernetes', identity: 'PND_KUBERNETES_TOKEN_C' });
    expect(forbidden.error.details).toMatchObject({ identity: 'PND_KUBERNETES_TOKEN_C' });
    expect(forbidden.error.details.hint).toBe(
      'Grant list pods in namespace default of cluster c to PND_KUBERNETES_TOKEN_C.',
    );
  });

  it('maps ARM errors by status and keeps the vendor code', () => {
    const forbidden = armReadFailure(rest(403, 'AuthorizationFailed'), {
      ...context,
      permission: 'Microsoft.App/containerApps/read',
    });
    expect('error' in forbidden && forbidden.error.code).toBe('forbidden');
    expect('error' in forbidden && forbidden.error.details).toMatchObject({
      vendorCode: 'AuthorizationFailed',
      hint: 'Grant Microsoft.App/containerApps/read.',
    });
    expect(armReadFailure(new TypeError('fetch failed'), context)).toMatchObject({
      error: { code: 'network' },
    });
  });
});
