import { randomUUID } from 'node:crypto';
import type { Schema } from './route-table.ts';

/** Strings tried against a `pattern`, in order: ids the tills make, codes, phone numbers. */
const PATTERN_CANDIDATES = ['abcdefgh1234', '13800138000', 'A1', 'abc', '2026-01-01', '01'];

/** The first type of a schema that is not null. */
export function typeOf(schema: Schema): string | undefined {
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  return types.find((type) => type !== 'null') ?? (schema.properties ? 'object' : undefined);
}

/**
 * A small value the schema accepts: required properties only (or the first one when none is
 * required, so a PATCH changes something), the least items an array needs, the least number a
 * range allows above zero. Good enough for the routes' own schemas; a route it cannot satisfy
 * gets an explicit body in the suite that calls it.
 */
export function sampleOf(schema: Schema): unknown {
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (alternatives?.[0]) {
    // Beside properties, oneOf only says which of them are required together: take the first set.
    if (schema.properties) {
      const { oneOf: _oneOf, anyOf: _anyOf, ...object } = schema;
      return sampleOf({ ...object, required: [...(schema.required ?? []), ...(alternatives[0].required ?? [])] });
    }
    return sampleOf(alternatives[0]);
  }
  switch (typeOf(schema)) {
    case 'string': return sampleString(schema);
    case 'integer':
    case 'number': {
      const low = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 0);
      const high = schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : Number.MAX_SAFE_INTEGER);
      return Math.min(Math.max(low, 1), high);
    }
    case 'boolean': return true;
    case 'array': return Array.from({ length: schema.minItems ?? 0 }, () => sampleOf(schema.items ?? {}));
    case 'object': {
      const properties = schema.properties ?? {};
      const names = schema.required?.length ? schema.required : Object.keys(properties).slice(0, Math.max(1, schema.minProperties ?? 1));
      return Object.fromEntries(names.filter((name) => properties[name]).map((name) => [name, sampleOf(properties[name]!)]));
    }
    default: return 'x';
  }
}

let days = 0;

function sampleString(schema: Schema): string {
  if (schema.format === 'uuid') return randomUUID();
  // Each a day after the last: a window's start comes before its end when declared in that order.
  if (schema.format === 'date-time') return new Date(Date.now() + 3_600_000 + ++days * 86_400_000).toISOString();
  if (schema.format === 'date') return new Date().toISOString().slice(0, 10);
  if (schema.pattern) {
    const pattern = new RegExp(schema.pattern, 'u');
    const fits = PATTERN_CANDIDATES.find((candidate) => pattern.test(candidate) &&
      candidate.length >= (schema.minLength ?? 0) && candidate.length <= (schema.maxLength ?? Infinity));
    if (fits) return fits;
  }
  return '样'.repeat(Math.min(Math.max(schema.minLength ?? 1, 1), schema.maxLength ?? 1));
}
