import { ContainerAppsAPIClient } from '@azure/arm-appcontainers';
import { WebSiteManagementClient } from '@azure/arm-appservice';
import type { TokenCredential } from '@azure/core-auth';
import { DefaultAzureCredential } from '@azure/identity';
import type { Trust } from '../trust.ts';

export const DEFAULT_ARM_URL = 'https://management.azure.com';

export interface AzureClientOptions extends Trust {
  /** ARM endpoint: https://management.azure.com, a sovereign cloud, or the simulator's /arm. */
  endpoint?: string;
  /** Default: DefaultAzureCredential (environment, workload identity, managed identity, Azure CLI). */
  credential?: TokenCredential;
}

function pipelineOptions(options: AzureClientOptions) {
  return {
    endpoint: options.endpoint ?? DEFAULT_ARM_URL,
    ...(options.ca ? { tlsOptions: { ca: options.ca } } : {}),
  };
}

export function createContainerAppsClient(
  subscriptionId: string,
  options: AzureClientOptions = {},
): ContainerAppsAPIClient {
  return new ContainerAppsAPIClient(
    options.credential ?? new DefaultAzureCredential(),
    subscriptionId,
    pipelineOptions(options),
  );
}

export function createWebSiteClient(
  subscriptionId: string,
  options: AzureClientOptions = {},
): WebSiteManagementClient {
  return new WebSiteManagementClient(
    options.credential ?? new DefaultAzureCredential(),
    subscriptionId,
    pipelineOptions(options),
  );
}
