import { errors } from '../errors.ts';
import { AeadError, decryptResource, type EncryptedResource } from './aead.ts';
import type { PartnerCredentials } from './credentials.ts';
import { checkSignature, signedMessageFromHeaders, VerificationKeys, wechatRequestId, type VerifyOptions } from './verify.ts';
import type { PartnerTransaction } from './types.ts';

/**
 * Notifications WeChat Pay POSTs to our `notify_url`: verify the headers (key by
 * `Wechatpay-Serial`, ±5 minutes), then decrypt `resource` with the APIv3 key (tag checked), then
 * hand back a typed payload. Every failure is LS_WECHATPAY_NOTIFICATION_INVALID with a `reason`.
 *
 * Pass the body exactly as received: re-serialised JSON no longer matches the signature. The
 * same notification can arrive many times (retries: 15s/15s/30s/3m/10m/20m/30m/30m/30m/60m/3h/3h/
 * 3h/6h/6h for payments); key an inbox by `id` and answer quickly (204, or 200 `{code:"SUCCESS"}`).
 * Platform "probe" traffic is deliberately unverifiable or undecryptable: it must be rejected.
 */

export interface NotificationEnvelope {
  id: string;
  create_time: string;
  event_type: string;
  resource_type: string;
  summary: string;
  resource: EncryptedResource & { original_type?: string };
}

/** REFUND.SUCCESS / REFUND.ABNORMAL / REFUND.CLOSED resource ([WIM] webhook/v3/REFUND.SUCCESS.md). */
export interface RefundNotificationResource {
  sp_mchid?: string;
  sub_mchid?: string;
  mchid?: string;
  out_trade_no: string;
  transaction_id: string;
  out_refund_no: string;
  refund_id: string;
  refund_status: 'SUCCESS' | 'CLOSED' | 'ABNORMAL' | (string & {});
  success_time?: string;
  user_received_account?: string;
  amount?: { total?: number; refund?: number; payer_total?: number; payer_refund?: number; currency?: string; payer_currency?: string };
}

/** COUPON.USE (代金券 redeemed) resource: research notes §B. */
export interface FavorCouponUseResource {
  stock_id: string;
  coupon_id: string;
  status?: string;
  no_cash?: boolean;
  normal_coupon_information?: { coupon_amount: number; transaction_minimum: number };
  consume_information?: {
    consume_time?: string;
    consume_mchid?: string;
    transaction_id?: string;
    goods_detail?: Array<Record<string, unknown>>;
  };
  [field: string]: unknown;
}

/** COUPON.SEND (商家券 claimed) resource: research notes §A. */
export interface BusifavorCouponSendResource {
  event_type: 'EVENT_TYPE_BUSICOUPON_SEND' | (string & {});
  coupon_code: string;
  stock_id: string;
  send_time?: string;
  openid?: string;
  unionid?: string;
  send_channel?: string;
  send_merchant?: string;
  attach_info?: Record<string, unknown>;
}

interface NotificationBase {
  id: string;
  createTime: string;
  resourceType: string;
  summary: string;
  /** `Request-ID` header. */
  requestId: string | undefined;
  /** Which key verified it. */
  verifiedBy: { serial: string; keyKind: 'platform_certificate' | 'public_key' };
}

export type WechatpayNotification =
  | (NotificationBase & { kind: 'transaction'; eventType: 'TRANSACTION.SUCCESS'; resource: PartnerTransaction })
  | (NotificationBase & { kind: 'refund'; eventType: 'REFUND.SUCCESS' | 'REFUND.ABNORMAL' | 'REFUND.CLOSED'; resource: RefundNotificationResource })
  | (NotificationBase & { kind: 'coupon_use'; eventType: 'COUPON.USE'; resource: FavorCouponUseResource })
  | (NotificationBase & { kind: 'coupon_send'; eventType: 'COUPON.SEND'; resource: BusifavorCouponSendResource })
  | (NotificationBase & { kind: 'other'; eventType: string; resource: unknown });

export interface IncomingNotification {
  /** Request headers (Fastify's lower-case record or a fetch `Headers`). */
  headers: Headers | Record<string, string | string[] | undefined>;
  /** The raw body text. */
  body: string;
}

function invalid(reason: string, message: string, cause?: unknown) {
  return errors.LS_WECHATPAY_NOTIFICATION_INVALID(message, { ...(cause === undefined ? {} : { cause }), extra: { reason } });
}

function isEnvelope(value: unknown): value is NotificationEnvelope {
  const v = value as Partial<NotificationEnvelope> | null;
  return typeof v === 'object' && v !== null && typeof v.id === 'string' && typeof v.event_type === 'string'
    && typeof v.resource === 'object' && v.resource !== null
    && typeof v.resource.ciphertext === 'string' && typeof v.resource.nonce === 'string';
}

/**
 * Verifies, decrypts and types one notification for the partner whose credentials are given.
 * `keys` defaults to the credentials' own; pass `now` to pin the clock in tests.
 */
export function parseNotification(
  incoming: IncomingNotification,
  credentials: Pick<PartnerCredentials, 'apiv3Key' | 'spMchid' | 'platformCertificates' | 'wechatpayPublicKey'>,
  options: VerifyOptions & { keys?: VerificationKeys } = {},
): WechatpayNotification {
  const keys = options.keys ?? VerificationKeys.fromCredentials(credentials);
  const checked = checkSignature(signedMessageFromHeaders(incoming.headers, incoming.body), keys, options);
  if (!checked.ok) throw invalid(checked.reason, 'The notification signature is not valid');

  let envelope: unknown;
  try {
    envelope = JSON.parse(incoming.body);
  } catch (cause) {
    throw invalid('malformed', 'The notification body is not JSON', cause);
  }
  if (!isEnvelope(envelope)) throw invalid('malformed', 'The notification has no id, event_type or resource');

  let plaintext: string;
  try {
    plaintext = decryptResource(envelope.resource, credentials.apiv3Key);
  } catch (cause) {
    throw invalid(cause instanceof AeadError ? cause.reason : 'auth_failed', 'The notification resource cannot be decrypted', cause);
  }
  let resource: unknown;
  try {
    resource = JSON.parse(plaintext);
  } catch (cause) {
    throw invalid('malformed', 'The notification resource is not JSON', cause);
  }
  // "校验通知的信息是否与商户侧的信息一致": a payment or refund of another service provider is not ours.
  const spMchid = (resource as { sp_mchid?: unknown } | null)?.sp_mchid;
  if (typeof spMchid === 'string' && spMchid !== credentials.spMchid) {
    throw invalid('mchid_mismatch', 'The notification is for another service provider');
  }

  const base: NotificationBase = {
    id: envelope.id,
    createTime: envelope.create_time,
    resourceType: envelope.resource_type,
    summary: envelope.summary,
    requestId: wechatRequestId(incoming.headers),
    verifiedBy: { serial: checked.serial, keyKind: checked.keyKind },
  };
  switch (envelope.event_type) {
    case 'TRANSACTION.SUCCESS':
      return { ...base, kind: 'transaction', eventType: 'TRANSACTION.SUCCESS', resource: resource as PartnerTransaction };
    case 'REFUND.SUCCESS':
    case 'REFUND.ABNORMAL':
    case 'REFUND.CLOSED':
      return { ...base, kind: 'refund', eventType: envelope.event_type, resource: resource as RefundNotificationResource };
    case 'COUPON.USE':
      return { ...base, kind: 'coupon_use', eventType: 'COUPON.USE', resource: resource as FavorCouponUseResource };
    case 'COUPON.SEND':
      return { ...base, kind: 'coupon_send', eventType: 'COUPON.SEND', resource: resource as BusifavorCouponSendResource };
    default:
      return { ...base, kind: 'other', eventType: envelope.event_type, resource };
  }
}

/** The answer WeChat expects when a notification is refused (it will retry). */
export function notificationFailureBody(message: string): { code: 'FAIL'; message: string } {
  return { code: 'FAIL', message };
}
