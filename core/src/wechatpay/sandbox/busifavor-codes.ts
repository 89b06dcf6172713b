/**
 * 上传预存code: the codes a merchant uploads to a MERCHANT_UPLOAD 商家券 stock, from which
 * sending picks one at random (busifavor.ts). They are kept with the stock (`uploaded_codes`).
 */
import type { SandboxContext } from './context.ts';
import { json, table } from './db.ts';
import type { ServiceProvider } from './merchants.ts';
import { once, ownStock } from './busifavor.ts';
import { wx } from './wechat-error.ts';
import { wechatTime } from './wire.ts';

export interface CouponCodesUpload { coupon_code_list: string[]; upload_request_no: string }

/**
 * POST /v3/marketing/busifavor/stocks/{stock_id}/couponcodes → what was taken (`success_codes`),
 * what the stock already had (`exist_codes`) and what the request repeated (`duplicate_codes`).
 * Keyed by `upload_request_no`: a repeat gets the first answer. The code rules are the schema's.
 */
export async function uploadBusifavorCouponCodes(ctx: SandboxContext, sp: ServiceProvider, stockId: string, body: CouponCodesUpload) {
  return once(ctx, sp.spMchid, 'busifavor.codes', body.upload_request_no, { stockId, ...body }, async (trx) => {
    const stock = await ownStock(trx, sp, stockId, true);
    if (stock.coupon_code_mode !== 'MERCHANT_UPLOAD') throw wx.invalidRequest('批次的券码模式不是 MERCHANT_UPLOAD，不能上传券码');
    const held = new Set(stock.stock.uploaded_codes ?? []);
    const seen = new Set<string>();
    const duplicates = new Set<string>();
    for (const code of body.coupon_code_list) (seen.has(code) ? duplicates : seen).add(code);
    const existing = [...seen].filter((code) => held.has(code));
    const added = [...seen].filter((code) => !held.has(code));
    const uploaded = [...held, ...added];
    await table(trx, 'busifavor_stocks').where({ stock_id: stockId }).update({ stock: json({ ...stock.stock, uploaded_codes: uploaded }) });
    return {
      stock_id: stockId, total_count: seen.size, success_count: added.length, success_codes: added, success_time: wechatTime(new Date()),
      fail_count: 0, fail_codes: [], exist_codes: existing, duplicate_codes: [...duplicates],
    };
  });
}
