import type { Scenario } from '../sim/scenario/schema.ts';
import type { Simulator } from '../sim/simulator.ts';

/**
 * How the demo reaches the in-process simulator: its URLs, its CA and the (fake) tokens the
 * scenario lists. Only `pnd demo` uses this; production code reads endpoints from pnd.yaml and
 * credentials from the environment.
 */
export interface SimAccess {
  ca: string;
  urls: Simulator['urls'];
  tokens: {
    github: string;
    /** A second person's GitHub token, to publish drafts where self-review is prevented. */
    githubPublisher?: string;
    azureDevOps: string;
    arm: string;
    kubernetes: Record<string, string>;
  };
}

export function simAccess(sim: Simulator): SimAccess {
  const scenario: Scenario = sim.scenario;
  const first = <T>(list: readonly T[] | undefined, what: string): T => {
    const value = list?.[0];
    if (value === undefined) throw new Error(`The demo scenario lists no ${what}.`);
    return value;
  };
  const clusters = scenario.kubernetes?.clusters ?? [];
  return {
    ca: sim.caPem,
    urls: sim.urls,
    tokens: {
      github: first(scenario.github?.tokens, 'GitHub token').token,
      ...publisher(scenario),
      azureDevOps: first(scenario.azureDevOps?.tokens, 'Azure DevOps token').token,
      arm: first(scenario.azure?.tokens, 'Azure token'),
      kubernetes: Object.fromEntries(clusters.map((c) => [c.name, first(c.tokens, `token for ${c.name}`)])),
    },
  };
}

function publisher(scenario: Scenario): { githubPublisher?: string } {
  const [reviewer, ...others] = scenario.github?.tokens ?? [];
  const other = others.find((t) => !t.login.endsWith('[bot]') && t.login !== reviewer?.login);
  return other ? { githubPublisher: other.token } : {};
}
