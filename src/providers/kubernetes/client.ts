import { spawn, type SpawnOptions } from 'node:child_process';
import { AppsV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { PndError } from '../../core/errors.ts';

export interface KubeClients {
  apps: AppsV1Api;
  core: CoreV1Api;
}

export type KubeTarget =
  /** A context of the user's kubeconfig (KUBECONFIG or ~/.kube/config), e.g. the AKS cluster name. */
  | { context: string }
  /**
   * An explicit API server, with its CA (PEM) and a bearer token: fixed, or asked for per request
   * (an Entra ID token for AKS, cached and renewed before expiry). `identity` names it in errors.
   */
  | {
      server: string;
      ca?: string;
      token: string | (() => Promise<string>);
      name?: string;
      identity?: string;
    };

/** Real milliseconds one request may take before it is abandoned (default 30 s). */
const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * The client sends no timeout of its own, so a hung API server would hold a check for ever. The
 * kubeconfig is asked to authenticate every request (its one per-request hook): the timeout is
 * attached there.
 */
class TimedKubeConfig extends KubeConfig {
  readonly #timeoutMs: number;
  /** A token asked for per request (the same hook sets it), so a renewed one is used at once. */
  tokenProvider?: () => Promise<string>;

  constructor(timeoutMs: number) {
    super();
    this.#timeoutMs = timeoutMs;
    showExecPluginPrompts(this);
  }

  override async applySecurityAuthentication(
    context: Parameters<KubeConfig['applySecurityAuthentication']>[0],
  ): Promise<void> {
    await super.applySecurityAuthentication(context);
    if (this.tokenProvider) context.setHeaderParam('Authorization', `Bearer ${await this.tokenProvider()}`);
    if (!context.getSignal()) context.setSignal(AbortSignal.timeout(this.#timeoutMs));
  }
}

type Spawn = typeof spawn;

/**
 * kubernetes-client/javascript#2044: the exec credential plugin (kubelogin, `az aks`, gke's) runs
 * with stderr captured and shown only when it fails, so a device-code sign-in prompt is never
 * seen and the check waits on nobody. The client keeps its ExecAuth (and its spawn) private;
 * the smallest fix is to give that instance a spawn that also copies the plugin's stderr to
 * pnd's and lets it read the terminal (stdin inherited). stdout stays captured: it carries the
 * ExecCredential. Remove when the upstream issue is fixed.
 */
function showExecPluginPrompts(kc: KubeConfig): void {
  const authenticators = (kc as unknown as { authenticators?: unknown[] }).authenticators ?? [];
  // ExecAuth is not exported: recognised by its spawn hook and its token cache.
  const exec = authenticators.find(
    (a): a is { execFn: Spawn } => typeof a === 'object' && a !== null && 'execFn' in a && 'tokenCache' in a,
  );
  if (!exec) return;
  exec.execFn = ((command: string, args: readonly string[], options: SpawnOptions) => {
    const child = spawn(command, args, { ...options, stdio: ['inherit', 'pipe', 'pipe'] });
    child.stderr?.on('data', (chunk: Buffer | string) => process.stderr.write(chunk));
    return child;
  }) as Spawn;
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
      // A provided token goes in per request (applySecurityAuthentication); the user has none.
      users: [{ name, ...(typeof target.token === 'string' ? { token: target.token } : {}) }],
      contexts: [{ name, cluster: name, user: name }],
      currentContext: name,
    });
  }
  if (!('context' in target) && typeof target.token === 'function') kc.tokenProvider = target.token;
  return { apps: kc.makeApiClient(AppsV1Api), core: kc.makeApiClient(CoreV1Api) };
}
