import type { Deployer } from '../capabilities/deployer.ts';

type Probe = () => Promise<string>;

interface Remembered {
  signature: string;
  answers: Map<string, Promise<unknown>>;
}

/**
 * One read per deployer and refresh: the production plan asks the Staging deployer what ran there,
 * and so does the Staging plan; both get the same answer from one request. Across refreshes
 * (`--watch`), a deployer with a free change probe (see github-probe.ts) is not read again while
 * its probe's signature is unchanged: its last answers are given. Writes are not offered: status
 * never opens a gate.
 */
export class DeployerReads {
  readonly #previous: Map<string, Remembered>;
  readonly #current = new Map<string, Remembered>();
  readonly #cache = new Map<string, Promise<unknown>>();
  readonly #probes = new Map<string, Promise<string>>();

  /** `previous`: what the last refresh's reads remembered (`remembered()`). */
  constructor(previous: Map<string, Remembered> = new Map()) {
    this.#previous = previous;
  }

  /** What this refresh read, for the next one. */
  remembered(): Map<string, Remembered> {
    return this.#current;
  }

  wrap(key: string, deployer: Deployer, probe?: Probe): Deployer {
    const once = <T>(what: string, read: () => Promise<T>): Promise<T> => {
      const k = `${key}:${what}`;
      let found = this.#cache.get(k) as Promise<T> | undefined;
      if (!found) {
        found = probe ? this.#probed(key, what, probe, read) : read();
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

  async #probed<T>(key: string, what: string, probe: Probe, read: () => Promise<T>): Promise<T> {
    let signature = this.#probes.get(key);
    if (!signature) {
      signature = probe();
      this.#probes.set(key, signature);
    }
    const before = this.#previous.get(key);
    const previousAnswer = before?.answers.get(what) as Promise<T> | undefined;
    // Nothing to compare with (the first read): read now, alongside the probe, not after it.
    const answer = previousAnswer
      ? signature.then((s) => (s === before!.signature ? previousAnswer : read()))
      : read();
    const [sig, value] = await Promise.all([signature, answer]);
    // Only answers that arrived are remembered: a failed read is tried again next time.
    let now = this.#current.get(key);
    if (!now) {
      now = { signature: sig, answers: new Map() };
      this.#current.set(key, now);
    }
    now.answers.set(what, Promise.resolve(value));
    return value;
  }
}
