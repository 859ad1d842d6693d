import { z } from 'zod';
import { renderSchemaReference, type JsonSchema } from '../../config/docs.ts';
import { scenarioSchema } from './schema.ts';

export const SCENARIO_SCHEMA_PATH = 'schema/scenario.schema.json';
export const SCENARIO_DOCS_PATH = 'docs/scenario.md';
export const SCENARIO_EXAMPLE_PATH = 'examples/tilgangsinfo/scenario.yaml';

/** schema/scenario.schema.json: for editors, generated from the zod schema. */
export function buildScenarioJsonSchema(): Record<string, unknown> {
  const { $schema: _ignored, ...generated } = z.toJSONSchema(scenarioSchema, {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'any',
  });
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'urn:pnd:schema:scenario.yaml',
    title: 'pnd estate simulator scenario',
    ...generated,
  };
}

export function renderScenarioJsonSchema(): string {
  return `${JSON.stringify(buildScenarioJsonSchema(), null, 2)}\n`;
}

const INTRO = `A scenario seeds the estate simulator (\`pnd sim --scenario FILE\`, \`pnd demo\`, the test
suite): what GitHub, Azure DevOps, Azure Resource Manager and Kubernetes hold when the virtual
clock starts, what happens later (\`timeline\`), and the faults in force. See
[simulator.md](simulator.md) for running it and the control API.

- Every key is checked; unknown keys are errors reported as \`file:line:col\`.
- Every time, in every section, is an ISO 8601 instant or an offset from \`start\`: \`-2d\`,
  \`-4d20h\`, \`+3h\` (units ms, s, m, h, d, w; at most a year). A scenario written in offsets makes
  sense in any week: \`pnd sim\` moves \`start\` by whole weeks to the latest one not after its own
  start (now by default), so a Monday-morning scenario stays a Monday morning.
- Tokens in a scenario are fake and valid only against the simulator.
- Editors with the YAML language server validate and complete the file when its first line is
  \`# yaml-language-server: $schema=<path to>/schema/scenario.schema.json\`.`;

export function renderScenarioMarkdown(exampleYaml: string): string {
  return renderSchemaReference(buildScenarioJsonSchema() as JsonSchema, {
    title: 'Simulator scenarios',
    source: 'src/sim/scenario/schema.ts and the vendor sections in src/sim/*/scenario.ts',
    intro: INTRO,
    exampleYaml,
  });
}
