import { z } from 'zod';
import { allowedRegistry } from './formats.ts';
import { estateSchema } from './schema.ts';

/**
 * schema/pnd.schema.json, for editors (yaml-language-server) and other tools. Generated from the
 * zod schema by `npm run generate`; a test fails when the committed file drifts.
 */

export const SCHEMA_ID = 'urn:pnd:schema:pnd.yaml';

/** Keywords that carry the value formats to the docs generator; never in the published schema. */
export const FORMAT_KEYWORD = 'x-pnd-format';
export const ALLOWED_KEYWORD = 'x-pnd-allowed';

export function buildJsonSchema(options: { withAllowed?: boolean } = {}): Record<string, unknown> {
  // `input`: the file as written, where fields with defaults are optional.
  const { $schema: _ignored, ...generated } = z.toJSONSchema(estateSchema, {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'any',
    override: ({ zodSchema, jsonSchema }) => {
      const meta = options.withAllowed ? allowedRegistry.get(zodSchema) : undefined;
      if (meta) Object.assign(jsonSchema, { [FORMAT_KEYWORD]: meta.label, [ALLOWED_KEYWORD]: meta.allowed });
    },
  });
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: SCHEMA_ID,
    title: 'pnd.yaml',
    ...generated,
  };
}

export function renderJsonSchema(): string {
  return `${JSON.stringify(buildJsonSchema(), null, 2)}\n`;
}
