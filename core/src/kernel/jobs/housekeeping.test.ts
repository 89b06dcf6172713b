import { createHash, randomBytes } from 'node:crypto';
import t from 'tap';
import { startTestApp } from '../../testing/test-app.ts';
import { createShop } from '../../testing/shop.ts';
import { newId } from '../../db/ids.ts';
import { sweep, startHousekeeping } from './housekeeping.ts';

const h = await startTestApp();
t.teardown(h.close);
const shop = await createShop(h);
const { knex } = h.db;
const ago = (days: number) => knex.raw(`now() - make_interval(days => ?)`, [days]);

t.test('the sweep deletes only what is past its retention, for every merchant', async (t) => {
  const other = await createShop(h, '别家');
  const code = (tenantId: string, phone: string, daysAgo: number) => ({
    tenant_id: tenantId, id: newId(), phone, code_hash: 'x'.repeat(64), created_at: ago(daysAgo), expires_at: ago(daysAgo),
  });
  await knex('sms_codes').insert([
    code(shop.tenantId, '13800000001', 2), code(other.tenantId, '13800000002', 3), code(shop.tenantId, '13800000003', 0),
  ]);
  const [account] = await knex('accounts').where({ tenant_id: shop.tenantId }).select('id') as { id: string }[];
  const token = (expiresDaysAgo: number, revokedDaysAgo: number | null) => ({
    token_hash: createHash('sha256').update(randomBytes(16)).digest('hex'), account_id: account!.id,
    expires_at: ago(expiresDaysAgo), revoked_at: revokedDaysAgo === null ? null : ago(revokedDaysAgo),
  });
  const live = token(-7, null);
  const recentlyRevoked = token(-7, 3);
  const recentlyExpired = token(10, null);
  await knex('refresh_tokens').insert([token(40, null), token(-7, 40), live, recentlyRevoked, recentlyExpired]);
  const tokensBefore = Number((await knex('refresh_tokens').count({ n: '*' }))[0]!.n);

  t.same(await sweep(knex), { smsCodes: 2, refreshTokens: 2 }, 'the day-old codes of both merchants, and the tokens dead for over a month');
  t.same((await knex('sms_codes').select('phone')).map((row: { phone: string }) => row.phone), ['13800000003'], 'today\'s code stays');
  const kept = new Set((await knex('refresh_tokens').select('token_hash')).map((row: { token_hash: string }) => row.token_hash));
  t.equal(kept.size, tokensBefore - 2);
  t.ok([live, recentlyRevoked, recentlyExpired].every((row) => kept.has(row.token_hash)), 'live, and dead for under a month, stay');
  t.same(await sweep(knex), { smsCodes: 0, refreshTokens: 0 }, 'a second run finds nothing');
});

t.test('a worker schedules it hourly', async (t) => {
  await startHousekeeping(h.app.jobs, knex, h.app.log);
  const schedule = (await knex.raw(`select name, cron, timezone from pgboss.schedule where name = 'kernel-housekeeping'`)).rows;
  t.same(schedule, [{ name: 'kernel-housekeeping', cron: '17 * * * *', timezone: 'Asia/Shanghai' }]);
});
