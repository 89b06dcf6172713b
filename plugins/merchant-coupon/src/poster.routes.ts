import QRCode from 'qrcode';
import { objectSchema, problemResponses, uuid, type PluginContext } from '@lingshou/plugin-sdk';
import { ruleText } from './coupon.ts';
import { findCoupon } from './coupons.store.ts';
import type { PluginRoutes } from './types.ts';
import { validText } from './wallet.ts';

const manage = { auth: 'staff', permission: 'plugin.manage' } as const;
const tags = ['plugin: merchant-coupon'];
const params = objectSchema({ id: uuid }, ['id']);
const query = objectSchema({ storeId: uuid });

/**
 * The page a scanned code opens: the mall's coupon centre (H5, hash router) for this merchant and
 * coupon, where the customer claims it. The origin is the one the admin reached the server at.
 */
export function claimUrl(origin: string, tenantId: string, couponId: string, storeId?: string): string {
  const search = new URLSearchParams({ tenantId, couponId, ...(storeId ? { storeId } : {}) });
  return `${origin}/mall/#/pages/coupons/index?${search.toString()}`;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}

/** A printable A6-ish poster: the coupon's name, rule and window above the claim QR code. */
function posterSvg(title: string, rule: string, valid: string, qrSvg: string): string {
  const qr = qrSvg.replace('<svg', '<svg x="60" y="200" width="480" height="480"');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="820" viewBox="0 0 600 820">
<rect width="600" height="820" fill="#fff5f0"/>
<rect x="20" y="20" width="560" height="780" rx="24" fill="#ffffff" stroke="#fa541c" stroke-width="4"/>
<text x="300" y="90" text-anchor="middle" font-size="40" font-weight="bold" fill="#fa541c">${escapeXml(title)}</text>
<text x="300" y="140" text-anchor="middle" font-size="28" fill="#262626">${escapeXml(rule)}</text>
<text x="300" y="180" text-anchor="middle" font-size="20" fill="#8c8c8c">${escapeXml(valid)}</text>
${qr}
<text x="300" y="740" text-anchor="middle" font-size="26" fill="#262626">微信扫码领取</text>
</svg>
`;
}

/** 下载券码，客户扫码领取 (seed 4.9): the claim QR code as PNG, and a poster around it as SVG. */
export const posterRoutes: PluginRoutes = async (app, { inContext }) => {
  const originOf = (request: { protocol: string; host: string }) => `${request.protocol}://${request.host}`;

  app.get<{ Params: { id: string }; Querystring: { storeId?: string } }>('/coupons/:id/qrcode.png', {
    config: manage,
    schema: { tags, params, querystring: query, description: 'The QR code that opens the claim page (PNG).', response: { 200: { type: 'string', format: 'binary' }, ...problemResponses } },
  }, async (request, reply) => {
    const { tenantId, coupon } = await inContext(request, async (ctx) => ({ tenantId: ctx.tenantId, coupon: await findCoupon(ctx, request.params.id) }));
    const png = await QRCode.toBuffer(claimUrl(originOf(request), tenantId, coupon.id, request.query.storeId), { width: 512, margin: 2 });
    return reply.type('image/png').header('content-disposition', `attachment; filename="coupon-${coupon.id}.png"`)
      .serializer((body) => body as string).send(png);
  });

  const poster = async (ctx: PluginContext, origin: string, couponId: string, storeId?: string) => {
    const coupon = await findCoupon(ctx, couponId);
    const qr = await QRCode.toString(claimUrl(origin, ctx.tenantId, coupon.id, storeId), { type: 'svg', margin: 1 });
    return { filename: `coupon-${coupon.id}.svg`, svg: posterSvg(coupon.name, ruleText(coupon), validText(coupon), qr) };
  };

  app.get<{ Params: { id: string }; Querystring: { storeId?: string } }>('/coupons/:id/poster.svg', {
    config: manage,
    schema: { tags, params, querystring: query, description: 'A printable claim poster: name, rule, window and the QR code (SVG).', response: { 200: { type: 'string' }, ...problemResponses } },
  }, async (request, reply) => {
    const { filename, svg } = await inContext(request, (ctx) => poster(ctx, originOf(request), request.params.id, request.query.storeId));
    return reply.type('image/svg+xml; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`).send(svg);
  });
};
