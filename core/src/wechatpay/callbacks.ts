import type { WechatpayClient } from './client.ts';

/**
 * Where WeChat sends a marketing product's notifications for a merchant number (notes §A/§B):
 * `POST /v3/marketing/busifavor/callbacks {mchid, notify_url}` for merchant coupons (COUPON.SEND),
 * `POST /v3/marketing/favor/callbacks {mchid, notify_url, switch}` for vouchers (COUPON.USE).
 */
export async function setMarketingCallback(
  client: WechatpayClient, product: 'busifavor' | 'favor', input: { mchid: string; notifyUrl: string },
): Promise<{ notify_url: string; update_time?: string }> {
  const body = product === 'favor'
    ? { mchid: input.mchid, notify_url: input.notifyUrl, switch: true }
    : { mchid: input.mchid, notify_url: input.notifyUrl };
  const { data } = await client.post<{ notify_url: string; update_time?: string }>(`/v3/marketing/${product}/callbacks`, body);
  return data;
}
