import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChainedTokenCredential, EnvironmentCredential } from '@azure/identity';
import type { TokenCredential } from '@azure/core-auth';
import { describe, expect, it } from 'vitest';
import { createCheckRunner, type CheckAccess } from '../../src/providers/registry.ts';
import { runChecks } from '../../src/checks/run-checks.ts';
import type { ContainerAppCheck, KubernetesWorkloadCheck } from '../../src/config/schema.ts';
import { VirtualClock } from '../../src/core/clock.ts';
import { PndError, exitCodeFor, type PndErrorCode } from '../../src/core/errors.ts';
import { AzureDevOpsClient } from '../../src/providers/azure-devops/client.ts';
import { createKubeClients } from '../../src/providers/kubernetes/client.ts';
import { createGitHubClient } from '../../src/providers/github/client.ts';
import { viaGitHub } from '../../src/providers/github/errors.ts';
import { parseScenario } from '../../src/sim/scenario/load.ts';
import { generateTls } from '../../src/sim/tls.ts';
import { useSimulators } from '../support/simulator.ts';

// Issue 13.7 / 14.5: a request that gets no HTTP answer is named for why — refused, DNS,
// certificate (with the variable that adds a CA), timeout — for every vendor, in the message
// itself (text mode) and in `details.cause` (--json).

const START = '2026-11-25T10:00:00Z';
const SCENARIO = `
name: network-failures
start: '${START}'
github:
  users: [{ login: oncall-ola }]
  tokens: [{ token: ghp_ola, login: oncall-ola }]
kubernetes:
  clusters:
    - name: shop-test
      tokens: [k8s-token]
      nodes: 1
`;

const startSimulator = useSimulators();

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const UNRESOLVABLE = 'https://pnd-network-test.invalid';

/**
 * An HTTPS server whose certificate comes from a CA pnd is not given, counting the connections
 * made to it: each attempt of a client is one connection (the handshake fails on the client).
 */
async function untrustedServer(): Promise<{
  url: string;
  attempts: () => number;
  close: () => Promise<void>;
}> {
  const { certPem, keyPem } = await generateTls();
  const server = createHttpsServer({ cert: certPem, key: keyPem }, (_req, res) => res.end('{}'));
  let attempts = 0;
  server.on('connection', () => attempts++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `https://127.0.0.1:${port}`,
    attempts: () => attempts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function failure(call: () => Promise<unknown>): Promise<PndError> {
  const error = await call().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PndError);
  return error as PndError;
}

function expectNamed(error: PndError, code: PndErrorCode, vendor: string, cause: RegExp): void {
  expect(error.code).toBe(code);
  expect(error.message).toContain(vendor);
  expect(String(error.details.cause)).toMatch(cause);
  expect(error.details.hint).toBeTruthy();
  if (code === 'tls-failed') {
    expect(error.message).toMatch(/certificate/);
    expect(String(error.details.hint)).toContain('NODE_EXTRA_CA_CERTS');
  }
}

const TLS_CAUSE = /UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT/;

describe('GitHub network failures', () => {
  const read = (baseUrl: string, extra: { ca?: string; timeoutMs?: number } = {}) => {
    const octokit = createGitHubClient({ baseUrl, token: 'ghp_ola', retryBaseMs: 1, ...extra });
    return failure(() => viaGitHub('read the user', () => octokit.rest.users.getAuthenticated()));
  };

  it('connection refused', async () => {
    const error = await read(`https://127.0.0.1:${await closedPort()}`);
    expectNamed(error, 'connection-refused', 'GitHub', /ECONNREFUSED/);
    expect(error.details.status).toBeUndefined();
  });

  it('DNS failure', async () => {
    expectNamed(await read(UNRESOLVABLE), 'dns-failed', 'GitHub', /ENOTFOUND|EAI_AGAIN/);
  });

  it('a server certificate from a CA pnd was not given', async () => {
    const sim = await startSimulator({ scenario: parseScenario(SCENARIO), warn: () => {} });
    expectNamed(await read(sim.urls.github), 'tls-failed', 'GitHub', TLS_CAUSE);
    // With the CA the same request works: the failure above is the certificate, nothing else.
    const octokit = createGitHubClient({ baseUrl: sim.urls.github, token: 'ghp_ola', ca: sim.caPem });
    expect((await octokit.rest.users.getAuthenticated()).data.login).toBe('oncall-ola');
  });

  it('a certificate failure is not retried: the same certificate fails every time', async () => {
    const server = await untrustedServer();
    try {
      expectNamed(await read(server.url), 'tls-failed', 'GitHub', TLS_CAUSE);
      expect(server.attempts()).toBe(1);
    } finally {
      await server.close();
    }
  });

  it('a hung answer ends at the request timeout, with a bounded number of retries', async () => {
    const sim = await startSimulator({ scenario: parseScenario(SCENARIO), warn: () => {} });
    sim.faults.add({ vendor: 'github', path: '/user', kind: 'hang' });
    const error = await read(sim.urls.github, { ca: sim.caPem, timeoutMs: 150 });
    expectNamed(error, 'timeout', 'GitHub', /TimeoutError/);
    // The retry plugin's budget: the first try and three retries, then the error.
    expect(sim.log.entries().filter((e) => e.path.endsWith('/user'))).toHaveLength(4);
  });
});

describe('Azure DevOps network failures', () => {
  const read = (url: string, extra: { ca?: string; timeoutMs?: number } = {}) => {
    const client = new AzureDevOpsClient({
      organization: 'acme',
      project: 'platform',
      credential: { pat: 'pat-test' },
      releaseUrl: url,
      buildUrl: url,
      // The client's backoff between retries runs on this clock: no real waiting.
      clock: new VirtualClock(START, { autoAdvance: true }),
      ...extra,
    });
    return failure(() => client.release(1));
  };

  it('connection refused', async () => {
    expectNamed(
      await read(`https://127.0.0.1:${await closedPort()}`),
      'connection-refused',
      'Azure DevOps',
      /ECONNREFUSED/,
    );
  });

  it('DNS failure', async () => {
    expectNamed(await read(UNRESOLVABLE), 'dns-failed', 'Azure DevOps', /ENOTFOUND|EAI_AGAIN/);
  });

  it('a server certificate from a CA pnd was not given', async () => {
    const sim = await startSimulator({ scenario: parseScenario(SCENARIO), warn: () => {} });
    expectNamed(await read(sim.urls.azureDevOpsRelease), 'tls-failed', 'Azure DevOps', TLS_CAUSE);
  });

  it('a certificate failure is not retried', async () => {
    const server = await untrustedServer();
    try {
      expectNamed(await read(server.url), 'tls-failed', 'Azure DevOps', TLS_CAUSE);
      expect(server.attempts()).toBe(1);
    } finally {
      await server.close();
    }
  });

  it('a hung answer ends at the request timeout', async () => {
    const sim = await startSimulator({ scenario: parseScenario(SCENARIO), warn: () => {} });
    sim.faults.add({ vendor: 'azure-devops-release', kind: 'hang' });
    const error = await read(sim.urls.azureDevOpsRelease, { ca: sim.caPem, timeoutMs: 150 });
    expectNamed(error, 'timeout', 'Azure DevOps', /TimeoutError/);
  });
});

const containerApp: ContainerAppCheck = {
  kind: 'container-app',
  subscriptionId: 'a1b2c3d4-0000-4000-8000-000000000001',
  resourceGroup: 'shop-test-rg',
  name: 'shop-api',
  expectedImage: 'release-commit-sha',
};
const workload: KubernetesWorkloadCheck = {
  kind: 'kubernetes-workload',
  cluster: 'shop-test',
  namespace: 'default',
  workloadKind: 'Deployment',
  name: 'shop-api',
};
const staticToken: TokenCredential = {
  getToken: async () => ({ token: 'arm-token', expiresOnTimestamp: Date.now() + 3_600_000 }),
};

/** Runs one check once, as `pnd verify` does; a failure that waiting cannot fix is thrown. */
async function checkFailure(
  check: ContainerAppCheck | KubernetesWorkloadCheck,
  url: string,
  extra: Partial<CheckAccess> = {},
): Promise<PndError> {
  const clock = new VirtualClock(START, { autoAdvance: true });
  const access: CheckAccess = {
    arm: { endpoint: url, credential: staticToken, retry: { maxRetries: 0 } },
    kubernetes: () => ({ server: url, token: 'k8s-token', ...(extra.ca ? { ca: extra.ca } : {}) }),
    ...extra,
  };
  const runner = createCheckRunner(check, access, clock);
  return failure(() => runner.run({}));
}

describe('Azure Resource Manager network failures and a missing credential', () => {
  it('connection refused', async () => {
    const error = await checkFailure(containerApp, `https://127.0.0.1:${await closedPort()}`);
    expectNamed(error, 'connection-refused', 'Azure Resource Manager', /ECONNREFUSED/);
  });

  it('DNS failure', async () => {
    const error = await checkFailure(containerApp, UNRESOLVABLE);
    expectNamed(error, 'dns-failed', 'Azure Resource Manager', /ENOTFOUND|EAI_AGAIN/);
  });

  it('a server certificate from a CA pnd was not given: stops the checks at once', async () => {
    const sim = await startSimulator({ scenario: parseScenario(SCENARIO), warn: () => {} });
    const error = await checkFailure(containerApp, sim.urls.arm);
    expectNamed(error, 'tls-failed', 'Azure Resource Manager', TLS_CAUSE);
  });

  it('no Azure sign-in: exit 4 at once naming how to sign in, and no ARM request is sent', async () => {
    const sim = await startSimulator({ scenario: parseScenario(SCENARIO), warn: () => {} });
    // The credential chain as a machine without any Azure sign-in has it: EnvironmentCredential
    // finds no AZURE_* variables (they are read when it is built) and cannot even try.
    const saved = { ...process.env };
    for (const key of Object.keys(process.env)) if (key.startsWith('AZURE_')) delete process.env[key];
    let credential: TokenCredential;
    try {
      credential = new ChainedTokenCredential(new EnvironmentCredential());
    } finally {
      Object.assign(process.env, saved);
    }
    const clock = new VirtualClock(START, { autoAdvance: true });
    const access: CheckAccess = {
      ca: sim.caPem,
      arm: { endpoint: sim.urls.arm, credential },
      kubernetes: () => ({ server: sim.url, token: 'unused' }),
    };
    const started = clock.now();
    const error = await failure(() => runChecks([createCheckRunner(containerApp, access, clock)], { clock }));
    expect(error.code).toBe('credential-missing');
    expect(exitCodeFor(error)).toBe(4);
    expect(error.message).toMatch(/No Azure credential/);
    expect(String(error.details.hint)).toMatch(/az login/);
    expect(String(error.details.hint)).toMatch(/AZURE_CLIENT_ID/);
    expect(String(error.details.hint)).toMatch(/managed identity/);
    expect(error.details.vendor).toBe('Azure Resource Manager');
    // Said before any check waited, and nothing was asked of ARM.
    expect(clock.now()).toBe(started);
    expect(sim.log.entries()).toEqual([]);
  });
});

describe('ARM and Kubernetes requests time out', () => {
  it.each([
    ['Azure Resource Manager', 'arm-container-apps', containerApp] as const,
    ['Kubernetes', 'kubernetes', workload] as const,
  ])('%s: a hung answer ends at the request timeout', async (vendor, faultVendor, check) => {
    const sim = await startSimulator({ scenario: parseScenario(SCENARIO), warn: () => {} });
    sim.faults.add({ vendor: faultVendor, kind: 'hang' });
    const url = faultVendor === 'kubernetes' ? sim.urls.kubernetes['shop-test']! : sim.urls.arm;
    const error = await checkFailure(check, url, { ca: sim.caPem, timeoutMs: 150 });
    expectNamed(error, 'timeout', vendor, /TimeoutError|AbortError|ETIMEDOUT|aborted/i);
  });
});

describe('Kubernetes network failures', () => {
  it('connection refused', async () => {
    const error = await checkFailure(workload, `https://127.0.0.1:${await closedPort()}`);
    expectNamed(error, 'connection-refused', 'Kubernetes', /ECONNREFUSED/);
  });

  it('DNS failure', async () => {
    const error = await checkFailure(workload, UNRESOLVABLE);
    expectNamed(error, 'dns-failed', 'Kubernetes', /ENOTFOUND|EAI_AGAIN/);
  });

  it('a server certificate from a CA pnd was not given', async () => {
    const sim = await startSimulator({ scenario: parseScenario(SCENARIO), warn: () => {} });
    const error = await checkFailure(workload, sim.url);
    expectNamed(error, 'tls-failed', 'Kubernetes', TLS_CAUSE);
  });

  it('a certificate failure is not retried', async () => {
    const server = await untrustedServer();
    try {
      expectNamed(await checkFailure(workload, server.url), 'tls-failed', 'Kubernetes', TLS_CAUSE);
      expect(server.attempts()).toBe(1);
    } finally {
      await server.close();
    }
  });
});

describe('Kubernetes without a way to reach the cluster', () => {
  const withKubeconfig = (value: string, call: () => unknown): unknown => {
    const saved = process.env.KUBECONFIG;
    process.env.KUBECONFIG = value;
    try {
      call();
    } catch (error) {
      return error;
    } finally {
      if (saved === undefined) delete process.env.KUBECONFIG;
      else process.env.KUBECONFIG = saved;
    }
    return undefined;
  };

  it('a kubeconfig without the cluster context: exit 4 naming the context and how to get it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pnd-kubeconfig-'));
    const file = join(dir, 'config');
    writeFileSync(
      file,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters: [{ name: other, cluster: { server: "https://127.0.0.1:1" } }]',
        'users: [{ name: other, user: { token: t } }]',
        'contexts: [{ name: other, context: { cluster: other, user: other } }]',
        'current-context: other',
        '',
      ].join('\n'),
    );
    const error = withKubeconfig(file, () => createKubeClients({ context: 'shop-test' }));
    expect(error).toBeInstanceOf(PndError);
    expect((error as PndError).code).toBe('credential-missing');
    expect(exitCodeFor(error)).toBe(4);
    expect((error as PndError).details.where).toBe(`kubeconfig ${file}, context "shop-test"`);
    expect(String((error as PndError).details.hint)).toMatch(/az aks get-credentials --name shop-test/);
  });

  it('a KUBECONFIG that does not exist: exit 4, not a raw ENOENT', () => {
    const missing = join(tmpdir(), 'pnd-no-such-dir', 'config');
    const error = withKubeconfig(missing, () => createKubeClients({ context: 'shop-test' }));
    expect(error).toBeInstanceOf(PndError);
    expect((error as PndError).code).toBe('credential-missing');
    expect((error as PndError).message).toBe('The kubeconfig could not be read.');
  });
});
