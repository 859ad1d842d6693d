import type { Clock } from '../core/clock.ts';
import { isLastingNetworkFailure } from './network-failure.ts';

/**
 * One read of a check, retried when the failure is transient (429, 5xx, a dropped connection):
 * a health verdict must not hang on one lost packet. 401/403/404 are answers and come back at
 * once. The Kubernetes client has no retry of its own; the Azure SDKs do, so only Kubernetes
 * reads are wrapped.
 */
export async function retryTransient<T>(read: () => Promise<T>, clock: Clock, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      if (attempt >= attempts || !isTransient(error)) throw error;
      await clock.sleep(500 * 2 ** (attempt - 1));
    }
  }
}

function isTransient(error: unknown): boolean {
  const status =
    (error as { code?: unknown; statusCode?: unknown }).code ??
    (error as { statusCode?: unknown }).statusCode;
  if (typeof status === 'number') return status === 429 || status >= 500;
  // No HTTP answer at all: the network, which may pass — unless the certificate or the host name
  // is what failed.
  return !isLastingNetworkFailure(error);
}
