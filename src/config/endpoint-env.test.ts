import { describe, expect, it } from 'vitest';
import { applyEndpointEnvironment } from './endpoint-env.ts';

describe('endpoints from the environment', () => {
  it('fills what the file leaves out and never overrides the file', () => {
    const data = {
      endpoints: {
        azureDevOps: { buildUrl: 'https://file.example/build' },
        kubernetes: { a: { server: 'https://a.file' } },
      },
    };
    const problems = applyEndpointEnvironment(data, {
      PND_AZURE_DEVOPS_RELEASE_URL: 'https://sim.example/ado/vsrm',
      PND_AZURE_DEVOPS_BUILD_URL: 'https://sim.example/ado/dev',
      PND_AZURE_RESOURCE_MANAGER_URL: 'https://sim.example/arm',
      PND_KUBERNETES_SERVERS: 'a=https://a.env, b=https://sim.example/k8s/b',
    });
    expect(problems).toEqual([]);
    expect(data.endpoints).toEqual({
      azureDevOps: { buildUrl: 'https://file.example/build', releaseUrl: 'https://sim.example/ado/vsrm' },
      azureResourceManager: { url: 'https://sim.example/arm' },
      kubernetes: { a: { server: 'https://a.file' }, b: { server: 'https://sim.example/k8s/b' } },
    });
  });

  it('refuses plain http and a malformed cluster list, naming the variable', () => {
    const problems = applyEndpointEnvironment(
      {},
      { PND_AZURE_RESOURCE_MANAGER_URL: 'http://arm', PND_KUBERNETES_SERVERS: 'nourl' },
    );
    expect(problems.map((p) => [p.where, p.path])).toEqual([
      ['environment variable PND_AZURE_RESOURCE_MANAGER_URL', 'endpoints.azureResourceManager.url'],
      ['environment variable PND_KUBERNETES_SERVERS', 'endpoints.kubernetes'],
    ]);
  });
});
