import { azureResourceManagerEndpointsSchema } from '../../config/schema-endpoints.ts';
import type { CheckAccess } from '../check-access.ts';
import { once, type ProviderDescriptor } from '../descriptor.ts';
import { containerAppRunner } from './container-app-check.ts';
import { functionAppRunner } from './function-app-check.ts';

const armOptions = (access: CheckAccess) => ({
  endpoint: access.arm.endpoint,
  credential: access.arm.credential,
  ca: access.ca,
  ...(access.arm.retry ? { retry: access.arm.retry } : {}),
  ...(access.timeoutMs ? { timeoutMs: access.timeoutMs } : {}),
});

/** Azure Resource Manager: Container Apps and Function Apps checks. The SDKs load on first run. */
export const azure = {
  id: 'azure',
  title: 'Azure Resource Manager',
  docs: 'docs/providers/azure.md',
  provides: ['Check'],
  settings: azureResourceManagerEndpointsSchema,
  credentials: [
    'GitHub OIDC federation in Actions (AZURE_CLIENT_ID, AZURE_TENANT_ID, id-token: write)',
    'AZURE_CLIENT_SECRET',
    'DefaultAzureCredential (environment, workload identity, managed identity, Azure CLI)',
  ],
  checks: {
    'container-app': (check, access, clock) =>
      containerAppRunner(
        check,
        once(async () =>
          (await import('./clients.ts')).createContainerAppsClient(check.subscriptionId, armOptions(access)),
        ),
        clock,
      ),
    'function-app': (check, access, clock) =>
      functionAppRunner(
        check,
        once(async () =>
          (await import('./clients.ts')).createWebSiteClient(check.subscriptionId, armOptions(access)),
        ),
        clock,
      ),
  },
} satisfies ProviderDescriptor;
