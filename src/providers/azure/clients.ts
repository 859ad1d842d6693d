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
  /** Real milliseconds one request may take before it is abandoned (default 30 s). */
  timeoutMs?: number;
  /**
   * The SDK pipeline's retries of throttled (429), failed (5xx) and unanswered requests: bounded,
   * so that a failing ARM ends in an error, not in a wait nobody sees. Default 3 retries, 1 s base.
   */
  retry?: { maxRetries?: number; retryDelayInMs?: number; maxRetryDelayInMs?: number };
}

const DEFAULT_TIMEOUT_MS = 30_000;

/** The SDKs' own policy type, without depending on core-rest-pipeline directly. */
type AdditionalPolicy = NonNullable<
  NonNullable<ConstructorParameters<typeof ContainerAppsAPIClient>[2]>['additionalPolicies']
>[number];

function pipelineOptions(options: AzureClientOptions) {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return {
    endpoint: options.endpoint ?? DEFAULT_ARM_URL,
    ...(options.ca ? { tlsOptions: { ca: options.ca } } : {}),
    retryOptions: {
      maxRetries: options.retry?.maxRetries ?? 3,
      retryDelayInMs: options.retry?.retryDelayInMs ?? 1_000,
      maxRetryDelayInMs: options.retry?.maxRetryDelayInMs ?? 30_000,
    },
    // core-rest-pipeline has no client-wide timeout (a request's `timeout` defaults to none): a
    // hung ARM answer would hold a check for ever, so every request gets one here.
    additionalPolicies: [
      {
        position: 'perRetry',
        policy: {
          name: 'pndRequestTimeout',
          sendRequest: (request, next) => {
            if (!request.timeout) request.timeout = timeoutMs;
            return next(request);
          },
        },
      } satisfies AdditionalPolicy,
    ],
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
