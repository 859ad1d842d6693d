import { describe, expect, it } from 'vitest';
import { verifyWithDwell, type DwellOutcome } from '../../src/checks/dwell.ts';
import { createCheckRunner } from '../../src/providers/registry.ts';
import { checkAccessFromSim } from '../../src/demo/sim-check-access.ts';
import { loadEstate } from '../../src/config/load.ts';
import type { Check } from '../../src/config/schema.ts';
import { VirtualClock } from '../../src/core/clock.ts';
import { simAccess } from '../../src/demo/sim-access.ts';
import { loadScenario } from '../../src/sim/scenario/load.ts';
import type { DeployTarget } from '../../src/sim/world.ts';
import { useSimulators } from '../support/simulator.ts';

const MIN = 60_000;
const startSimulator = useSimulators();
const estate = loadEstate('examples/tilgangsinfo/pnd.yaml', {}).estate;
const NEW_SHA = 'c0ffee3b2a7d4e8b0c5f1a9d3e7b2c6f4a8d0e1b';

async function start() {
  const scenario = await loadScenario('examples/tilgangsinfo/scenario.yaml');
  const clock = new VirtualClock(scenario.start, { autoAdvance: true });
  const sim = await startSimulator({ scenario, clock, warn: () => {} });
  return { sim, clock, access: checkAccessFromSim(simAccess(sim)) };
}

function target(check: Check): DeployTarget {
  return check.kind === 'kubernetes-workload'
    ? {
        kind: check.kind,
        cluster: check.cluster,
        namespace: check.namespace,
        workloadKind: check.workloadKind,
        name: check.name,
      }
    : {
        kind: check.kind,
        subscriptionId: check.subscriptionId,
        resourceGroup: check.resourceGroup,
        name: check.name,
      };
}

/** Deploys a new version of every component to `env` and verifies each component on its own. */
async function deployAndVerify(
  t: Awaited<ReturnType<typeof start>>,
  env: string,
  versions: Record<string, string>,
) {
  const deployStartedAt = t.clock.now();
  const components = estate.components.filter((c) => c.environments[env]);
  for (const component of components)
    for (const check of component.environments[env]!.checks)
      t.sim.world.deploy(target(check), { tag: versions[component.id]!, commitSha: versions[component.id] });
  const outcomes = await Promise.all(
    components.map((component) =>
      verifyWithDwell(
        component.environments[env]!.checks.map((check) => createCheckRunner(check, t.access, t.clock)),
        { clock: t.clock, dwellMs: 10 * MIN, expected: { version: versions[component.id], deployStartedAt } },
      ),
    ),
  );
  return Object.fromEntries(components.map((c, i) => [c.id, outcomes[i]!])) as Record<string, DwellOutcome>;
}

const versions = { authentication: '20261124.1', 'resource-registry': '20261124.2', auditlog: NEW_SHA };

describe('the seed estate', () => {
  it('passes every component as it stands in both environments', async () => {
    const t = await start();
    const expected: Record<string, Record<string, string | undefined>> = {
      tt02: { auditlog: '5d0c8a41f2b7e9c3d6a1f0e4b8c2d7a9e3f1b5c6' },
      production: { auditlog: '9b1e6f3c2a7d4e8b0c5f1a9d3e7b2c6f4a8d0e1b' },
    };
    for (const env of ['tt02', 'production'])
      for (const component of estate.components) {
        const runners = component.environments[env]!.checks.map((c) =>
          createCheckRunner(c, t.access, t.clock),
        );
        const out = await verifyWithDwell(runners, {
          clock: t.clock,
          dwellMs: 0,
          expected: { version: expected[env]![component.id] },
        });
        expect({ env, component: component.id, status: out.status, reason: out.reason }).toEqual({
          env,
          component: component.id,
          status: 'pass',
          reason: 'Every check passed and stayed healthy for 0ms (0 re-checks).',
        });
      }
    expect(t.sim.problems()).toEqual([]);
  });

  it('verifies a TT02 deploy of every component through the dwell', async () => {
    const t = await start();
    const outcomes = await deployAndVerify(t, 'tt02', versions);
    expect(Object.fromEntries(Object.entries(outcomes).map(([id, o]) => [id, o.status]))).toEqual({
      authentication: 'pass',
      'resource-registry': 'pass',
      auditlog: 'pass',
    });
    expect(t.sim.problems()).toEqual([]);
  });

  it('fails only the component whose rollout goes wrong; the others proceed', async () => {
    const t = await start();
    t.sim.world.fire('kubernetes.crash-loop', {
      cluster: 'platform-tt02-02-aks',
      name: 'altinn-resource-registry',
    });
    t.sim.world.fire('container-app.provisioning-failed', {
      resourceGroup: 'auditlog-tt02-rg',
      name: 'PLACEHOLDER-auditlog-ca-tt02',
    });
    const outcomes = await deployAndVerify(t, 'tt02', versions);
    expect(outcomes.authentication!.status).toBe('pass');
    expect(outcomes['resource-registry']!.status).toBe('fail');
    expect(outcomes['resource-registry']!.reason).toMatch(
      /^DaemonSet default\/altinn-resource-registry in platform-tt02-02-aks failed: Pod altinn-resource-registry-\w+ \(container altinn-resource-registry\): /,
    );
    expect(outcomes.auditlog!.status).toBe('fail');
    expect(outcomes.auditlog!.reason).toMatch(
      /^Container App auditlog-tt02-rg\/PLACEHOLDER-auditlog-ca-tt02 failed: Revision PLACEHOLDER-auditlog-ca-tt02--\w+ failed to provision: /,
    );
    expect(t.sim.problems()).toEqual([]);
  });
});
