import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Simulator } from '../simulator.ts';

/**
 * What a client needs to log in as the scenario's first GitHub App: PND_GITHUB_APP_ID and
 * PND_GITHUB_APP_PRIVATE_KEY_FILE, the key the simulator made at start written (mode 0600) into
 * its state directory. Empty when the scenario has no app, or gave only the app's public key (the
 * client then brings its own private key). For `pnd sim --env-file` and the tests.
 */
export async function gitHubAppClientEnv(
  sim: Pick<Simulator, 'stateDir' | 'gitHubApps'>,
): Promise<Record<string, string>> {
  const app = [...sim.gitHubApps.byId.values()][0];
  if (!app?.privateKeyPem) return {};
  const file = join(sim.stateDir, `github-app-${app.id}.private-key.pem`);
  await writeFile(file, app.privateKeyPem, { mode: 0o600 });
  return { PND_GITHUB_APP_ID: String(app.id), PND_GITHUB_APP_PRIVATE_KEY_FILE: file };
}
