import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository (package) root, for the bundled example estate and scenario. */
export const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const EXAMPLE_CONFIG = join(PACKAGE_ROOT, 'examples', 'tilgangsinfo', 'pnd.yaml');
export const EXAMPLE_SCENARIO = join(PACKAGE_ROOT, 'examples', 'tilgangsinfo', 'scenario.yaml');
