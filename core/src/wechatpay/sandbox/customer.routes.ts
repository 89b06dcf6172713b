/**
 * The customer's side, simulated: a confirm-payment page for a JSAPI prepay (what the H5 mall
 * opens instead of WeChat's cashier) and the send-coupon plugin's claim of merchant coupons.
 * Public routes: they act as a customer, never as a merchant.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { LingshouError } from '../../errors.ts';
import { objectSchema, text } from '../../http/schemas.ts';
import { claimBusifavorCoupons, type ClaimInput } from './busifavor.ts';
import type { SandboxContext } from './context.ts';
import { findSubMerchant } from './merchants.ts';
import { findPrepay, payPrepay, type TransactionRow } from './payments.ts';
import { num } from './db.ts';

const CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'";

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Only http(s) return URLs are followed: anything else (javascript:, data:) is dropped. */
function safeReturnUrl(raw: string | undefined): string | null {
  if (!raw) return null;
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : null;
  } catch {
    return null;
  }
}

const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{margin:0;font-family:-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;background:#ededed;color:#191919}
main{max-width:420px;margin:0 auto;padding:32px 20px;text-align:center}
.badge{display:inline-block;font-size:12px;color:#fff;background:#fa9d3b;border-radius:4px;padding:2px 8px}
.merchant{margin-top:24px;font-size:17px}.desc{color:#7f7f7f;font-size:14px;margin-top:6px}
.amount{font-size:44px;font-weight:600;margin:20px 0 28px}
button,a.button{display:block;width:100%;box-sizing:border-box;border:0;border-radius:8px;padding:14px;font-size:17px;text-decoration:none}
button{background:#07c160;color:#fff}a.button{margin-top:12px;background:#fff;color:#191919}
.state{font-size:20px;margin:24px 0}
</style></head><body><main><span class="badge">微信支付沙箱 · 模拟付款</span>${body}</main></body></html>`;
}

function sendHtml(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply.code(status).header('content-security-policy', CSP).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);
}

const STATE_TEXT: Record<string, string> = { SUCCESS: '已支付', REFUND: '已支付（有退款）', CLOSED: '订单已关闭', REVOKED: '订单已撤销', PAYERROR: '支付失败' };

async function confirmPage(ctx: SandboxContext, row: TransactionRow, returnUrl: string | null, note = ''): Promise<string> {
  const sub = await findSubMerchant(ctx.knex, row.sub_mchid);
  const back = returnUrl ? `<a class="button" href="${escapeHtml(returnUrl)}">返回商户</a>` : '';
  const head = `<div class="merchant">${escapeHtml(sub?.name ?? row.sub_mchid)}</div><div class="desc">${escapeHtml(row.request.description)}</div>
<div class="amount">${yuan(num(row.total_fen))}</div>`;
  if (row.trade_state !== 'NOTPAY') return page('微信支付', `${head}<div class="state">${escapeHtml(STATE_TEXT[row.trade_state] ?? row.trade_state)}</div>${back}`);
  const hidden = returnUrl ? `<input type="hidden" name="return_url" value="${escapeHtml(returnUrl)}">` : '';
  return page('微信支付', `${head}${note}<form method="post" action="${escapeHtml(row.prepay_id!)}">${hidden}<button type="submit">确认支付</button></form>${back}`);
}

type PayReq = FastifyRequest<{ Params: { prepayId: string }; Querystring: { return_url?: string }; Body: { return_url?: string } | undefined }>;

export async function customerRoutes(app: FastifyInstance, { ctx }: { ctx: SandboxContext }): Promise<void> {
  const hide = true;
  const params = objectSchema({ prepayId: text(64, 1) }, ['prepayId']);
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  // The confirm-payment page: /pay/{prepay_id}?return_url=…
  app.get('/pay/:prepayId', { schema: { hide, params, querystring: { type: 'object', properties: { return_url: text(2048) } } } }, async (request: PayReq, reply) => {
    const returnUrl = safeReturnUrl(request.query.return_url);
    try {
      return sendHtml(reply, 200, await confirmPage(ctx, await findPrepay(ctx, request.params.prepayId), returnUrl));
    } catch (error) {
      if (error instanceof LingshouError) return sendHtml(reply, error.statusCode, page('微信支付', `<div class="state">${escapeHtml(error.message)}</div>`));
      throw error;
    }
  });

  // 确认支付: pays, then back to the mall (303), or a success page when there is nowhere to go back to.
  app.post('/pay/:prepayId', { schema: { hide, params, body: { type: 'object', properties: { return_url: text(2048) } } } }, async (request: PayReq, reply) => {
    const returnUrl = safeReturnUrl(request.body?.return_url);
    try {
      await payPrepay(ctx, request.params.prepayId);
    } catch (error) {
      if (!(error instanceof LingshouError)) throw error;
      const row = await findPrepay(ctx, request.params.prepayId).catch(() => null);
      if (!row) return sendHtml(reply, error.statusCode, page('微信支付', `<div class="state">${escapeHtml(error.message)}</div>`));
      return sendHtml(reply, error.statusCode, await confirmPage(ctx, row, returnUrl, `<div class="desc">${escapeHtml(error.message)}</div>`));
    }
    if (returnUrl) return reply.header('cache-control', 'no-store').redirect(returnUrl, 303);
    return sendHtml(reply, 200, await confirmPage(ctx, await findPrepay(ctx, request.params.prepayId), null));
  });

  // The send-coupon plugin (发券插件): what WeChat does when the customer taps it.
  app.post('/customer/busifavor/send-coupon', {
    schema: {
      hide,
      body: objectSchema({
        send_coupon_merchant: text(32, 1),
        send_coupon_params: { type: 'array', minItems: 1, maxItems: 10, items: objectSchema({ stock_id: text(32, 1), out_request_no: text(128, 1), coupon_code: text(128, 1) }, ['stock_id', 'out_request_no']) },
        sign: text(128, 1), openid: text(128, 1), appid: text(32, 1),
      }, ['send_coupon_merchant', 'send_coupon_params', 'sign', 'openid']),
      response: { 200: { type: 'object', additionalProperties: true } },
    },
  }, (request: FastifyRequest<{ Body: ClaimInput }>) => claimBusifavorCoupons(ctx, request.body));
}
