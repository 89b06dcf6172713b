import { objectSchema, problemResponses, timestamp } from '@lingshou/plugin-sdk';
import { codeSummary, uploadCodes } from './codes.service.ts';
import { couponParams } from './coupons.schemas.ts';
import type { PluginRoutes } from './types.ts';
import { UPLOAD_BATCH, UPLOAD_CODE_PATTERN } from './upload-rule.ts';

const read = { auth: 'staff', permission: 'order.read' } as const;
const manage = { auth: 'staff', permission: 'plugin.manage' } as const;
const tags = ['plugin: merchant-coupon'];
const count = { type: 'integer' } as const;

const codesBody = objectSchema({
  codes: {
    type: 'array', minItems: 1, maxItems: UPLOAD_BATCH, items: { type: 'string', pattern: UPLOAD_CODE_PATTERN },
    title: '券码',
    description: `1 to ${UPLOAD_BATCH} codes (WeChat's batch), each 1 to 32 letters or digits (WeChat also allows - _ \\ / = |, which checkout and the till's scanner do not). A code repeated in the list counts once; one already uploaded, to this coupon or another, is refused as codes.<i>.`,
  },
}, ['codes']);

const uploadOutput = {
  type: 'object',
  properties: {
    uploaded: count, total: count, unused: count,
    failed: { type: 'array', items: { type: 'object', properties: { index: count, code: { type: 'string' }, message: { type: 'string' } } } },
  },
} as const;

const summaryOutput = {
  type: 'object',
  properties: {
    total: count, claimed: count, used: count, unused: count, budgetLeft: count,
    lastUploadAt: { ...timestamp, type: ['string', 'null'] },
  },
} as const;

/** Code mode `upload` (MERCHANT_UPLOAD): the merchant uploads the codes WeChat sends, and sees what became of them. */
export const codesRoutes: PluginRoutes = async (app, { inContext }) => {
  app.post<{ Params: { id: string }; Body: { codes: string[] } }>('/coupons/:id/codes', {
    config: manage,
    schema: {
      tags, params: couponParams, body: codesBody, response: { 200: uploadOutput, ...problemResponses },
      description: 'Uploads codes to an upload-mode coupon\'s stock at WeChat (上传预存code), which picks one at random for each coupon it sends; claims stay within the codes uploaded. Answers the batch\'s count, the coupon\'s total and unused codes, and any WeChat refused (`failed`, by their index in `codes`).',
    },
  }, (request) => inContext(request, (ctx) => uploadCodes(ctx, request.params.id, request.body.codes)));

  app.get<{ Params: { id: string } }>('/coupons/:id/codes', {
    config: read,
    schema: {
      tags, params: couponParams, response: { 200: summaryOutput, ...problemResponses },
      description: 'An upload-mode coupon\'s codes: uploaded, claimed (sent by WeChat), used, unused, what can still be claimed, and when the last batch came.',
    },
  }, (request) => inContext(request, (ctx) => codeSummary(ctx, request.params.id)));
};
