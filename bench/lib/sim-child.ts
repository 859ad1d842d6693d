/**
 * Runs the simulator alone in this process for bench/sim-throughput.ts, so that its throughput
 * and peak memory are measured without the load generator. Prints one JSON line when ready.
 * The bench uses it for the validation-off baseline (`pnd sim` has no such switch); the run with
 * validation on is `bin/pnd.js sim` itself.
 *
 *   node bench/lib/sim-child.ts on|off [memory target, MiB; 0 = none]
 */
import { startSimulator } from '../../src/sim/simulator.ts';
import { DEFAULT_MEMORY_TARGET_MIB, startMemoryBudget } from '../../src/sim/memory-budget.ts';
import { scenarioSchema } from '../../src/sim/scenario/schema.ts';
import { benchScenario } from './bench-scenario.ts';

const validate = process.argv[2] !== 'off';
const sim = await startSimulator({ scenario: scenarioSchema.parse(benchScenario()), validate });
// The same memory budget as `pnd sim`, so the baseline differs from it only by validation.
startMemoryBudget({ targetBytes: Number(process.argv[3] ?? DEFAULT_MEMORY_TARGET_MIB) * 1048576 });
process.stdout.write(`${JSON.stringify({ url: sim.url, caFile: sim.caFile, pid: process.pid })}\n`);
process.on('SIGTERM', () => {
  const problems = sim.problems().length;
  void sim.stop().then(() => {
    const m = process.memoryUsage();
    const mib = (n: number) => Math.round(n / 1048576);
    const memory = {
      rss: mib(m.rss),
      heapTotal: mib(m.heapTotal),
      heapUsed: mib(m.heapUsed),
      external: mib(m.external),
    };
    process.stderr.write(`${JSON.stringify({ problems, logged: sim.log.lastSeq, memoryMiB: memory })}\n`);
    process.exit(0);
  });
});
