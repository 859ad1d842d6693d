import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateConfigArtifacts } from './artifacts.ts';
import { buildJsonSchema } from '../config/json-schema.ts';

describe('generated configuration artifacts', () => {
  it('are up to date with the zod schema (run `npm run generate` when this fails)', async () => {
    for (const artifact of await generateConfigArtifacts(process.cwd())) {
      const committed = readFileSync(artifact.path, 'utf8');
      expect(committed === artifact.content, `${artifact.path} is stale: run npm run generate`).toBe(true);
    }
  });

  it('publish a JSON Schema with its identity and no internal keywords', () => {
    const schema = buildJsonSchema();
    expect(schema).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      title: 'pnd.yaml',
      type: 'object',
      additionalProperties: false,
    });
    expect(JSON.stringify(schema)).not.toContain('x-pnd-');
  });
});
