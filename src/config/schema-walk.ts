import { z } from 'zod';
import { allowedRegistry } from './formats.ts';
import type { PathSegment } from './problems.ts';

/**
 * Finds the schema that judged a value, so an error can say what would have been accepted there
 * (the keys of a mapping, the options of an enum, the format of a string). Discriminated unions
 * are followed through the value's own `kind`.
 */

type Schema = z.core.$ZodType;

/** The wrappers around a schema (optional, default, transform…) and, last, the schema itself. */
function layers(schema: Schema): Schema[] {
  const chain: Schema[] = [schema];
  let current = schema;
  for (;;) {
    if (
      current instanceof z.ZodOptional ||
      current instanceof z.ZodDefault ||
      current instanceof z.ZodPrefault ||
      current instanceof z.ZodNullable
    ) {
      current = current.unwrap();
    } else if (current instanceof z.ZodPipe) {
      current = current.in;
    } else {
      return chain;
    }
    chain.push(current);
  }
}

function core(schema: Schema): Schema {
  return layers(schema).at(-1) ?? schema;
}

function isRecordOf(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The union member a value selects by its discriminator, or the union itself when none matches. */
function chooseOption(schema: Schema, value: unknown): Schema {
  if (!(schema instanceof z.ZodDiscriminatedUnion) || !isRecordOf(value)) return schema;
  const key = schema.def.discriminator;
  for (const option of schema.options) {
    const shape = core(option);
    if (!(shape instanceof z.ZodObject)) continue;
    const tag = core(shape.shape[key] ?? z.never());
    if (tag instanceof z.ZodLiteral && [...tag.values].some((literal) => literal === value[key]))
      return shape;
  }
  return schema;
}

function child(schema: Schema, segment: PathSegment): Schema | undefined {
  if (schema instanceof z.ZodObject) return schema.shape[String(segment)];
  if (schema instanceof z.ZodArray) return schema.element;
  if (schema instanceof z.ZodRecord) return schema.valueType;
  return undefined;
}

function valueAt(value: unknown, segment: PathSegment): unknown {
  if (Array.isArray(value) && typeof segment === 'number') return value[segment];
  if (isRecordOf(value)) return value[String(segment)];
  return undefined;
}

/** The schema for the value at `path`, with the union member chosen by `data`, or undefined. */
export function schemaAt(root: Schema, path: readonly PathSegment[], data: unknown): Schema | undefined {
  let schema: Schema = root;
  let value = data;
  for (const segment of path) {
    const next = child(chooseOption(core(schema), value), segment);
    if (next === undefined) return undefined;
    schema = next;
    value = valueAt(value, segment);
  }
  // Keep the wrappers unless a union member was chosen: they carry the "allowed" metadata.
  const chosen = chooseOption(core(schema), value);
  return chosen === core(schema) ? schema : chosen;
}

/** Keys a mapping schema accepts, in declaration order (for unknown-key errors). */
export function keysOf(schema: Schema | undefined): string[] {
  const shape = schema === undefined ? undefined : core(schema);
  if (shape instanceof z.ZodObject) return Object.keys(shape.shape);
  // A record keyed by an enum (the weekdays) rejects other keys the way a strict object does.
  if (shape instanceof z.ZodRecord) return optionsOf(shape.keyType);
  return [];
}

/** The schema of a record's keys (component environment ids, cluster names). */
export function keyTypeOf(schema: Schema | undefined): Schema | undefined {
  const record = schema === undefined ? undefined : core(schema);
  return record instanceof z.ZodRecord ? record.keyType : undefined;
}

/** Literal options of an enum, literal or discriminated union's tag. */
export function optionsOf(schema: Schema | undefined): string[] {
  if (schema === undefined) return [];
  const inner = core(schema);
  if (inner instanceof z.ZodEnum) return inner.options.map(String);
  if (inner instanceof z.ZodLiteral) return [...inner.values].map(String);
  return [];
}

function quoteList(items: readonly string[]): string {
  return items.map((item) => JSON.stringify(item)).join(', ');
}

/** A short phrase for what a schema accepts, e.g. 'one of "DaemonSet", "Deployment"'. */
export function describeExpected(schema: Schema | undefined): string | undefined {
  if (schema === undefined) return undefined;
  for (const layer of layers(schema)) {
    const meta = allowedRegistry.get(layer);
    if (meta) return meta.allowed;
  }
  const inner = core(schema);
  if (inner instanceof z.ZodEnum || inner instanceof z.ZodLiteral)
    return `one of ${quoteList(optionsOf(inner))}`;
  if (inner instanceof z.ZodDiscriminatedUnion) {
    const tags = discriminatorOptions(inner).map((tag) => JSON.stringify(tag));
    return `a mapping with ${inner.def.discriminator}: ${tags.join(' or ')}`;
  }
  if (inner instanceof z.ZodObject) return `a mapping with keys ${Object.keys(inner.shape).join(', ')}`;
  if (inner instanceof z.ZodRecord) return 'a mapping';
  if (inner instanceof z.ZodArray) return 'a list';
  if (inner instanceof z.ZodString) return 'text';
  if (inner instanceof z.ZodNumber) return 'a number';
  if (inner instanceof z.ZodBoolean) return 'true or false';
  return undefined;
}

/** The options of the tag of a discriminated union at `path` (for "bad kind" errors). */
export function discriminatorOptions(schema: Schema | undefined): string[] {
  const inner = schema === undefined ? undefined : core(schema);
  if (!(inner instanceof z.ZodDiscriminatedUnion)) return [];
  const key = inner.def.discriminator;
  return inner.options.flatMap((option) => {
    const shape = core(option);
    return shape instanceof z.ZodObject ? optionsOf(shape.shape[key]) : [];
  });
}
