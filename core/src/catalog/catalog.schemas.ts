import { fen, listQueryProperties, objectSchema, text, timestamp, uuid } from '../http/schemas.ts';
import { imageKeyPattern } from '../storage/storage.ts';
import { MAX_SKUS, MAX_SPEC_VALUES, MAX_SPECS, specTextPattern } from './specs.ts';

/** The schema, or null (type arrays keep ajv's error pointing at the field). */
const nullable = <S extends { type: string }>(schema: S) => ({ ...schema, type: [schema.type, 'null'] }) as const;
const str = { type: 'string' } as const;
const nullableStr = { type: ['string', 'null'] } as const;

// Categories

export const categoryFields = {
  parentId: { ...nullable(uuid), description: 'null or absent: a top-level category' },
  name: text(40, 1),
  sort: { type: 'integer', minimum: -100000, maximum: 100000, description: 'Smaller first among siblings' },
} as const;

export const categoryOutput = {
  type: 'object',
  properties: { id: uuid, parentId: nullableStr, name: str, sort: { type: 'integer' }, createdAt: timestamp, updatedAt: timestamp },
} as const;

export const categoryNode = {
  $id: 'CatalogCategoryNode',
  type: 'object',
  properties: { ...categoryOutput.properties, children: { type: 'array', items: { $ref: 'CatalogCategoryNode#' } } },
} as const;

export const categoryListQuery = objectSchema({ ...listQueryProperties, parentId: uuid });

// Specs and SKUs

const specName = { type: 'string', minLength: 1, maxLength: 10, pattern: specTextPattern } as const;
const specValue = { type: 'string', minLength: 1, maxLength: 20, pattern: specTextPattern } as const;

export const specsSchema = {
  type: 'array', maxItems: MAX_SPECS,
  description: 'Up to 3 specs such as 颜色 and 尺码, each with 1–20 values; empty for a single-spec product.',
  items: objectSchema({ name: specName, values: { type: 'array', minItems: 1, maxItems: MAX_SPEC_VALUES, uniqueItems: true, items: specValue } }, ['name', 'values']),
} as const;

const specValues = {
  type: 'object', maxProperties: MAX_SPECS, additionalProperties: specValue,
  description: 'Spec name → value, naming every spec of the product exactly ({} for a single-spec product).',
} as const;

const codeText = { type: 'string', pattern: '^[0-9A-Za-z_-]{1,40}$' } as const;

export const skuInput = objectSchema({
  id: { ...uuid, description: 'An existing SKU to update; without it the SKU is matched by its specs or added.' },
  specValues,
  priceFen: { ...fen, description: 'Price in fen; for weighed goods per kilogram.' },
  costFen: { ...nullable(fen), description: 'Cost in fen (per kilogram for weighed goods).' },
  barcode: { ...nullable(codeText), description: 'Unique per merchant.' },
  code: { ...nullable(codeText), description: 'The merchant\'s own SKU code, unique per merchant.' },
  active: { type: 'boolean', default: true },
}, ['priceFen']);

const stockLevel = {
  type: 'object',
  properties: { warehouseId: uuid, warehouseName: str, storeId: nullableStr, onHand: { type: 'integer', description: 'Pieces, or grams for weighed goods.' } },
} as const;

export const skuOutput = {
  type: 'object',
  properties: {
    id: uuid, productId: uuid, specValues: { type: 'object', additionalProperties: str }, specKey: str, specText: str,
    code: nullableStr, barcode: nullableStr, priceFen: { type: 'integer' }, costFen: { type: ['integer', 'null'] },
    active: { type: 'boolean' }, createdAt: timestamp, updatedAt: timestamp,
    stock: { type: 'array', items: stockLevel, description: 'With ?withStock=true: on-hand per warehouse.' },
  },
} as const;

// Products

const productFields = {
  categoryId: nullable(uuid),
  name: text(60, 1),
  subtitle: text(120),
  description: text(20000),
  specs: specsSchema,
  labels: { type: 'array', maxItems: 10, items: text(10, 1), description: 'Free labels such as 新品, 热卖 (≤ 10, ≤ 10 characters each).' },
  images: {
    type: 'array', maxItems: 20, items: { type: 'string', pattern: imageKeyPattern },
    description: 'Storage keys from POST /uploads/images; the first is the cover.',
  },
  weighed: { type: 'boolean', description: 'Sold by weight: prices are per kilogram (fen), quantities and stock in grams.' },
  unit: text(8, 1),
  status: { type: 'string', enum: ['on_sale', 'off_sale'] },
  skus: {
    type: 'array', minItems: 1, maxItems: MAX_SKUS, items: skuInput,
    description: 'One SKU per spec combination (exactly one without specs). On update, the full list: an active SKU left out is deleted, or deactivated if it was ever sold or stocked; a SKU without id that has the specs of an existing one updates it.',
  },
} as const;

export const productCreate = objectSchema(productFields, ['name', 'skus']);
export const productUpdate = objectSchema(productFields);

const productProperties = {
  id: uuid, categoryId: nullableStr, name: str, subtitle: str, description: str,
  specs: { type: 'array', items: { type: 'object', properties: { name: str, values: { type: 'array', items: str } } } },
  labels: { type: 'array', items: str }, images: { type: 'array', items: str }, imageUrls: { type: 'array', items: str },
  weighed: { type: 'boolean', description: 'Prices per kilogram, quantities in grams.' },
  unit: str, status: str, pinyin: str, createdAt: timestamp, updatedAt: timestamp,
} as const;

export const productOutput = { type: 'object', properties: { ...productProperties, skus: { type: 'array', items: skuOutput } } } as const;

export const productListItem = {
  type: 'object',
  properties: {
    ...productProperties,
    priceMinFen: { type: ['integer', 'null'], description: 'Lowest price of the active SKUs.' },
    priceMaxFen: { type: ['integer', 'null'] },
    skuCount: { type: 'integer', description: 'Active SKUs.' },
  },
} as const;

export const productListQuery = objectSchema({
  ...listQueryProperties,
  categoryId: { ...uuid, description: 'Includes subcategories.' },
  status: { type: 'string', enum: ['on_sale', 'off_sale'] },
  label: text(10, 1),
  weighed: { type: 'boolean' },
});

export const productGetQuery = objectSchema({ withStock: { type: 'boolean', default: false } });

export const matrixInput = objectSchema({
  specs: specsSchema,
  productId: { ...uuid, description: 'Fill rows that the product already has with its SKU.' },
}, ['specs']);

export const matrixRow = {
  type: 'object',
  properties: { specValues: { type: 'object', additionalProperties: str }, specKey: str, specText: str, sku: { ...skuOutput, type: ['object', 'null'] } },
} as const;

// Till

export const saleSkuOutput = {
  type: 'object',
  properties: {
    id: uuid, productId: uuid, name: str, specText: str, barcode: nullableStr, code: nullableStr,
    priceFen: { type: 'integer', description: 'Per piece; per kilogram for weighed goods.' },
    weighed: { type: 'boolean', description: 'Sold by the gram at priceFen per kilogram.' },
    unit: str, active: { type: 'boolean' }, productStatus: str, imageUrl: nullableStr,
  },
} as const;

export const skuSearchQuery = objectSchema({
  ...listQueryProperties,
  id: {
    type: 'array', items: uuid, maxItems: 100, uniqueItems: true,
    description: 'Only these SKUs (`id=…&id=…`, as Refine\'s getMany asks): a saved selection shown again',
  },
});
export const codeParams = objectSchema({ code: codeText }, ['code']);
