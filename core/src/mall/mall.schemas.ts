import { fen, objectSchema, text, uuid, timestamp, listQueryProperties } from '../http/schemas.ts';
import { orderDetail, orderSummary, quoteOutput } from '../orders/orders.schemas.ts';
import { refundRequest } from '../orders/refund-requests.schemas.ts';
import { DELIVERY_MODES } from './delivery.ts';
import { ORDER_TABS } from './mall-orders.service.ts';

const appid = { type: 'string', pattern: '^wx[0-9a-f]{16}$' } as const;
const phone = { type: 'string', pattern: '^1[3-9][0-9]{9}$' } as const;
const nullableTime = { type: ['string', 'null'], format: 'date-time' } as const;

const deliverySettings = {
  type: 'object',
  properties: {
    pickup: { type: 'boolean' },
    sameCity: { type: 'object', properties: { enabled: { type: 'boolean' }, feeFen: fen, freeAboveFen: fen, radiusMeters: { type: 'integer' } } },
    express: { type: 'object', properties: { enabled: { type: 'boolean' }, feeFen: fen } },
  },
} as const;

export const mallStore = {
  type: 'object',
  properties: {
    id: uuid, code: { type: 'string' }, name: { type: 'string' }, address: { type: 'string' }, phone: { type: 'string' },
    delivery: deliverySettings, returnDays: { type: 'integer' },
    customerService: { type: 'object', properties: { phone: { type: 'string' }, wechat: { type: 'string' } } },
  },
} as const;

export const entryQuery = objectSchema({ merchantId: uuid, appid });

export const entryOutput = {
  type: 'object',
  properties: {
    merchant: { type: 'object', properties: { id: uuid, name: { type: 'string' } } },
    stores: { type: 'array', items: mallStore },
    /** Demo and sandbox mode: the phone sign-in's SMS code, which the login page shows. */
    demoSmsCode: { type: ['string', 'null'] },
  },
} as const;

export const wechatLoginBody = objectSchema({ merchantId: uuid, appid, code: text(128, 1) }, ['appid', 'code']);
export const phoneLoginBody = objectSchema({ merchantId: uuid, phone, code: { type: 'string', pattern: '^[0-9]{4,8}$' } }, ['merchantId', 'phone', 'code']);
export const smsCodeBody = objectSchema({ merchantId: uuid, phone }, ['merchantId', 'phone']);

export const smsCodeOutput = {
  type: 'object',
  properties: {
    sentAt: timestamp,
    /** When the next code may be asked for; 0 in demo mode, where nothing is sent. */
    resendAfterSeconds: { type: 'integer' },
    /** Demo and sandbox mode: no message was sent, the code is the fixed demo code. */
    demo: { type: 'boolean' },
  },
} as const;

export const sessionOutput = {
  type: 'object',
  properties: {
    accessToken: { type: 'string' }, tokenType: { type: 'string' }, expiresIn: { type: 'integer' },
    customer: { type: 'object', properties: { id: uuid, name: { type: 'string' }, phone: { type: ['string', 'null'] }, memberCode: { type: 'string' } } },
  },
} as const;

export const storeQuery = objectSchema({ storeId: uuid }, ['storeId']);

const productCard = {
  type: 'object',
  properties: {
    id: uuid, name: { type: 'string' }, subtitle: { type: 'string' }, labels: { type: 'array', items: { type: 'string' } },
    unit: { type: 'string' }, weighed: { type: 'boolean' }, imageUrl: { type: ['string', 'null'] },
    minPriceFen: fen, maxPriceFen: fen, stock: { type: 'integer' },
  },
} as const;

export const homeOutput = {
  type: 'object',
  properties: {
    banners: { type: 'array', items: { type: 'object', properties: { imageUrl: { type: 'string' }, title: { type: 'string' }, productId: uuid } } },
    recommended: { type: 'array', items: productCard },
    promoted: { type: 'array', items: productCard },
    newest: { type: 'array', items: productCard },
  },
} as const;

export const productListQuery = objectSchema({
  ...listQueryProperties,
  _sort: { type: 'string', enum: ['createdAt', 'name', 'price'] },
  storeId: uuid, categoryId: uuid, label: text(10, 1),
}, ['storeId']);

export const productListOutput = { type: 'array', items: productCard } as const;

export const productOutput = {
  type: 'object',
  properties: {
    id: uuid, name: { type: 'string' }, subtitle: { type: 'string' }, description: { type: 'string' }, categoryId: { type: ['string', 'null'] },
    specs: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, values: { type: 'array', items: { type: 'string' } } } } },
    labels: { type: 'array', items: { type: 'string' } }, unit: { type: 'string' }, weighed: { type: 'boolean' },
    imageUrls: { type: 'array', items: { type: 'string' } },
    skus: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: uuid, specValues: { type: 'object', additionalProperties: { type: 'string' } }, specText: { type: 'string' }, priceFen: fen, stock: { type: 'integer' },
        },
      },
    },
  },
} as const;

const cartProperties = {
  storeId: uuid,
  lines: {
    type: 'array', minItems: 1, maxItems: 100,
    items: objectSchema({ skuId: uuid, quantity: { type: 'integer', minimum: 1, maximum: 100_000, description: 'Pieces, or grams for weighed goods' } }, ['skuId', 'quantity']),
  },
  deliveryMode: { type: 'string', enum: DELIVERY_MODES, default: 'pickup' },
  pluginInputs: { type: 'object', maxProperties: 20, additionalProperties: true, description: 'Inputs for plugins (coupon, greeting), keyed by plugin id' },
} as const;

export const cartBody = objectSchema(cartProperties, ['storeId', 'lines']);
export const checkoutBody = objectSchema({ ...cartProperties, addressId: uuid, note: text(200) }, ['storeId', 'lines']);

export const cartQuoteOutput = {
  type: 'object',
  properties: { ...quoteOutput.properties, deliveryMode: { type: 'string' }, deliveryFeeFen: fen, payableFen: fen },
} as const;

const delivery = {
  type: ['object', 'null'],
  properties: {
    mode: { type: 'string' }, feeFen: fen, address: { type: ['object', 'null'], additionalProperties: true },
    pickupCode: { type: ['string', 'null'] }, pickedUpAt: nullableTime,
  },
} as const;

export const mallOrderSummary = {
  type: 'object',
  properties: {
    ...orderSummary.properties, storeName: { type: 'string' }, delivery,
    firstLine: { type: ['object', 'null'], properties: { name: { type: 'string' }, specText: { type: 'string' }, count: { type: 'integer' } } },
  },
} as const;

export const mallOrderDetail = {
  type: 'object',
  properties: {
    ...orderDetail.properties, delivery,
    store: { type: 'object', properties: { name: { type: 'string' }, address: { type: 'string' }, phone: { type: 'string' } } },
    refundUntil: nullableTime,
    refundRequest: { ...refundRequest, type: ['object', 'null'] },
  },
} as const;

export const orderListQuery = objectSchema({
  ...listQueryProperties,
  _order: { ...listQueryProperties._order, default: 'desc' },
  tab: { type: 'string', enum: Object.keys(ORDER_TABS) },
});

export const refundRequestBody = objectSchema({ reason: text(200) });

export const payOutput = {
  type: 'object',
  properties: {
    order: mallOrderDetail,
    payment: {
      type: 'object',
      properties: {
        id: uuid, status: { type: 'string' }, amountFen: fen,
        requestPayment: { type: ['object', 'null'], additionalProperties: { type: 'string' } },
        h5Url: { type: ['string', 'null'] }, expiresAt: nullableTime,
      },
    },
  },
} as const;

export const addressBody = objectSchema({
  name: text(40, 1), phone, region: text(100), detail: text(200, 1), isDefault: { type: 'boolean' },
}, ['name', 'phone', 'detail']);

export const address = {
  type: 'object',
  properties: {
    id: uuid, name: { type: 'string' }, phone: { type: 'string' }, region: { type: 'string' }, detail: { type: 'string' }, isDefault: { type: 'boolean' },
  },
} as const;

export const meOutput = {
  type: 'object',
  properties: {
    id: uuid, name: { type: 'string' }, phone: { type: ['string', 'null'] }, memberCode: { type: 'string' },
    gender: { type: 'string' }, birthday: { type: ['string', 'null'] }, createdAt: timestamp,
  },
} as const;

export const mallSettingsBody = objectSchema({
  miniprogramSecret: { type: ['string', 'null'], pattern: '^[0-9a-f]{32}$', description: 'The mini program AppSecret; null removes it' },
  banners: {
    type: 'array', maxItems: 10,
    items: objectSchema({ imageUrl: text(500, 1), title: text(40), productId: uuid }, ['imageUrl']),
  },
});

export const mallSettingsOutput = {
  type: 'object',
  properties: { hasMiniprogramSecret: { type: 'boolean' }, banners: homeOutput.properties.banners },
} as const;

export const pickupParams = objectSchema({ code: { type: 'string', pattern: '^[0-9]{8}$' } }, ['code']);
