/**
 * Turns OpenAPI 3.0 / Swagger 2.0 Schema Objects into JSON Schema (draft-07) that Ajv validates
 * with the vendors' intended meaning. The dialects differ from JSON Schema in ways that matter for a
 * strict validator:
 *
 * - `nullable: true` (OAS 3.0) and `x-nullable: true` (Swagger/AutoRest) admit `null`; JSON Schema
 *   needs `null` in `type` (and in `enum`). GitHub also puts `nullable` next to `oneOf`/`allOf`
 *   without a `type`; we honour it there too, because that is what GitHub means (Octokit's types
 *   say `| null`).
 * - `readOnly` properties may appear in responses but are never required in requests, and
 *   `writeOnly` ones the other way round; so each direction gets its own conversion.
 * - `discriminator` is dropped: Swagger's is a bare property name and OAS 3.0's mapping only
 *   narrows a `oneOf` whose branches (in the kept schemas) are already mutually exclusive.
 * - Draft-4 style boolean `exclusiveMinimum`/`exclusiveMaximum`, Swagger `type: file`, and
 *   annotation-only vendor extensions are normalised or removed.
 *
 * `$ref`s are rewritten by the caller-supplied function so converted schemas can point into a
 * shared, per-direction root document registered once with Ajv.
 */

export type Direction = 'request' | 'response';

export interface ConvertOptions {
  direction: Direction;
  /** Maps a local `#/...` ref of the spec document to the ref Ajv should follow. */
  mapRef: (ref: string) => string;
  /** Called with every `format` seen, so unknown ones can be registered as always-valid. */
  onFormat?: (format: string) => void;
}

export type JsonObject = { [key: string]: unknown };

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Keywords with no validation meaning that would only slow Ajv's compiler down or confuse it. */
const DROPPED = new Set([
  'discriminator',
  'example',
  'examples',
  'externalDocs',
  'xml',
  'deprecated',
  'nullable',
  'x-nullable',
]);

/** Keywords whose value is a schema. */
const SCHEMA_KEYWORDS = new Set(['items', 'additionalProperties', 'not', 'additionalItems', 'contains']);
/** Keywords whose value is an array of schemas. */
const SCHEMA_ARRAY_KEYWORDS = new Set(['allOf', 'anyOf', 'oneOf']);
/** Keywords whose value maps names to schemas. */
const SCHEMA_MAP_KEYWORDS = new Set(['properties', 'patternProperties', 'definitions']);

export function convertSchema(schema: unknown, options: ConvertOptions): unknown {
  if (typeof schema === 'boolean') return schema;
  if (!isJsonObject(schema)) return {};
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (DROPPED.has(key) || key.startsWith('x-')) continue;
    if (key === '$ref' && typeof value === 'string') {
      out[key] = options.mapRef(value);
    } else if (SCHEMA_KEYWORDS.has(key)) {
      out[key] = Array.isArray(value)
        ? value.map((v) => convertSchema(v, options))
        : typeof value === 'boolean'
          ? value
          : convertSchema(value, options);
    } else if (SCHEMA_ARRAY_KEYWORDS.has(key) && Array.isArray(value)) {
      out[key] = value.map((v) => convertSchema(v, options));
    } else if (SCHEMA_MAP_KEYWORDS.has(key) && isJsonObject(value)) {
      const map: JsonObject = {};
      for (const [name, sub] of Object.entries(value)) map[name] = convertSchema(sub, options);
      out[key] = map;
    } else if (key === 'format' && typeof value === 'string') {
      options.onFormat?.(value);
      out[key] = value;
    } else if (key === 'type' && value === 'file') {
      // Swagger 2.0 file uploads/downloads: no JSON constraint applies.
    } else {
      out[key] = value;
    }
  }
  normaliseExclusiveBounds(out);
  dropDirectionalRequired(out, schema, options.direction);
  const nullable = schema['nullable'] === true || schema['x-nullable'] === true;
  return nullable ? makeNullable(out) : out;
}

function normaliseExclusiveBounds(out: JsonObject): void {
  for (const [flag, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    const value = out[flag];
    if (value === true && typeof out[bound] === 'number') {
      out[flag] = out[bound];
      delete out[bound];
    } else if (typeof value === 'boolean') {
      delete out[flag];
    }
  }
}

/** OAS: readOnly properties are not required in requests; writeOnly ones not in responses. */
function dropDirectionalRequired(out: JsonObject, source: JsonObject, direction: Direction): void {
  const required = out['required'];
  const properties = source['properties'];
  if (!Array.isArray(required) || !isJsonObject(properties)) return;
  const flag = direction === 'request' ? 'readOnly' : 'writeOnly';
  const kept = required.filter((name) => {
    const prop = typeof name === 'string' ? properties[name] : undefined;
    return !(isJsonObject(prop) && prop[flag] === true);
  });
  if (kept.length === required.length) return;
  if (kept.length === 0) delete out['required'];
  else out['required'] = kept;
}

function makeNullable(out: JsonObject): JsonObject {
  const type = out['type'];
  const composed = ['$ref', 'allOf', 'anyOf', 'oneOf', 'not'].some((k) => k in out);
  if (!composed && (typeof type === 'string' || Array.isArray(type))) {
    const types = Array.isArray(type) ? type : [type];
    if (!types.includes('null')) out['type'] = [...types, 'null'];
    const values = out['enum'];
    if (Array.isArray(values) && !values.includes(null)) out['enum'] = [...values, null];
    return out;
  }
  // Composed or untyped (e.g. `{oneOf: [...], nullable: true}`): the sub-schemas would reject null
  // on their own, so null must be an alternative to the whole schema.
  return { anyOf: [{ type: 'null' }, out] };
}
