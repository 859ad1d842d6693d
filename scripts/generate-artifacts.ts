// Writes the generated references (schema/*.schema.json, docs/configuration.md, docs/scenario.md)
// from the zod schemas of pnd.yaml and of simulator scenarios.
// Run it (npm run generate) after changing src/config/schema*.ts or the example estate.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateConfigArtifacts } from '../src/cli/artifacts.ts';
import { OUTPUT_SCHEMAS, outputSchemaPath, renderOutputJsonSchema } from '../src/cli/output-schemas.ts';
import { renderStatusJsonSchema, STATUS_SCHEMA_PATH } from '../src/status/schema.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const status = { path: STATUS_SCHEMA_PATH, content: renderStatusJsonSchema() };
const outputs = OUTPUT_SCHEMAS.map(({ name }) => ({
  path: outputSchemaPath(name),
  content: renderOutputJsonSchema(name),
}));
for (const artifact of [...(await generateConfigArtifacts(root)), status, ...outputs]) {
  const target = join(root, artifact.path);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, artifact.content);
  process.stdout.write(`wrote ${artifact.path}\n`);
}
