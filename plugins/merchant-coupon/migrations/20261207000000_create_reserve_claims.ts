import type { Knex } from '@lingshou/plugin-sdk';

/**
 * reserve_claims: a batch of claims of one coupon in one call, for the claim route's batches
 * (many customers at once: one transaction and one round trip instead of one of each per claim).
 * Each item is reserved by reserve_claim, in the batch's order, so the rules are those of one
 * claim; the outcome of each comes back with its item's position.
 *
 * Every claimant of the batch is locked first, in customer order, before any budget is touched:
 * batches of the same coupon on other servers then take their claimants in the same order and
 * the coupon's row after them, so two batches never wait on each other in a circle.
 *
 * p_items: [{ "customer", "claim", "openid", "outRequestNo", "code" }], openid and code may be null.
 */
export async function up(knex: Knex): Promise<void> {
  const { rows } = await knex.raw('select current_schema() as schema') as { rows: { schema: string }[] };
  const s = `"${rows[0]!.schema}"`;
  await knex.raw(`
    create function reserve_claims(p_coupon uuid, p_per_user_limit integer, p_items jsonb)
    returns table (item integer, outcome text, seq integer) language plpgsql as $$
    declare
      v_tenant uuid := nullif(current_setting('app.tenant_id', true), '')::uuid;
      r record;
    begin
      insert into ${s}.claimants (tenant_id, coupon_id, customer_id)
        select v_tenant, p_coupon, c.customer from (
          select distinct (e->>'customer')::uuid as customer from jsonb_array_elements(p_items) e
        ) c order by c.customer
        on conflict (tenant_id, coupon_id, customer_id) do update set last_claim_at = now();
      for r in select e.value as v, e.ordinality::integer as n from jsonb_array_elements(p_items) with ordinality e order by e.ordinality loop
        return query select r.n, x.outcome, x.seq from ${s}.reserve_claim(
          p_coupon, (r.v->>'customer')::uuid, p_per_user_limit, (r.v->>'claim')::uuid, r.v->>'openid', r.v->>'outRequestNo', r.v->>'code'
        ) x;
      end loop;
    end
    $$`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop function reserve_claims(uuid, integer, jsonb)');
}
