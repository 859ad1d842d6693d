// Bundles the GitHub Action (src/action/main.ts) with all its dependencies into one committed
// file, dist/action/index.cjs, so a workflow that uses the action needs no install step.
// Run: npm run bundle:action. test/e2e/action.test.ts fails when the committed bundle is stale.
import { writeFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildActionBundle, ACTION_BUNDLE } from '../src/action/bundle.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const text = await buildActionBundle(root);
await mkdir(dirname(join(root, ACTION_BUNDLE)), { recursive: true });
await writeFile(join(root, ACTION_BUNDLE), text);
process.stdout.write(`wrote ${ACTION_BUNDLE} (${(Buffer.byteLength(text) / 1024).toFixed(0)} KiB)\n`);
