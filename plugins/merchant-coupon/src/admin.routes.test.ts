import t from 'tap';
import nock from 'nock';
import { createPluginTestKit, TEST_SP_MCHID, wechatpayReply } from '@lingshou/plugin-sdk/testing';
import merchantCoupon from './index.ts';
import { couponBody } from '../test/kit-helpers.ts';
import { chinaDays } from './daily-counts.ts';

// The routes behind the admin's coupon page: the shop's daily chart, the claim log with names and
// order numbers and the service-provider checklist. WeChat is answered by nock.
const WECHAT = 'https://api.mch.weixin.qq.com';
nock.disableNetConnect();
const kit = await createPluginTestKit({ plugin: merchantCoupon, wechatpay: 'nock' });
t.teardown(async () => { nock.cleanAll(); nock.enableNetConnect(); await kit.close(); });
const { a, b, h } = kit;
const base = '/api/v1/plugins/merchant-coupon';

nock(WECHAT).post('/v3/marketing/busifavor/callbacks', (body) => body.mchid === TEST_SP_MCHID)
  .reply(wechatpayReply(200, { notify_url: 'https://shop.lingshou.test/x', update_time: '2026-11-28T12:00:00+08:00' }));
nock(WECHAT).post('/v3/marketing/busifavor/stocks').reply(wechatpayReply(200, { stock_id: '9856000001', create_time: '2026-11-28T12:00:00+08:00' }));
const created = await a.api({ method: 'POST', url: `${base}/coupons`, payload: couponBody({ name: '海报券' }) });
if (created.statusCode !== 201) throw new Error(`create: ${created.statusCode} ${created.body}`);
const coupon = created.json() as { id: string };

const customer = (await a.api({ method: 'POST', url: '/api/v1/customers', payload: { name: '王小明', phone: '13912345678' } })).json() as { id: string };
const sale = (await h.as(a.cashierToken)({
  method: 'POST', url: '/api/v1/pos/orders',
  payload: { clientOrderId: 'coupon-log-1', storeId: a.storeIds[0], lines: [{ skuId: a.skus.cola.id, quantity: 4 }], tenders: [{ method: 'cash', amountFen: 1400 }] },
})).json() as { id: string; number: string };

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000);
// Today's claims fall between China's last midnight and now, so a run just after midnight there
// (16:00 UTC) does not push them into yesterday.
const DAY = 86_400_000;
const CHINA = 8 * 3_600_000;
const chinaMidnight = Math.floor((Date.now() + CHINA) / DAY) * DAY - CHINA;
const todayAt = (share: number) => new Date(chinaMidnight + (Date.now() - chinaMidnight) * share);
let claims = 0;
const claim = (row: Record<string, unknown>) => kit.asPlugin(a, (ctx) => ctx.db('claims').insert({
  tenant_id: ctx.tenantId, id: crypto.randomUUID(), coupon_id: coupon.id, customer_id: customer.id, seq: ++claims,
  out_request_no: `MCTEST${claims}`, coupon_code: `10000000000000000${String(claims).padStart(5, '0')}`, state: 'available', ...row,
}));
await claim({ claimed_at: todayAt(0.6) });
await claim({ claimed_at: todayAt(0.3), state: 'used', used_at: todayAt(0.9), order_id: sale.id });
await claim({ claimed_at: hoursAgo(24 * 3) });
await claim({ claimed_at: hoursAgo(24 * 40) });
await claim({ claimed_at: null, state: 'pending', coupon_code: null });

t.test('China days: the last N dates up to today in China, whatever the server\'s clock zone', async (t) => {
  t.same(chinaDays(new Date('2026-11-27T17:30:00Z'), 3), ['2026-11-26', '2026-11-27', '2026-11-28'], '01:30 in Shanghai is already the 28th');
  t.same(chinaDays(new Date('2026-03-01T15:59:59Z'), 2), ['2026-02-28', '2026-03-01']);
});

t.test('daily: every one of the last 30 China days, claims and redemptions of the whole shop', async (t) => {
  const res = await a.api({ method: 'GET', url: `${base}/daily` });
  t.equal(res.statusCode, 200, res.body);
  const days = res.json() as { day: string; claimed: number; used: number }[];
  t.same(days.map((d) => d.day), chinaDays(new Date(), 30), 'thirty days, oldest first, today last');
  const today = days.at(-1)!;
  t.same(days.filter((d) => d.claimed > 0 || d.used > 0).map((d) => [d.day, d.claimed, d.used]).at(-1), [today.day, 2, 1], 'today: two claimed, one used');
  t.equal(days.reduce((n, d) => n + d.claimed, 0), 3, 'the 40-day-old claim and the unconfirmed reservation are left out');
  t.equal((await a.api({ method: 'GET', url: `${base}/daily?days=0` })).json().field, 'days');
  t.equal((await b.api({ method: 'GET', url: `${base}/daily` })).statusCode, 404, 'a shop without the plugin gets nothing');
});

t.test('the claim log names the customer and the order number', async (t) => {
  const res = await a.api({ method: 'GET', url: `${base}/coupons/${coupon.id}/claims?_sort=claimedAt&_order=asc&_start=2&_end=4` });
  t.equal(res.statusCode, 200, res.body);
  t.equal(res.headers['x-total-count'], '5');
  t.match(res.json(), [
    { customerName: '王小明', customerPhone: '13912345678', state: 'used', orderId: sale.id, orderNumber: sale.number },
    { customerName: '王小明', state: 'available', orderId: null, orderNumber: null },
  ]);
});

/** Changes the binding on the owner connection, bumping the partner's version so the kernel reloads it. */
async function withBinding(change: () => Promise<unknown>, check: () => Promise<void>) {
  const saved = await h.db.knex('tenants').where({ id: a.tenantId }).first('sub_mchid');
  const partnerId = kit.wechatpay!.partnerId;
  const partner = await h.db.knex('partners').where({ id: partnerId }).first('apiv3_key_enc', 'apiv2_key_enc');
  try {
    await change();
    await h.db.knex('partners').where({ id: partnerId }).update({ updated_at: new Date() });
    await check();
  } finally {
    await h.db.knex('tenants').where({ id: a.tenantId }).update(saved);
    await h.db.knex('partners').where({ id: partnerId }).update({ ...partner, updated_at: new Date() });
  }
}

const checklist = async () => {
  const res = await a.api({ method: 'GET', url: `${base}/prerequisites` });
  if (res.statusCode !== 200) throw new Error(`prerequisites: ${res.statusCode} ${res.body}`);
  const body = res.json() as { ready: boolean; sandbox: boolean | null; message: string | null; items: { key: string; state: string }[] };
  return { ...body, states: Object.fromEntries(body.items.map((item) => [item.key, item.state])) };
};

t.test('prerequisites: each item\'s state, never a secret', async (t) => {
  const ready = await checklist();
  t.match(ready, { ready: true, sandbox: false, message: null });
  t.same(Object.values(ready.states), Array(8).fill('valid'), 'partner, certificate, serial, APIv3 key, appid, verification, APIv2 key, sub_mchid');
  const raw = JSON.stringify(ready);
  t.notMatch(raw, /BEGIN|PRIVATE|\d{10}/, 'no key, certificate or merchant number in the answer');

  await withBinding(() => h.db.knex('partners').where({ id: kit.wechatpay!.partnerId }).update({ apiv3_key_enc: null }), async () => {
    const noKey = await checklist();
    t.match(noKey, { ready: false, sandbox: null });
    t.match(noKey.states, { partner: 'valid', subMchid: 'valid', apiv3Key: 'missing', apiCertificate: 'valid', apiCertSerial: 'valid', officialAccount: 'valid', apiv2Key: 'unchecked' });
  });
  await withBinding(() => h.db.knex('partners').where({ id: kit.wechatpay!.partnerId }).update({ apiv2_key_enc: null }), async () => {
    t.match(await checklist(), { ready: false, states: { apiv2Key: 'missing', apiv3Key: 'valid' } }, 'coupons can be made, but the mall cannot sign a claim');
  });
  await withBinding(() => h.db.knex('tenants').where({ id: a.tenantId }).update({ sub_mchid: null }), async () => {
    const unbound = await checklist();
    t.match(unbound.states, { partner: 'valid', subMchid: 'missing', apiv3Key: 'unchecked' });
    t.match(unbound.message, /sub_mchid/);
  });
  t.equal((await h.as(a.cashierToken)({ method: 'GET', url: `${base}/prerequisites` })).statusCode, 403, 'a cashier may not see it');
});
