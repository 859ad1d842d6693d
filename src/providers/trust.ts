import { Agent } from 'undici';

/**
 * How a client trusts the server it talks to. Without `ca`, Node's defaults apply (the bundled
 * root CAs plus NODE_EXTRA_CA_CERTS) — right for the real vendors. With `ca` (PEM), exactly that
 * CA is trusted: GitHub Enterprise Server behind a private CA, or the simulator. Verification is
 * never turned off.
 */
export interface Trust {
  ca?: string;
}

const agents = new Map<string, Agent>();

/** An undici dispatcher that trusts `trust.ca`, shared per CA; undefined means the global one. */
export function dispatcherFor(trust: Trust | undefined): Agent | undefined {
  if (!trust?.ca) return undefined;
  let agent = agents.get(trust.ca);
  if (!agent) {
    agent = new Agent({ connect: { ca: trust.ca }, keepAliveTimeout: 10_000 });
    agents.set(trust.ca, agent);
  }
  return agent;
}
