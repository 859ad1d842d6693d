// `pnd deps` in its own process for the patch-day race test: the command's own runDeps (lock,
// gather, plan, act, output) with the providers `pnd demo` uses against the simulator, whose
// GitHub client does not space its writes, so the test never waits on GitHub's real pacing.
//
//   node test/support/deps-child.ts '<DepsOptions as JSON>'   (PND_SIM_ACCESS: the SimAccess as JSON)
import { errorToJson, printJson } from '../../src/cli/output.ts';
import { runDeps } from '../../src/cli/deps-run.ts';
import type { DepsOptions } from '../../src/cli/options.ts';
import { composeProviders } from '../../src/app/compose.ts';
import { VirtualClock } from '../../src/core/clock.ts';
import { exitCodeFor } from '../../src/core/errors.ts';
import type { SimAccess } from '../../src/demo/sim-access.ts';
import { simProviderSettings } from '../../src/demo/sim-providers.ts';

const options = JSON.parse(process.argv[2] as string) as DepsOptions;
const access = JSON.parse(process.env.PND_SIM_ACCESS as string) as SimAccess;
const providers = composeProviders(
  simProviderSettings(access, new VirtualClock(Date.now(), { autoAdvance: true })),
);
try {
  process.exitCode = await runDeps(options, process.env, providers);
} catch (error) {
  // As runAction reports it for --json.
  printJson(errorToJson(error));
  process.exitCode = exitCodeFor(error);
}
