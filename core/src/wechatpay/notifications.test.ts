import t from 'tap';
import { encryptResource } from './aead.ts';
import { LingshouError } from '../errors.ts';
import { notificationFailureBody, parseNotification, type IncomingNotification } from './notifications.ts';
import { vectors } from './test-vectors.ts';
import {
  generateKeyPair, OTHER_CERT, signedHeaders, TEST_APIV3_KEY, TEST_NOW_MS, TEST_PUBLIC_KEY_ID, TEST_SP_APPID, TEST_SP_MCHID, TEST_SUB_MCHID,
  testPartner, type TestPlatform,
} from './testing.ts';

const now = () => TEST_NOW_MS;
const partner = testPartner('both');

/** TRANSACTION.SUCCESS for a partner payment with a voucher: [WIM] webhook/v3/TRANSACTION.SUCCESS.md, notes §B/§C. */
const transaction = {
  sp_appid: TEST_SP_APPID, sp_mchid: TEST_SP_MCHID, sub_appid: 'wxd678efh567hg6999', sub_mchid: TEST_SUB_MCHID,
  out_trade_no: 'LS20251128000001', transaction_id: '4200000000000000000000000001', trade_type: 'JSAPI', trade_state: 'SUCCESS',
  trade_state_desc: '支付成功', bank_type: 'CMC', attach: '', success_time: '2025-11-28T08:00:00+08:00',
  payer: { sp_openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o', sub_openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
  amount: { total: 10000, payer_total: 9000, currency: 'CNY', payer_currency: 'CNY' },
  promotion_detail: [{
    coupon_id: '109519', name: '满100减10', scope: 'GLOBAL', type: 'NOCASH', amount: 1000, stock_id: '931386',
    wechatpay_contribute: 0, merchant_contribute: 1000, other_contribute: 0, currency: 'CNY',
  }],
};

function notification(
  eventType: string, resource: unknown,
  options: { signer?: TestPlatform; timestampMs?: number; serial?: string; key?: string; mutate?: (envelope: Record<string, unknown>) => void } = {},
): IncomingNotification {
  const envelope: Record<string, unknown> = {
    id: 'EV-2018-06-08T10:34:56+08:00-0001',
    create_time: '2025-11-28T08:00:01+08:00',
    resource_type: 'encrypt-resource',
    event_type: eventType,
    summary: '支付成功',
    resource: { original_type: 'transaction', ...encryptResource(JSON.stringify(resource), options.key ?? TEST_APIV3_KEY, { associatedData: 'transaction' }) },
  };
  options.mutate?.(envelope);
  const body = JSON.stringify(envelope);
  const headers = signedHeaders(options.signer ?? partner.keyPlatform, body, {
    ...(options.timestampMs ? { timestampMs: options.timestampMs } : {}), ...(options.serial ? { serial: options.serial } : {}),
  });
  return { headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])), body };
}

function reason(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof LingshouError) return `${error.code} ${String(error.extra?.reason)}`;
    throw error;
  }
  return 'accepted';
}

t.test('TRANSACTION.SUCCESS verifies, decrypts and comes back typed, with promotion_detail', async (t) => {
  for (const signer of [partner.keyPlatform, partner.certPlatform]) {
    const parsed = parseNotification(notification('TRANSACTION.SUCCESS', transaction, { signer }), partner.credentials, { now });
    t.equal(parsed.kind, 'transaction');
    if (parsed.kind !== 'transaction') continue;
    t.equal(parsed.id, 'EV-2018-06-08T10:34:56+08:00-0001');
    t.equal(parsed.resource.out_trade_no, 'LS20251128000001');
    t.equal(parsed.resource.amount?.total, 10000);
    t.strictSame(parsed.resource.promotion_detail, transaction.promotion_detail);
    t.equal(parsed.verifiedBy.serial, signer.serial.toUpperCase());
    t.equal(parsed.verifiedBy.keyKind, signer === partner.keyPlatform ? 'public_key' : 'platform_certificate');
    t.match(parsed.requestId, /^08F8/);
  }
});

t.test('refund, coupon and unknown events', async (t) => {
  const refund = parseNotification(notification('REFUND.SUCCESS', {
    sp_mchid: TEST_SP_MCHID, sub_mchid: TEST_SUB_MCHID, out_trade_no: 'LS1', transaction_id: '42', out_refund_no: 'RF1', refund_id: '50',
    refund_status: 'SUCCESS', success_time: '2025-11-28T09:00:05+08:00', user_received_account: '支付用户零钱',
    amount: { total: 10000, refund: 5000, payer_total: 9000, payer_refund: 4500 },
  }), partner.credentials, { now });
  t.equal(refund.kind, 'refund');
  if (refund.kind === 'refund') t.equal(refund.resource.amount?.payer_refund, 4500);
  const abnormal = parseNotification(notification('REFUND.ABNORMAL', { out_refund_no: 'RF2', refund_status: 'ABNORMAL' }), partner.credentials, { now });
  t.match(abnormal, { kind: 'refund', eventType: 'REFUND.ABNORMAL' });

  const used = parseNotification(notification('COUPON.USE', {
    stock_id: '9856888', coupon_id: '98674556', status: 'USED', no_cash: false,
    normal_coupon_information: { coupon_amount: 1000, transaction_minimum: 10000 },
    consume_information: { consume_time: '2025-11-28T08:00:00+08:00', consume_mchid: TEST_SUB_MCHID, transaction_id: '42' },
  }), partner.credentials, { now });
  t.equal(used.kind, 'coupon_use');
  if (used.kind === 'coupon_use') t.equal(used.resource.normal_coupon_information?.coupon_amount, 1000);

  const sent = parseNotification(notification('COUPON.SEND', {
    event_type: 'EVENT_TYPE_BUSICOUPON_SEND', coupon_code: '1212', stock_id: '1000', send_time: '2025-11-28T08:00:00+08:00',
    openid: 'o1', send_channel: 'BUSICOUPON_SEND_CHANNEL_MINIAPP', send_merchant: TEST_SP_MCHID,
  }), partner.credentials, { now });
  t.match(sent, { kind: 'coupon_send', resource: { coupon_code: '1212' } });

  const other = parseNotification(notification('MCHTRANSFER.BILL.FINISHED', { x: 1 }), partner.credentials, { now });
  t.match(other, { kind: 'other', eventType: 'MCHTRANSFER.BILL.FINISHED', resource: { x: 1 } });
});

t.test('a flipped tag bit in the resource is rejected even when the body is correctly signed', async (t) => {
  const flipped = notification('TRANSACTION.SUCCESS', transaction, {
    mutate: (envelope) => {
      const resource = envelope.resource as { ciphertext: string };
      const raw = Buffer.from(resource.ciphertext, 'base64');
      raw[raw.length - 1]! ^= 0x80;
      resource.ciphertext = raw.toString('base64');
    },
  });
  t.equal(reason(() => parseNotification(flipped, partner.credentials, { now })), 'LS_WECHATPAY_NOTIFICATION_INVALID auth_failed');
  const otherKey = notification('TRANSACTION.SUCCESS', transaction, { key: 'another-32-byte-apiv3-key-000000' });
  t.equal(reason(() => parseNotification(otherKey, partner.credentials, { now })), 'LS_WECHATPAY_NOTIFICATION_INVALID auth_failed');
});

t.test('stale, wrong serial, forged, unsigned, malformed, another provider: all rejected', async (t) => {
  const parse = (incoming: IncomingNotification, credentials = partner.credentials) => () => parseNotification(incoming, credentials, { now });
  t.equal(reason(parse(notification('TRANSACTION.SUCCESS', transaction, { timestampMs: TEST_NOW_MS - 6 * 60_000 }))),
    'LS_WECHATPAY_NOTIFICATION_INVALID stale_timestamp', 'replayed 6 minutes later');
  t.equal(reason(parse(notification('TRANSACTION.SUCCESS', transaction, { signer: partner.certPlatform, serial: OTHER_CERT.serial }))),
    'LS_WECHATPAY_NOTIFICATION_INVALID unknown_serial');
  t.equal(reason(parse(notification('TRANSACTION.SUCCESS', transaction, { signer: { serial: TEST_PUBLIC_KEY_ID, ...generateKeyPair() } }))),
    'LS_WECHATPAY_NOTIFICATION_INVALID bad_signature', 'signed by a forger under our key id');
  const genuine = notification('TRANSACTION.SUCCESS', transaction);
  t.equal(reason(parse({ ...genuine, body: genuine.body.replace('支付成功', '支付失败') })), 'LS_WECHATPAY_NOTIFICATION_INVALID bad_signature');
  t.equal(reason(parse({ headers: {}, body: genuine.body })), 'LS_WECHATPAY_NOTIFICATION_INVALID missing_headers');
  t.equal(reason(parse(notification('TRANSACTION.SUCCESS', transaction, { mutate: (e) => { delete e.resource; } }))),
    'LS_WECHATPAY_NOTIFICATION_INVALID malformed');
  const notJson = 'not json';
  t.equal(reason(parse({ headers: signedHeaders(partner.keyPlatform, notJson), body: notJson })), 'LS_WECHATPAY_NOTIFICATION_INVALID malformed');
  t.equal(reason(parse(notification('TRANSACTION.SUCCESS', { ...transaction, sp_mchid: '1999999999' }))),
    'LS_WECHATPAY_NOTIFICATION_INVALID mchid_mismatch');
  t.equal(reason(parse(notification('TRANSACTION.SUCCESS', transaction, { mutate: (e) => { (e.resource as { algorithm: string }).algorithm = 'AEAD_SM4_GCM'; } }))),
    'LS_WECHATPAY_NOTIFICATION_INVALID unsupported_algorithm');
  t.equal(reason(parse(genuine, testPartner('certificate').credentials)), 'LS_WECHATPAY_NOTIFICATION_INVALID unknown_serial',
    'a certificate-mode partner does not know the public key');
  const error = t.throws(parse(notification('TRANSACTION.SUCCESS', transaction, { timestampMs: 1 })));
  t.equal((error as LingshouError).statusCode, 401);
});

t.test('the published wechatpay-go notification: signature accepted, its 16-byte-key resource refused', async (t) => {
  const vector = vectors.verify[0];
  const credentials = testPartner('certificate').credentials;
  const incoming = { headers: vector.headers, body: vector.body };
  t.equal(reason(() => parseNotification(incoming, credentials, { now: () => 1624523846 * 1000 })),
    'LS_WECHATPAY_NOTIFICATION_INVALID auth_failed', 'verified with certificate D7CE59D1F522D701, then decryption is checked');
  t.equal(reason(() => parseNotification(incoming, credentials, { now })), 'LS_WECHATPAY_NOTIFICATION_INVALID stale_timestamp', 'years later');
});

t.test('the same notification parses the same each time (the inbox dedupes by id)', async (t) => {
  const incoming = notification('TRANSACTION.SUCCESS', transaction);
  const ids = Array.from({ length: 10 }, () => parseNotification(incoming, partner.credentials, { now }).id);
  t.equal(new Set(ids).size, 1);
  t.strictSame(notificationFailureBody('验签失败'), { code: 'FAIL', message: '验签失败' });
});
