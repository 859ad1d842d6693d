import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { convertSchema } from './schema-convert.ts';
import type { Direction } from './schema-convert.ts';

function validatorFor(schema: unknown, direction: Direction = 'response'): (data: unknown) => boolean {
  const ajv = new Ajv({ strict: false, validateSchema: false });
  const converted = convertSchema(schema, { direction, mapRef: (ref) => ref });
  const validate = ajv.compile(typeof converted === 'object' && converted !== null ? converted : {});
  return (data) => validate(data);
}

describe('convertSchema', () => {
  it('OAS 3.0 nullable admits null, also for enums', () => {
    const v = validatorFor({ type: 'string', nullable: true, enum: ['completed', 'not_planned'] });
    expect(v(null)).toBe(true);
    expect(v('completed')).toBe(true);
    expect(v('done')).toBe(false);
    expect(validatorFor({ type: 'string' })(null)).toBe(false);
  });

  it('Swagger x-nullable admits null', () => {
    expect(validatorFor({ type: 'integer', 'x-nullable': true })(null)).toBe(true);
    expect(validatorFor({ type: 'integer', 'x-nullable': false })(null)).toBe(false);
  });

  it('nullable next to composition wraps the whole schema', () => {
    const v = validatorFor({ oneOf: [{ type: 'string' }, { type: 'integer' }], nullable: true });
    expect(v(null)).toBe(true);
    expect(v(3)).toBe(true);
    expect(v(true)).toBe(false);
    const typed = validatorFor({ type: 'object', allOf: [{ type: 'object', required: ['id'] }], nullable: true });
    expect(typed(null)).toBe(true);
    expect(typed({})).toBe(false);
  });

  it('readOnly properties are required in responses only; writeOnly ones in requests only', () => {
    const schema = {
      type: 'object',
      required: ['id', 'name', 'secret'],
      properties: {
        id: { type: 'integer', readOnly: true },
        name: { type: 'string' },
        secret: { type: 'string', writeOnly: true },
      },
    };
    expect(validatorFor(schema, 'request')({ name: 'a', secret: 's' })).toBe(true);
    expect(validatorFor(schema, 'request')({ name: 'a' })).toBe(false);
    expect(validatorFor(schema, 'response')({ id: 1, name: 'a' })).toBe(true);
    expect(validatorFor(schema, 'response')({ name: 'a' })).toBe(false);
    // A response may of course carry its readOnly fields.
    expect(validatorFor(schema, 'response')({ id: 1, name: 'a', secret: 's' })).toBe(true);
  });

  it('drops discriminators (Swagger string and OAS object), Swagger `type: file` and vendor extensions', () => {
    expect(validatorFor({ type: 'object', discriminator: 'kind', 'x-ms-discriminator-value': 'A' })({ kind: 'B' })).toBe(
      true,
    );
    const oas = { oneOf: [{ type: 'string' }, { type: 'integer' }], discriminator: { propertyName: 'kind' } };
    expect(validatorFor(oas)('a')).toBe(true);
    expect(validatorFor({ type: 'file' })('binary')).toBe(true);
  });

  it('turns draft-4 boolean exclusive bounds into draft-7 numbers', () => {
    const v = validatorFor({ type: 'integer', minimum: 0, exclusiveMinimum: true, maximum: 10 });
    expect(v(0)).toBe(false);
    expect(v(1)).toBe(true);
    expect(v(10)).toBe(true);
  });

  it('keeps property names that look like keywords (ARM has a property called `properties`)', () => {
    const v = validatorFor({
      type: 'object',
      properties: { properties: { type: 'object', properties: { example: { type: 'integer' } }, required: ['example'] } },
    });
    expect(v({ properties: { example: 1 } })).toBe(true);
    expect(v({ properties: {} })).toBe(false);
  });

  it('reports every format it meets and rewrites refs', () => {
    const formats: string[] = [];
    const converted = convertSchema(
      { type: 'object', properties: { t: { type: 'integer', format: 'timestamp' }, u: { $ref: '#/definitions/U' } } },
      { direction: 'response', mapRef: (ref) => `root${ref}`, onFormat: (f) => formats.push(f) },
    );
    expect(formats).toEqual(['timestamp']);
    expect(converted).toMatchObject({ properties: { u: { $ref: 'root#/definitions/U' } } });
  });
});
