import { describe, expect, it } from 'vitest';
import type { TokenCredential } from '@azure/core-auth';
import { verifyWithDwell } from '../../src/checks/dwell.ts';
import { createCheckRunner, type CheckAccess } from '../../src/providers/registry.ts';
import type { ContainerAppCheck, FunctionAppCheck } from '../../src/config/schema.ts';
import { VirtualClock } from '../../src/core/clock.ts';
import { PndError } from '../../src/core/errors.ts';
import { parseScenario } from '../../src/sim/scenario/load.ts';
import type { Simulator } from '../../src/sim/simulator.ts';
import { useSimulators } from '../support/simulator.ts';

const START = '2026-11-25T10:00:00Z';
const MIN = 60_000;
const SUB = 'dd6d3e08-a70f-4f71-8847-781ddc5d8468';
const RG = 'auditlog-tt02-rg';
const CA = 'auditlog-ca-tt02';
const FUNC = 'auditlog-func-tt02';
const IMAGE = 'altinncr.azurecr.io/altinn-auth-audit-log';
const OLD = '5d0c8a41f2b7e9c3d6a1f0e4b8c2d7a9e3f1b5c6';
const NEW = 'c0ffee3b2a7d4e8b0c5f1a9d3e7b2c6f4a8d0e1b';

const SCENARIO = `
name: checks-arm
start: '${START}'
azure:
  tokens: [arm-token]
  subscriptions:
    - id: ${SUB}
      resourceGroups:
        - name: ${RG}
          containerApps:
            - name: ${CA}
              image: '${IMAGE}:${OLD}'
              latestRevisionAt: '2026-11-18T12:52:00Z'
          functionApps:
            - name: ${FUNC}
              deployments:
                - startTime: '2026-11-18T12:55:00Z'
                  message: '{"type":"deployment","sha":"${OLD}"}'
`;

const startSimulator = useSimulators();

const credential = (token = 'arm-token'): TokenCredential => ({
  getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3_600_000 }),
});

async function start() {
  const clock = new VirtualClock(START, { autoAdvance: true });
  const sim = await startSimulator({ scenario: parseScenario(SCENARIO), clock, warn: () => {} });
  const access: CheckAccess = {
    ca: sim.caPem,
    arm: { endpoint: sim.urls.arm, credential: credential() },
    kubernetes: () => {
      throw new Error('no clusters in this scenario');
    },
  };
  return { sim, clock, access };
}

const containerApp: ContainerAppCheck = {
  kind: 'container-app',
  subscriptionId: SUB,
  resourceGroup: RG,
  name: CA,
  expectedImage: 'release-commit-sha',
};
const functionApp: FunctionAppCheck = {
  kind: 'function-app',
  subscriptionId: SUB,
  resourceGroup: RG,
  name: FUNC,
};

function deploy(sim: Simulator) {
  for (const kind of ['container-app', 'function-app'] as const)
    sim.world.deploy(
      { kind, subscriptionId: SUB, resourceGroup: RG, name: kind === 'container-app' ? CA : FUNC },
      { tag: NEW, commitSha: NEW, deployer: 'github-actions' },
    );
}

async function dwell(t: Awaited<ReturnType<typeof start>>, checks: (ContainerAppCheck | FunctionAppCheck)[]) {
  const deployStartedAt = t.clock.now();
  deploy(t.sim);
  return verifyWithDwell(
    checks.map((c) => createCheckRunner(c, t.access, t.clock)),
    { clock: t.clock, dwellMs: 10 * MIN, expected: { version: NEW, deployStartedAt } },
  );
}

const appId = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.App/containerapps/${CA}`;

describe('container-app and function-app checks against the simulator', () => {
  it('pass a healthy deploy of both through the dwell, with portal links', async () => {
    const t = await start();
    const out = await dwell(t, [containerApp, functionApp]);
    expect(out.status).toBe('pass');
    // 3 requests a round within 6 a minute: a round every 30 s.
    expect(out.history.filter((h) => h.phase === 'dwell')).toHaveLength(20);
    const [ca, func] = out.results;
    expect(ca).toMatchObject({
      check: `Container App ${RG}/${CA}`,
      kind: 'container-app',
      status: 'pass',
    });
    expect(ca!.reason).toMatch(
      new RegExp(
        `^Revision ${CA}--\\w+ is the latest ready revision, runs ${NEW}, and is Provisioned, Running and Healthy\\.$`,
      ),
    );
    expect(ca!.evidence[0]!.link).toBe(`https://portal.azure.com/#@/resource${appId}`);
    expect(ca!.evidence[1]!.values).toMatchObject({
      provisioningState: 'Provisioned',
      runningState: 'Running',
      healthState: 'Healthy',
      images: [`${IMAGE}:${NEW}`],
    });
    expect(func).toMatchObject({ check: `Function App ${RG}/${FUNC}`, kind: 'function-app', status: 'pass' });
    expect(func!.reason).toMatch(
      /^Deployment [0-9a-f-]+ \(started 2026-11-25T10:00:00.000Z\) ended Success \(4\) and is the active deployment\.$/,
    );
    expect(func!.evidence[0]!.link).toBe(
      `https://portal.azure.com/#@/resource/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Web/sites/${FUNC}`,
    );
    // While the revision provisioned and the deployment ran, both were pending.
    expect(out.history[0]!.results.map((r) => r.status)).toEqual(['pending', 'pending']);
    expect(t.sim.problems()).toEqual([]);
  });

  it('fails a container app that stays on the old image', async () => {
    const t = await start();
    t.sim.world.fire('container-app.stays-on-old-image', { resourceGroup: RG, name: CA });
    const out = await dwell(t, [containerApp]);
    expect(out.status).toBe('fail');
    expect(out.reason).toMatch(
      new RegExp(
        `^Container App ${RG}/${CA} failed: Latest revision ${CA}--\\w+ runs ${IMAGE}:${OLD}, not the expected tag ${NEW}\\.$`,
      ),
    );
    expect(t.sim.problems()).toEqual([]);
  });

  it('fails a revision whose provisioning failed, with its provisioning error', async () => {
    const t = await start();
    t.sim.world.fire('container-app.provisioning-failed', { resourceGroup: RG, name: CA });
    const out = await dwell(t, [containerApp, functionApp]);
    expect(out.status).toBe('fail');
    expect(out.reason).toMatch(
      new RegExp(
        `^Container App ${RG}/${CA} failed: Revision (${CA}--\\w+) failed to provision: Container '${CA}' was terminated with exit code '1' and reason 'ProcessExited'\\. One or more containers for revision '\\1' has failed to start\\.$`,
      ),
    );
    expect(t.sim.problems()).toEqual([]);
  });

  it('fails an unhealthy revision', async () => {
    const t = await start();
    t.sim.world.fire('container-app.unhealthy', { resourceGroup: RG, name: CA });
    const out = await dwell(t, [containerApp]);
    expect(out.status).toBe('fail');
    expect(out.reason).toMatch(/failed: Revision \S+ is Degraded \(runningState\), not Running\.$/);
  });

  it('fails a function app deployment that failed, with its message', async () => {
    const t = await start();
    t.sim.world.fire('function-app.deployment-failed', {
      resourceGroup: RG,
      name: FUNC,
      message: 'Deployment Failed. Error: Failed to sync triggers for function app.',
    });
    const out = await dwell(t, [containerApp, functionApp]);
    expect(out.status).toBe('fail');
    expect(out.reason).toMatch(
      new RegExp(
        `^Function App ${RG}/${FUNC} failed: Deployment [0-9a-f-]+ \\(started 2026-11-25T10:00:00.000Z\\) Failed: Deployment Failed\\. Error: Failed to sync triggers for function app\\.$`,
      ),
    );
    const func = out.results[1]!;
    expect(func.evidence[0]!.values).toMatchObject({
      active: { startTime: '2026-11-18T12:55:00.000Z', status: 'Success (4)', active: true },
      newestSinceDeploy: { status: 'Failed (3)', active: false },
    });
    expect(t.sim.problems()).toEqual([]);
  });

  it('fails a function app without a deployment since the deploy began', async () => {
    const t = await start();
    const result = await createCheckRunner(functionApp, t.access, t.clock).run({
      deployStartedAt: t.clock.now(),
    });
    expect(result).toMatchObject({ status: 'fail' });
    expect(result.reason).toMatch(
      /^Function App auditlog-func-tt02 has no deployment since the deploy began at 2026-11-25T10:00:00.000Z; the active deployment [0-9a-f-]+ started at 2026-11-18T12:55:00.000Z\.$/,
    );
  });

  it('fails on a missing app or resource group, and throws on a refused token', async () => {
    const t = await start();
    expect(
      await createCheckRunner({ ...containerApp, name: 'nope' }, t.access, t.clock).run({}),
    ).toMatchObject({
      status: 'fail',
      reason: `Container App nope in resource group ${RG} was not found (ResourceNotFound).`,
    });
    expect(
      await createCheckRunner({ ...functionApp, resourceGroup: 'missing-rg' }, t.access, t.clock).run({}),
    ).toMatchObject({
      status: 'fail',
      reason: `Function App ${FUNC} in resource group missing-rg was not found (ResourceGroupNotFound).`,
    });
    const refused = createCheckRunner(
      containerApp,
      { ...t.access, arm: { ...t.access.arm, credential: credential('expired') } },
      t.clock,
    );
    const error = await refused.run({}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PndError);
    expect(error).toMatchObject({
      code: 'auth-failed',
      details: { vendorCode: 'InvalidAuthenticationToken' },
    });
    // A refusal names the vendor and the fix (issue 14.5).
    expect((error as PndError).message).toBe('Azure Resource Manager did not accept the credentials.');
    expect(String((error as PndError).details.hint)).toMatch(/az login/);
    expect(t.sim.problems()).toEqual([]);
  });
});
