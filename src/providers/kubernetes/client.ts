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

export function createKubeClients(target: KubeTarget): KubeClients {
  const kc = new KubeConfig();
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
