import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clusterTokenVariable } from './check-access.ts';

describe('clusterTokenVariable', () => {
  it('is a valid environment variable name for any cluster name, the same for the same name', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (cluster) => {
        const name = clusterTokenVariable(cluster);
        expect(name).toMatch(/^PND_KUBERNETES_TOKEN_[A-Z0-9_]+$/);
        expect(clusterTokenVariable(cluster)).toBe(name);
      }),
    );
    expect(clusterTokenVariable('booking-aks-prod')).toBe('PND_KUBERNETES_TOKEN_BOOKING_AKS_PROD');
  });
});
