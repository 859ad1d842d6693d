import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderConfigurationMarkdown } from '../config/docs.ts';
import { renderJsonSchema } from '../config/json-schema.ts';
import {
  renderScenarioJsonSchema,
  renderScenarioMarkdown,
  SCENARIO_DOCS_PATH,
  SCENARIO_EXAMPLE_PATH,
  SCENARIO_SCHEMA_PATH,
} from '../sim/scenario/artifacts.ts';

/**
 * The files generated from the zod schemas (pnd.yaml and simulator scenarios). `npm run generate` writes them; artifacts.test.ts
 * regenerates them in memory and fails when the committed copies differ.
 */

export interface Artifact {
  /** Relative to the repository root. */
  path: string;
  content: string;
}

export const EXAMPLE_PATH = 'examples/tilgangsinfo/pnd.yaml';
export const JSON_SCHEMA_PATH = 'schema/pnd.schema.json';
export const DOCS_PATH = 'docs/configuration.md';

/** The docs are format-checked with the rest of the repository, so they are written as prettier would. */
async function formatLikeRepository(root: string, path: string, text: string): Promise<string> {
  // Loaded only here: prettier is a development tool, and generating is a development task.
  const prettier = await import('prettier');
  const filepath = join(root, path);
  const options = (await prettier.resolveConfig(filepath)) ?? {};
  return prettier.format(text, { ...options, filepath });
}

export async function generateConfigArtifacts(root: string): Promise<Artifact[]> {
  const example = readFileSync(join(root, EXAMPLE_PATH), 'utf8');
  const scenario = readFileSync(join(root, SCENARIO_EXAMPLE_PATH), 'utf8');
  return [
    { path: SCENARIO_SCHEMA_PATH, content: renderScenarioJsonSchema() },
    {
      path: SCENARIO_DOCS_PATH,
      content: await formatLikeRepository(root, SCENARIO_DOCS_PATH, renderScenarioMarkdown(scenario)),
    },
    { path: JSON_SCHEMA_PATH, content: renderJsonSchema() },
    {
      path: DOCS_PATH,
      content: await formatLikeRepository(root, DOCS_PATH, renderConfigurationMarkdown(example)),
    },
  ];
}
