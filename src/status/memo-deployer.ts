import type { Deployer } from '../train/deployer.ts';

/**
 * One read per deployer and refresh: the production plan asks the TT02 deployer what ran there,
 * and so does the TT02 plan; both get the same answer from one request. Writes are not offered:
 * status never opens a gate.
 */
export class DeployerReads {
  readonly #cache = new Map<string, Promise<unknown>>();

  wrap(key: string, deployer: Deployer): Deployer {
    const once = <T>(what: string, read: () => Promise<T>): Promise<T> => {
      const k = `${key}:${what}`;
      let found = this.#cache.get(k) as Promise<T> | undefined;
      if (!found) {
        found = read();
        this.#cache.set(k, found);
      }
      return found;
    };
    const refuse = (): never => {
      throw new Error('pnd status is read-only: no gate is opened.');
    };
    return {
      kind: deployer.kind,
      waiting: () => once('waiting', () => deployer.waiting()),
      deployments: () => once('deployments', () => deployer.deployments()),
      openGate: refuse,
      progress: () => refuse(),
      ...(deployer.postDeployGate ? { postDeployGate: refuse } : {}),
    };
  }
}
