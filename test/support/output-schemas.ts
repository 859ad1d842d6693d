import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { outputSchemaPath, type OutputSchemaName } from '../../src/cli/output-schemas.ts';

const root = join(import.meta.dirname, '..', '..');

/** An Ajv validator of a committed schema/*.schema.json, for tests that hold real --json output. */
export function committedValidator(name: OutputSchemaName) {
  const schema = JSON.parse(readFileSync(join(root, outputSchemaPath(name)), 'utf8')) as object;
  return new Ajv2020({ allErrors: true, strict: false }).compile(schema);
}
