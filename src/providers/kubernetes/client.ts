import { AppsV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { PndError } from '../../core/errors.ts';

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

/** No way to reach a cluster named in a check: a missing sign-in, said before anything waits. */
function missingCluster(context: string, message: string, cause?: unknown): PndError {
  const file = process.env.KUBECONFIG || '~/.kube/config';
  return new PndError('credential-missing', message, {
    ...(cause === undefined ? {} : { cause }),
    details: {
      where: `kubeconfig ${file}, context "${context}"`,
      vendor: 'Kubernetes',
      credential: `a kubeconfig context named "${context}"`,
      hint: `Create it with \`az aks get-credentials --name ${context} --resource-group <group>\` (or set KUBECONFIG to a file that has it), or list the cluster under endpoints.kubernetes with PND_KUBERNETES_TOKEN.`,
    },
  });
}

export function createKubeClients(target: KubeTarget, options: { timeoutMs?: number } = {}): KubeClients {
  const kc = new TimedKubeConfig(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  if ('context' in target) {
    try {
      kc.loadFromDefault();
    } catch (cause) {
      throw missingCluster(target.context, 'The kubeconfig could not be read.', cause);
    }
    // Without this the client fails later with a bare "No active cluster!".
    if (!kc.getContextObject(target.context))
      throw missingCluster(target.context, 'The kubeconfig has no context for the cluster.');
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
