import { listQueryProperties, objectSchema, problemResponses, text, timestamp, uuid, type ConfigSchema } from '@lingshou/plugin-sdk';

/**
 * Money fields carry `x-unit: fen`: the API speaks integer fen, and the admin's schema-driven
 * form shows and takes them in 元.
 */
const money = (title: string, minimum: number) => ({ type: 'integer', minimum, maximum: 100_000_000, title, 'x-unit': 'fen' }) as const;

/** A goods tag the payment must carry for an item-level voucher (WeChat: ≤ 32 characters). */
const goodsTag = { type: 'string', minLength: 1, maxLength: 32, pattern: '^[A-Za-z0-9_-]+$' } as const;

/** A stock's fields as the merchant fills them in; the titles label the admin's form and columns. */
export const stockFields = {
  name: { ...text(20, 1), pattern: '\\S', title: '批次名称' },
  comment: { ...text(20), title: '备注（仅商户可见）' },
  chargeMode: {
    type: 'string', enum: ['pre_charged', 'no_charge'], title: '出资方式',
    description: '预充值：激活时锁定商户资金；免充值：需特约商户先授权服务商',
  },
  amountFen: money('面额', 1),
  thresholdFen: money('使用门槛（满多少可用，0 为无门槛）', 0),
  beginAt: { ...timestamp, title: '可用开始时间' },
  endAt: { ...timestamp, title: '可用结束时间' },
  maxCoupons: { type: 'integer', minimum: 1, maximum: 1_000_000_000, title: '发放总数（预算张数）' },
  maxAmountFen: { ...money('预算总额（= 面额 × 发放总数）', 1), maximum: 100_000_000_000_000 },
  maxPerUser: { type: 'integer', minimum: 1, maximum: 100, title: '每人限领' },
  goodsTags: { type: 'array', maxItems: 20, uniqueItems: true, items: goodsTag, title: '单品券商品标记（goods_tag）' },
  status: {
    type: 'string', enum: ['draft', 'unactivated', 'running', 'paused', 'stopped'], title: '状态',
    description: '新建时选 running 即创建后立即激活；之后改为 running / paused 以激活、暂停或重启',
  },
} as const;

export const stockBody = objectSchema(stockFields, ['name', 'chargeMode', 'amountFen', 'beginAt', 'endAt', 'maxCoupons', 'maxPerUser']);

/** The admin's create form. */
export const stockForm: ConfigSchema = { type: 'object', required: [...stockBody.required], properties: stockFields };

/**
 * PATCH /stocks/:id takes the form back as the admin sends it: the rules must be unchanged (WeChat
 * keeps a stock's rules), and `status` moves it: running (activate or restart) or paused.
 */
export const stockPatch = objectSchema(stockFields);

const count = { type: 'integer' } as const;
const nullableText = { type: ['string', 'null'] } as const;

export const stockOutput = {
  type: 'object',
  properties: {
    id: uuid, name: { type: 'string' }, comment: { type: 'string' }, chargeMode: { type: 'string' },
    amountFen: count, thresholdFen: count, beginAt: timestamp, endAt: timestamp,
    maxCoupons: count, maxAmountFen: count, maxPerUser: count, goodsTags: { type: 'array', items: { type: 'string' } },
    status: { type: 'string' }, wechatStockId: nullableText, outRequestNo: { type: 'string' }, lastError: nullableText,
    sentCount: count, usedCount: count, usedAmountFen: count, refundedFen: count,
    distributedCoupons: count, budgetLeftCoupons: count, budgetLeftFen: count,
    syncedAt: { type: ['string', 'null'], format: 'date-time' }, createdAt: timestamp, updatedAt: timestamp,
  },
} as const;

export const stockQuery = objectSchema({ ...listQueryProperties, status: { type: 'string', enum: ['draft', 'unactivated', 'running', 'paused', 'stopped'] } });

export const stockParams = objectSchema({ id: uuid }, ['id']);

const wechatProblem = problemResponses[400];
/** Routes that call WeChat may also answer 502 (WeChat refused or failed) and 504 (no answer in time). */
export const wechatProblems = { ...problemResponses, 502: wechatProblem, 504: wechatProblem } as const;

export interface StockInput {
  name: string;
  comment?: string;
  chargeMode: 'pre_charged' | 'no_charge';
  amountFen: number;
  thresholdFen?: number;
  beginAt: string;
  endAt: string;
  maxCoupons: number;
  maxAmountFen?: number;
  maxPerUser: number;
  goodsTags?: string[];
  status?: 'draft' | 'unactivated' | 'running' | 'paused' | 'stopped';
}
