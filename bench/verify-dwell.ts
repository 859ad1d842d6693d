/**
 * What the dwell ("go grab a coffee") costs the vendors' APIs. Prints figures; asserts nothing.
 *
 *   node bench/verify-dwell.ts [dwell minutes, default 10]
 *
 * For each component of the seed estate (examples/tilgangsinfo) in each environment: deploy a new
 * version on the simulator (TT02; production is verified as it stands), run verifyWithDwell on a
 * virtual clock shared with the simulator, and count from the simulator's request log the reads
 * made after the first all-pass until the dwell ended. Target: at most 6 requests per minute of
 * dwell per component. No read has a conditional form (docs/checks.md), so each counts in full.
 * The average over the dwell equals the schedule's rate by construction (the interval is chosen
 * from the target); the figure that is measured is the peak: the most requests the log shows in
 * any 60 s window of the dwell, as a vendor's per-minute limit would count them.
 */
import { defaultIntervalMs, MAX_REQUESTS_PER_MINUTE, verifyWithDwell } from '../src/checks/dwell.ts';
import { createCheckRunner } from '../src/providers/registry.ts';
import { checkAccessFromSim } from '../src/demo/sim-check-access.ts';
import { loadEstate } from '../src/config/load.ts';
import type { Check } from '../src/config/schema.ts';
import { VirtualClock } from '../src/core/clock.ts';
import { simAccess } from '../src/demo/sim-access.ts';
import { loadScenario } from '../src/sim/scenario/load.ts';
import { startSimulator } from '../src/sim/simulator.ts';
import type { DeployTarget } from '../src/sim/world.ts';

const MIN = 60_000;
const dwellMinutes = Number(process.argv[2] ?? 10);
const estate = loadEstate('examples/tilgangsinfo/pnd.yaml', {}).estate;
const scenario = await loadScenario('examples/tilgangsinfo/scenario.yaml');
const clock = new VirtualClock(scenario.start, { autoAdvance: true });
const sim = await startSimulator({ scenario, clock, warn: (m) => process.stderr.write(`${m}\n`) });
const access = checkAccessFromSim(simAccess(sim));

const NEW_VERSION: Record<string, string> = {
  authentication: '20261124.1',
  'resource-registry': '20261124.2',
  auditlog: 'c0ffee3b2a7d4e8b0c5f1a9d3e7b2c6f4a8d0e1b',
};
// What production runs now (the audit log's image tag is its release commit).
const CURRENT_PRODUCTION: Record<string, string | undefined> = {
  auditlog: '9b1e6f3c2a7d4e8b0c5f1a9d3e7b2c6f4a8d0e1b',
};

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

/** The most log entries whose times fall in any window of `windowMs` (timestamps from the log). */
function peakInWindow(entries: { at: string }[], windowMs: number): number {
  const times = entries.map((e) => Date.parse(e.at)).sort((a, b) => a - b);
  let peak = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= windowMs) j++;
    peak = Math.max(peak, i - j + 1);
  }
  return peak;
}

const rows: string[][] = [];
let worst = 0;
let worstPeak = 0;
for (const env of ['tt02', 'production']) {
  for (const component of estate.components) {
    const checks = component.environments[env]?.checks ?? [];
    if (checks.length === 0) continue;
    const deployStartedAt = clock.now();
    const version = env === 'tt02' ? NEW_VERSION[component.id] : CURRENT_PRODUCTION[component.id];
    if (env === 'tt02')
      for (const check of checks) sim.world.deploy(target(check), { tag: version!, commitSha: version });
    const runners = checks.map((check) => createCheckRunner(check, access, clock));
    const before = sim.log.lastSeq;
    const wall = performance.now();
    const out = await verifyWithDwell(runners, {
      clock,
      dwellMs: dwellMinutes * MIN,
      expected: { version, ...(env === 'tt02' ? { deployStartedAt } : {}) },
    });
    const wallMs = performance.now() - wall;
    const entries = sim.log.entries(before);
    const firstPass = out.firstPassAt ? Date.parse(out.firstPassAt) : Number.POSITIVE_INFINITY;
    const ended = out.dwellEndedAt ? Date.parse(out.dwellEndedAt) : clock.now();
    const inDwell = entries.filter((e) => Date.parse(e.at) > firstPass && Date.parse(e.at) <= ended);
    const settle = entries.filter((e) => Date.parse(e.at) <= firstPass);
    const perMinute = dwellMinutes > 0 ? inDwell.length / dwellMinutes : 0;
    worst = Math.max(worst, perMinute);
    const peak = peakInWindow(inDwell, MIN);
    worstPeak = Math.max(worstPeak, peak);
    // Baseline, same run: the same dwell polled every 5 s (the deploy watch's first interval).
    const baselineFrom = sim.log.lastSeq;
    const baseline = await verifyWithDwell(
      checks.map((check) => createCheckRunner(check, access, clock)),
      {
        clock,
        dwellMs: dwellMinutes * MIN,
        intervalMs: 5_000,
        expected: { version },
      },
    );
    const baselineFirst = baseline.firstPassAt ? Date.parse(baseline.firstPassAt) : Number.POSITIVE_INFINITY;
    const baselinePerMinute =
      sim.log.entries(baselineFrom).filter((e) => Date.parse(e.at) > baselineFirst).length / dwellMinutes;
    rows.push([
      `${component.name} (${env})`,
      checks.map((c) => c.kind).join(' + '),
      out.status,
      `${defaultIntervalMs(runners) / 1000}s`,
      String(out.history.filter((h) => h.phase === 'dwell').length),
      String(inDwell.length),
      perMinute.toFixed(2),
      String(peak),
      `${baselinePerMinute.toFixed(2)} (${(baselinePerMinute / perMinute).toFixed(1)}x)`,
      String(settle.length),
      wallMs.toFixed(0),
    ]);
  }
}
await sim.stop();

const header = [
  'component',
  'checks',
  'verdict',
  'interval',
  're-checks',
  'dwell requests',
  'req/min of dwell',
  'peak in 60 s (log)',
  'baseline 5 s polling',
  'settle requests',
  'wall ms',
];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
console.log(
  `dwell ${dwellMinutes}m per component on the virtual clock, seed estate; reads counted from the simulator's request log`,
);
console.log(line(header));
for (const row of rows) console.log(line(row));
console.log(
  `worst: ${worst.toFixed(2)} requests per minute of dwell on average, peak ${worstPeak} in any 60 s of the log (target <= ${MAX_REQUESTS_PER_MINUTE}); problems: ${sim.problems().length}`,
);
