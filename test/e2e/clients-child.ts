/**
 * Run by sim-process.test.ts in a process of its own with NODE_EXTRA_CA_CERTS set to the CA file
 * `pnd sim` printed: the standard mechanism, with no `ca` option anywhere. Each official client
 * reads one resource; the results go to stdout as JSON.
 */
import { AzureDevOpsClient } from '../../src/providers/azure-devops/client.ts';
import { createContainerAppsClient, createWebSiteClient } from '../../src/providers/azure/clients.ts';
import { createGitHubClient } from '../../src/providers/github/client.ts';
import { createKubeClients } from '../../src/providers/kubernetes/client.ts';

interface Input {
  urls: { github: string; azureDevOpsRelease: string; arm: string; kubernetes: Record<string, string> };
  tokens: { github: string; ado: string; arm: string; k8s: string };
}
const input = JSON.parse(process.env.PND_E2E_INPUT!) as Input;
const credential = {
  getToken: async () => ({ token: input.tokens.arm, expiresOnTimestamp: Date.now() + 3_600_000 }),
};
const sub = 'dd6d3e08-a70f-4f71-8847-781ddc5d8468';

const github = createGitHubClient({ baseUrl: input.urls.github, token: input.tokens.github });
const releases = await github.rest.repos.listReleases({ owner: 'Altinn', repo: 'altinn-auth-audit-log' });

const ado = new AzureDevOpsClient({
  organization: 'brreg',
  project: 'altinn-studio',
  credential: { pat: input.tokens.ado },
  releaseUrl: input.urls.azureDevOpsRelease,
});
const approvals: number[] = [];
for await (const approval of ado.approvals({ typeFilter: 'preDeploy' })) approvals.push(approval.id);

const app = await createContainerAppsClient(sub, { endpoint: input.urls.arm, credential }).containerApps.get(
  'auditlog-tt02-rg',
  'PLACEHOLDER-auditlog-ca-tt02',
);
const deployments: unknown[] = [];
for await (const d of createWebSiteClient(sub, {
  endpoint: input.urls.arm,
  credential,
}).webApps.listDeployments('auditlog-tt02-rg', 'PLACEHOLDER-auditlog-func-tt02')) {
  deployments.push(d.status);
}

const kube = createKubeClients({
  server: input.urls.kubernetes['platform-tt02-02-aks']!,
  token: input.tokens.k8s,
});
const ds = await kube.apps.readNamespacedDaemonSet({ name: 'altinn-authentication', namespace: 'default' });

process.stdout.write(
  JSON.stringify({
    releases: releases.data.map((r) => ({ tag: r.tag_name, draft: r.draft })),
    approvals,
    containerApp: { provisioningState: app.provisioningState, image: app.template?.containers?.[0]?.image },
    functionDeployments: deployments,
    daemonSet: {
      desired: ds.status?.desiredNumberScheduled,
      image: ds.spec?.template.spec?.containers[0]?.image,
    },
  }),
);
