import { AppsV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';

export interface KubeClients {
  apps: AppsV1Api;
  core: CoreV1Api;
}

export type KubeTarget =
  /** A context of the user's kubeconfig (KUBECONFIG or ~/.kube/config), e.g. the AKS cluster name. */
  | { context: string }
  /** An explicit API server, with its CA (PEM) and a bearer token (e.g. from a workload identity). */
  | { server: string; ca?: string; token: string; name?: string };

/** Real milliseconds one request may take before it is abandoned (default 30 s). */
const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * The client sends no timeout of its own, so a hung API server would hold a check for ever. The
 * kubeconfig is asked to authenticate every request (its one per-request hook): the timeout is
 * attached there.
 */
class TimedKubeConfig extends KubeConfig {
  readonly #timeoutMs: number;

  constructor(timeoutMs: number) {
    super();
    this.#timeoutMs = timeoutMs;
  }

  override async applySecurityAuthentication(
    context: Parameters<KubeConfig['applySecurityAuthentication']>[0],
  ): Promise<void> {
    await super.applySecurityAuthentication(context);
    if (!context.getSignal()) context.setSignal(AbortSignal.timeout(this.#timeoutMs));
  }
}

export function createKubeClients(target: KubeTarget, options: { timeoutMs?: number } = {}): KubeClients {
  const kc = new TimedKubeConfig(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  if ('context' in target) {
    kc.loadFromDefault();
    kc.setCurrentContext(target.context);
  } else {
    const name = target.name ?? 'pnd';
    kc.loadFromOptions({
      clusters: [
        {
          name,
          server: target.server,
          ...(target.ca ? { caData: Buffer.from(target.ca).toString('base64') } : {}),
          skipTLSVerify: false,
        },
      ],
      users: [{ name, token: target.token }],
      contexts: [{ name, cluster: name, user: name }],
      currentContext: name,
    });
  }
  return { apps: kc.makeApiClient(AppsV1Api), core: kc.makeApiClient(CoreV1Api) };
}
