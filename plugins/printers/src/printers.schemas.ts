import { listQueryProperties, objectSchema, problemResponses, text, timestamp, uuid, type ConfigSchema } from '@lingshou/plugin-sdk';
import type { PaperWidth } from './text-width.ts';
import type { Brand } from './vendors/vendor.ts';

/** A printer's fields as the merchant fills them in; the titles label the admin's form and columns. */
export const printerFields = {
  storeId: { ...uuid, title: '门店' },
  brand: { type: 'string', enum: ['feie', 'yilianyun'], title: '品牌', description: 'feie 飞鹅云；yilianyun 易联云' },
  name: { ...text(40, 1), pattern: '\\S', title: '名称' },
  sn: { type: 'string', minLength: 1, maxLength: 32, pattern: '^[A-Za-z0-9]+$', title: '编号（飞鹅 SN / 易联云终端号）' },
  key: {
    type: 'string', minLength: 1, maxLength: 64, pattern: '^\\S+$', writeOnly: true, title: '打印机 KEY / 终端密钥',
    description: '添加时发给打印机云平台完成绑定，不保存、不回显',
  },
  paperWidth: { type: 'integer', enum: [58, 80], title: '纸宽（mm）' },
  copies: { type: 'integer', minimum: 1, maximum: 9, title: '打印联数' },
  autoPrint: { type: 'boolean', title: '支付后自动打印' },
  title: { ...text(40), title: '小票抬头', description: '留空则打印门店名称' },
} as const;

export const printerBody = objectSchema(printerFields, ['storeId', 'brand', 'name', 'sn', 'key']);
export const printerPatch = objectSchema(printerFields);

/**
 * The admin's create/edit form. The key is not required here, so the edit form (which never
 * gets it back) saves without it; creating without one is refused naming `key`.
 */
export const printerForm: ConfigSchema = { type: 'object', required: ['storeId', 'brand', 'name', 'sn'], properties: printerFields };

export const printerOutput = {
  type: 'object',
  properties: {
    id: uuid, storeId: uuid, storeName: { type: ['string', 'null'] }, brand: { type: 'string' }, name: { type: 'string' }, sn: { type: 'string' },
    paperWidth: { type: 'integer' }, copies: { type: 'integer' }, autoPrint: { type: 'boolean' }, title: { type: 'string' },
    createdAt: timestamp, updatedAt: timestamp,
  },
} as const;

export const printerQuery = objectSchema({ ...listQueryProperties, storeId: uuid, brand: printerFields.brand });
export const printerParams = objectSchema({ id: uuid }, ['id']);

export const statusOutput = objectSchema({
  id: uuid, online: { type: ['boolean', 'null'] }, normal: { type: 'boolean' }, text: { type: 'string' }, checkedAt: timestamp,
}, ['id', 'online', 'normal', 'text', 'checkedAt']);

const vendorProblem = problemResponses[400];
/** Routes that call a printer cloud may also answer 422 (it refused) and 502 (no usable answer). */
export const vendorProblems = { ...problemResponses, 422: vendorProblem, 502: vendorProblem } as const;

export interface PrinterInput {
  storeId: string;
  brand: Brand;
  name: string;
  sn: string;
  key: string;
  paperWidth?: PaperWidth;
  copies?: number;
  autoPrint?: boolean;
  title?: string;
}
