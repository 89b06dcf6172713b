import { listQueryProperties, objectSchema, text, timestamp, uuid } from '@lingshou/plugin-sdk';
import { couponFields } from './coupon-input.ts';
import { budgetLeft, fromRow, ruleText, valueText, type Coupon, type CouponRow } from './coupon.ts';

const nullableInt = { type: ['integer', 'null'] } as const;
const nullableString = { type: ['string', 'null'] } as const;

export const couponOutput = {
  type: 'object',
  properties: {
    id: uuid, name: { type: 'string' }, scopeText: { type: 'string' }, scene: { type: 'string' }, type: { type: 'string' },
    thresholdFen: { type: 'integer' }, amountFen: nullableInt, discountPercent: nullableInt, maxCoupons: { type: 'integer' },
    perUserLimit: { type: 'integer' }, availableFrom: timestamp, availableUntil: timestamp, daysAfterClaim: nullableInt,
    weekly: { type: ['object', 'null'], additionalProperties: true }, scope: { type: 'string' },
    storeIds: { type: 'array', items: uuid }, skuIds: { type: 'array', items: uuid }, codeMode: { type: 'string' },
    state: { type: 'string' }, stockId: nullableString, wechatState: nullableString, wechatSentCount: nullableInt,
    syncedAt: { type: ['string', 'null'], format: 'date-time' }, claimedCount: { type: 'integer' }, usedCount: { type: 'integer' },
    uploadedCount: { type: 'integer', description: 'Codes uploaded (codeMode upload): no more can be claimed' },
    budgetLeft: { type: 'integer', description: 'What can still be claimed: the budget, and in codeMode upload the codes uploaded, less what is claimed' }, valueText: { type: 'string' }, ruleText: { type: 'string' }, createdAt: timestamp, updatedAt: timestamp,
  },
} as const;

export function couponToApi(coupon: Coupon) {
  const { outRequestNo: _no, allStores, ...shown } = coupon;
  return {
    ...shown, scope: allStores ? 'all' : 'chosen', budgetLeft: budgetLeft(coupon),
    valueText: valueText(coupon), ruleText: ruleText(coupon),
  };
}

export const rowToApi = (row: CouponRow) => couponToApi(fromRow(row));

export const couponQuery = objectSchema({ ...listQueryProperties, state: { type: 'string', enum: ['creating', 'running', 'paused', 'stopped'] } });

/** The create fields without their defaults: a PATCH must not "change" what it leaves out. */
const patchFields = Object.fromEntries(Object.entries(couponFields).map(([name, { default: _default, ...field }]: [string, Record<string, unknown>]) => [name, field]));

/** PATCH takes the create form as it is (the admin's edit form resends every field) plus the state. */
export const couponPatch = objectSchema(patchFields);

export const couponParams = objectSchema({ id: uuid }, ['id']);

export const claimOutput = {
  type: 'object',
  properties: {
    id: uuid, customerId: { type: ['string', 'null'], format: 'uuid' }, customerName: nullableString, customerPhone: nullableString,
    code: nullableString, state: { type: 'string' },
    claimedAt: { type: ['string', 'null'], format: 'date-time' }, validUntil: { type: ['string', 'null'], format: 'date-time' },
    orderId: { type: ['string', 'null'], format: 'uuid' }, orderNumber: nullableString, usedAt: { type: ['string', 'null'], format: 'date-time' },
    redeemedAtWechat: { type: ['string', 'null'], format: 'date-time' }, returnedAt: { type: ['string', 'null'], format: 'date-time' },
    deactivatedAt: { type: ['string', 'null'], format: 'date-time' }, deactivateReason: nullableString,
    createdAt: timestamp,
  },
} as const;

export const claimsQuery = objectSchema({
  ...listQueryProperties, state: { type: 'string', enum: ['pending', 'available', 'locked', 'used', 'deactivated'] },
});

export const claimParams = objectSchema({ id: uuid, claimId: uuid }, ['id', 'claimId']);

/** WeChat takes up to 64 bytes of reason: 20 characters fit, Chinese ones included. */
export const deactivateBody = objectSchema({ reason: text(20, 1) }, ['reason']);

export const dailyOutput = {
  type: 'object',
  properties: { day: { type: 'string', format: 'date' }, claimed: { type: 'integer' }, used: { type: 'integer' } },
} as const;
