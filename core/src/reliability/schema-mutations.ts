import fc from 'fast-check';
import type { Schema } from './route-table.ts';
import { typeOf } from './schema-samples.ts';

/** One place in a request body or query: where it is, what its schema says, whether it is required. */
export interface Site {
  path: (string | number)[];
  schema: Schema;
  required: boolean;
}

/** A changed copy of a valid value and what was done to it, for the failure message. */
export interface Mutation {
  what: string;
  value: Record<string, unknown>;
}

const TWO_53 = 2 ** 53;
/** Money in fen that must never be accepted as a price or amount: negative, beyond exact integers, fractional. */
const BAD_FEN = [-1, -100_000, TWO_53, TWO_53 + 2, 1e21, 0.5, Number.MAX_VALUE];
const GRAPHEMES = ['零', '售', '😀', '👨‍👩‍👧', 'é', 'a', ' ', '\u202e', '\'', '"', '<', '%', '\\'];

/** The places of a schema (and of the valid value built from it), nested objects and first array items included. */
export function sitesOf(schema: Schema, path: (string | number)[] = []): Site[] {
  const sites: Site[] = [];
  const type = typeOf(schema);
  if (type === 'object') {
    for (const [name, child] of Object.entries(schema.properties ?? {})) {
      sites.push({ path: [...path, name], schema: child, required: schema.required?.includes(name) ?? false });
      sites.push(...sitesOf(child, [...path, name]));
    }
  } else if (type === 'array' && schema.items) {
    sites.push(...sitesOf(schema.items, [...path, 0]));
  }
  return sites;
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

/** Writes (or with `remove`, deletes) the value at a path, building the containers on the way. */
function setAt(root: Record<string, unknown>, path: (string | number)[], value: unknown, remove = false): Record<string, unknown> {
  const copy = clone(root);
  let node: Record<string | number, unknown> = copy;
  for (const [index, key] of path.slice(0, -1).entries()) {
    if (node[key] === undefined || node[key] === null || typeof node[key] !== 'object') node[key] = typeof path[index + 1] === 'number' ? [] : {};
    node = node[key] as Record<string | number, unknown>;
  }
  const last = path[path.length - 1]!;
  if (remove) delete node[last];
  else node[last] = value;
  return copy;
}

/** Values of a JSON type the schema does not allow. */
function wrongTypes(schema: Schema): unknown[] {
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [typeOf(schema) ?? 'string'];
  const byType: [string, unknown][] = [['string', 'not-a-number'], ['integer', 12], ['number', 1.25], ['boolean', true], ['object', { a: 1 }], ['array', [1, 2]]];
  const allowed = (t: string) => types.includes(t) || (t === 'integer' && types.includes('number'));
  const values = byType.filter(([t]) => !allowed(t)).map(([, v]) => v);
  if (!types.includes('null') && !schema.nullable) values.push(null);
  return values;
}

/**
 * Invalid and edge-case versions of a valid value, derived from its schema: a wrong type, a
 * missing required field, a string over maxLength, unicode and emoji, negative or overflowing
 * money (fen), an unknown property, and the edges of an integer's range.
 */
export function mutationsOf(schema: Schema, valid: Record<string, unknown>): fc.Arbitrary<Mutation> | undefined {
  const sites = sitesOf(schema).filter((site) => !site.path.slice(0, -1).some((key, i) => {
    // Only places whose containers exist or are objects we can build: skip arrays the valid value has not got.
    if (typeof key !== 'number') return false;
    const container = site.path.slice(0, i).reduce<unknown>((node, k) => (node as Record<string | number, unknown> | undefined)?.[k], valid);
    return !Array.isArray(container) || container.length === 0;
  }));
  const name = (site: Site) => site.path.join('.');
  const options: fc.Arbitrary<Mutation>[] = [];
  const withSites = (list: Site[], make: (site: Site) => fc.Arbitrary<Mutation>) => {
    if (list.length > 0) options.push(fc.constantFrom(...list).chain(make));
  };
  withSites(sites, (site) => fc.constantFrom(...wrongTypes(site.schema)).map((v) => ({ what: `${name(site)} = ${JSON.stringify(v)} (wrong type)`, value: setAt(valid, site.path, v) })));
  withSites(sites.filter((s) => s.required && s.path.every((k) => typeof k === 'string' || k === 0)), (site) =>
    fc.constant({ what: `${name(site)} missing (required)`, value: setAt(valid, site.path, undefined, true) }));
  withSites(sites.filter((s) => typeOf(s.schema) === 'string' && s.schema.maxLength !== undefined && !s.schema.enum), (site) =>
    fc.tuple(fc.integer({ min: 1, max: 40 }), fc.constantFrom(...GRAPHEMES)).map(([over, unit]) => {
      const v = unit.repeat(site.schema.maxLength! + over);
      return { what: `${name(site)} = ${site.schema.maxLength! + over} × ${JSON.stringify(unit)} (over maxLength ${site.schema.maxLength})`, value: setAt(valid, site.path, v) };
    }));
  withSites(sites.filter((s) => typeOf(s.schema) === 'string' && !s.schema.enum && !s.schema.format && !s.schema.pattern), (site) =>
    fc.array(fc.constantFrom(...GRAPHEMES), { minLength: 0, maxLength: Math.min(site.schema.maxLength ?? 30, 30) }).map((units) =>
      ({ what: `${name(site)} = ${JSON.stringify(units.join(''))} (unicode)`, value: setAt(valid, site.path, units.join('')) })));
  // The edges a schema allows are valid input, and must be answered as such (a page far past the end, say).
  withSites(sites.filter((s) => typeOf(s.schema) === 'integer' && !/fen$/i.test(String(s.path[s.path.length - 1]))), (site) =>
    fc.constantFrom(site.schema.minimum ?? -1_000_000, site.schema.maximum ?? 1_000_000).map((v) =>
      ({ what: `${name(site)} = ${v} (edge of its range)`, value: setAt(valid, site.path, v) })));
  withSites(sites.filter((s) => /fen$/i.test(String(s.path[s.path.length - 1]))), (site) =>
    fc.constantFrom(...BAD_FEN).map((v) => ({ what: `${name(site)} = ${v} (money in fen)`, value: setAt(valid, site.path, v) })));
  const closed = [{ path: [], schema, required: true }, ...sites].filter((s) => typeOf(s.schema) === 'object' && s.schema.additionalProperties === false);
  withSites(closed, (site) => fc.constant({ what: `${[...site.path, 'zzUnknown'].join('.')} (unknown property)`, value: setAt(valid, [...site.path, 'zzUnknown'], 1) }));
  return options.length > 0 ? fc.oneof(...options) : undefined;
}
