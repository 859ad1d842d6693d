import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createKubeClients } from '../../src/providers/kubernetes/client.ts';
import { parseScenario } from '../../src/sim/scenario/load.ts';
import { useSimulators } from '../support/simulator.ts';

const startSimulator = useSimulators();
const TOKEN = 'exec-plugin-token-4Rt8Wq2Zx6';

const SCENARIO = `
name: exec-plugin
start: '2026-12-07T06:00:00Z'
kubernetes:
  clusters:
    - { name: harbour-aks, tokens: [${TOKEN}] }
`;

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

// kubernetes-client/javascript#2044: the exec plugin's stderr (a device-code prompt) was kept
// from the user. pnd's client passes it through and still reads the ExecCredential from stdout.
describe('a kubeconfig exec credential plugin', () => {
  it('shows the plugin’s prompt on stderr and uses the token it prints', async () => {
    const sim = await startSimulator({ scenario: parseScenario(SCENARIO), warn: () => {} });
    const dir = await mkdtemp(join(tmpdir(), 'pnd-exec-'));
    const plugin = join(dir, 'fake-kubelogin.sh');
    await writeFile(
      plugin,
      `#!/bin/sh
echo "To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code HRB-4242 to authenticate." >&2
echo '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"${TOKEN}"}}'
`,
    );
    await chmod(plugin, 0o755);
    const kubeconfig = join(dir, 'config');
    await writeFile(
      kubeconfig,
      `apiVersion: v1
kind: Config
clusters:
  - name: harbour-aks
    cluster: { server: '${sim.urls.kubernetes['harbour-aks']}', certificate-authority: '${sim.caFile}' }
users:
  - name: harbour-user
    user:
      exec: { apiVersion: client.authentication.k8s.io/v1beta1, command: '${plugin}', interactiveMode: IfAvailable }
contexts:
  - name: harbour-aks
    context: { cluster: harbour-aks, user: harbour-user }
current-context: harbour-aks
`,
    );
    vi.stubEnv('KUBECONFIG', kubeconfig);
    const written: string[] = [];
    const original = process.stderr.write.bind(process.stderr);
    vi.spyOn(process.stderr, 'write').mockImplementation(((chunk: string | Uint8Array, ...rest: never[]) => {
      written.push(String(chunk));
      return original(chunk, ...rest);
    }) as typeof process.stderr.write);

    const { apps } = createKubeClients({ context: 'harbour-aks' });
    expect((await apps.listNamespacedDeployment({ namespace: 'default' })).items).toEqual([]);
    expect(written.join('')).toContain('enter the code HRB-4242');
    expect(sim.log.entries().map((e) => e.status)).toEqual([200]);
  });
});
