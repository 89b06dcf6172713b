import { errors } from '../errors.ts';

/** One spec of a product: 颜色 with 红, 蓝. */
export interface SpecDef {
  name: string;
  values: string[];
}

export type SpecValues = Record<string, string>;

export const MAX_SPECS = 3;
export const MAX_SPEC_VALUES = 20;
/** The most SKUs one product (and one matrix) may have. */
export const MAX_SKUS = 1000;

/** Spec names and values: no surrounding blanks, and none of `: ; |`, which the key and the import use as separators. */
export const specTextPattern = '^[^\\s:;|]([^:;|]*[^\\s:;|])?$';
const specText = new RegExp(specTextPattern);

/** Checks the rules the JSON schema cannot state (unique names) and those callers outside a route rely on. */
export function assertSpecs(specs: SpecDef[], field = 'specs'): void {
  if (specs.length > MAX_SPECS) throw errors.LS_INPUT_INVALID(`At most ${MAX_SPECS} specs`, { field });
  const names = new Set<string>();
  specs.forEach((spec, i) => {
    if (!specText.test(spec.name) || spec.name.length > 10) {
      throw errors.LS_INPUT_INVALID('A spec name is 1–10 characters without : ; |', { field: `${field}.${i}.name` });
    }
    if (names.has(spec.name)) throw errors.LS_INPUT_INVALID(`Spec ${spec.name} is listed twice`, { field: `${field}.${i}.name` });
    names.add(spec.name);
    if (spec.values.length < 1 || spec.values.length > MAX_SPEC_VALUES) {
      throw errors.LS_INPUT_INVALID(`A spec has 1–${MAX_SPEC_VALUES} values`, { field: `${field}.${i}.values` });
    }
    if (new Set(spec.values).size !== spec.values.length) {
      throw errors.LS_INPUT_INVALID(`Spec ${spec.name} lists a value twice`, { field: `${field}.${i}.values` });
    }
    spec.values.forEach((value, j) => {
      if (!specText.test(value) || value.length > 20) {
        throw errors.LS_INPUT_INVALID('A spec value is 1–20 characters without : ; |', { field: `${field}.${i}.values.${j}` });
      }
    });
  });
}

/**
 * The canonical key of a combination, unique within a product. Entries are sorted by spec name
 * (`尺码:M|颜色:红`), so the key survives a reordering of the product's specs.
 */
export function specKeyOf(values: SpecValues): string {
  return Object.keys(values).sort().map((name) => `${name}:${values[name]}`).join('|');
}

/** What the till and receipts show: the values in the product's spec order (`红 / M`). */
export function specTextOf(specs: SpecDef[], values: SpecValues): string {
  return specs.map((spec) => values[spec.name]).filter((v) => v !== undefined).join(' / ');
}

/**
 * Checks that a SKU names exactly the product's specs with listed values, and returns its
 * values in the product's spec order. `field` names the SKU's specValues in errors.
 */
export function resolveSpecValues(specs: SpecDef[], values: SpecValues, field: string): SpecValues {
  const given = Object.keys(values);
  const out: SpecValues = {};
  for (const spec of specs) {
    const value = values[spec.name];
    if (value === undefined) throw errors.LS_CATALOG_SPEC_MISMATCH(`${spec.name} is missing`, { field });
    if (!spec.values.includes(value)) {
      throw errors.LS_CATALOG_SPEC_MISMATCH(`${value} is not a value of ${spec.name}`, { field });
    }
    out[spec.name] = value;
  }
  const extra = given.find((name) => !specs.some((spec) => spec.name === name));
  if (extra !== undefined) throw errors.LS_CATALOG_SPEC_MISMATCH(`The product has no spec ${extra}`, { field });
  return out;
}

/** Every combination of the specs, in the order an editor shows them (the last spec varies fastest). */
export function expandSpecs(specs: SpecDef[]): SpecValues[] {
  const total = specs.reduce((n, spec) => n * spec.values.length, 1);
  if (total > MAX_SKUS) throw errors.LS_INPUT_INVALID(`The specs make ${total} combinations; at most ${MAX_SKUS}`, { field: 'specs' });
  let rows: SpecValues[] = [{}];
  for (const spec of specs) {
    rows = rows.flatMap((row) => spec.values.map((value) => ({ ...row, [spec.name]: value })));
  }
  return rows;
}

/** Validates a product's SKU list against its specs: every SKU exactly covers them, no combination twice. */
export function resolveSkuSpecs<S extends { specValues?: SpecValues }>(
  specs: SpecDef[], skus: S[],
): (S & { specValues: SpecValues; specKey: string })[] {
  if (specs.length === 0 && skus.length !== 1) {
    throw errors.LS_CATALOG_SPEC_MISMATCH('A product without specs has exactly one SKU', { field: 'skus' });
  }
  if (skus.length === 0) throw errors.LS_CATALOG_SPEC_MISMATCH('A product needs at least one SKU', { field: 'skus' });
  if (skus.length > MAX_SKUS) throw errors.LS_INPUT_INVALID(`At most ${MAX_SKUS} SKUs`, { field: 'skus' });
  const seen = new Map<string, number>();
  return skus.map((sku, i) => {
    const specValues = resolveSpecValues(specs, sku.specValues ?? {}, `skus.${i}.specValues`);
    const specKey = specKeyOf(specValues);
    const first = seen.get(specKey);
    if (first !== undefined) {
      throw errors.LS_CATALOG_SPEC_MISMATCH(`The same specs as skus.${first}`, { field: `skus.${i}.specValues` });
    }
    seen.set(specKey, i);
    return { ...sku, specValues, specKey };
  });
}
