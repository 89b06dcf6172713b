import type { Knex } from '@lingshou/plugin-sdk';
import { up as createReserveClaim } from './20261204000000_create_reserve_claim.ts';

/**
 * reserve_claims: a batch of claims of one coupon in one call, for the claim route's batches
 * (many customers at once: one transaction and one round trip instead of one of each per claim),
 * in place of reserve_claim's one at a time. A fixed number of statements whatever the batch's
 * size, with the rules of claims made one after the other in the batch's order:
 *
 * 1. Every claimant of the batch is locked, in customer order, before any budget is touched:
 *    one customer's claims queue behind each other, and batches of the same coupon on other
 *    servers take their claimants in the same order and the coupon's row after them, so two
 *    batches never wait on each other in a circle.
 * 2. Each item is the customer's n-th ask in the batch after the claims they hold (released ones
 *    do not count); beyond the per-user limit it is refused (limit-reached).
 * 3. The coupon's row is locked and the room left computed (the budget, and in code mode upload
 *    the codes uploaded; none unless running); the first asks within the limit, in the batch's
 *    order, take it, and the counter moves once by their number; the rest are sold out.
 * 4. Those claims are written, each with its seq: one more than the customer's highest held.
 *
 * p_items: [{ "customer", "claim", "openid", "outRequestNo", "code" }], openid and code may be null.
 * Answers each item's position (1-based), outcome ('reserved', 'limit-reached', 'sold-out') and,
 * when reserved, seq. Tables are named with the schema the migration runs in (the caller's
 * search_path is not the plugin's), and each statement names the tenant as well as row-level
 * security does, so a sharded deployment routes it by tenant_id.
 */
export async function up(knex: Knex): Promise<void> {
  const { rows } = await knex.raw('select current_schema() as schema') as { rows: { schema: string }[] };
  const s = `"${rows[0]!.schema}"`;
  await knex.raw(`
    create function reserve_claims(p_coupon uuid, p_per_user_limit integer, p_items jsonb)
    returns table (item integer, outcome text, seq integer) language plpgsql as $$
    #variable_conflict use_column
    declare
      v_tenant uuid := nullif(current_setting('app.tenant_id', true), '')::uuid;
      v_asks jsonb;
      v_room integer;
      v_taken integer;
    begin
      insert into ${s}.claimants (tenant_id, coupon_id, customer_id)
        select v_tenant, p_coupon, c.customer from (
          select distinct (e->>'customer')::uuid as customer from jsonb_array_elements(p_items) e
        ) c order by c.customer
        on conflict (tenant_id, coupon_id, customer_id) do update set last_claim_at = now();

      with items as (
        select e.ordinality::integer as n, (e.value->>'customer')::uuid as customer, e.value as v
          from jsonb_array_elements(p_items) with ordinality e
      ), held as (
        -- Per customer, by the unique (tenant, coupon, customer, seq): a lookup each, whatever
        -- the coupon has handed out, which a plan for the whole list would not promise.
        select d.customer, h.held, h.last from (select distinct customer from items) d cross join lateral (
          select count(*)::integer as held, coalesce(max(c.seq), 0) as last from ${s}.claims c
           where c.tenant_id = v_tenant and c.coupon_id = p_coupon and c.customer_id = d.customer and c.state <> 'released'
        ) h
      ), ranked as (
        select i.n, i.v, h.held, h.last, row_number() over (partition by i.customer order by i.n)::integer as nth
          from items i join held h on h.customer = i.customer
      ), placed as (
        select r.*, case when r.held + r.nth <= p_per_user_limit
                    then count(*) filter (where r.held + r.nth <= p_per_user_limit) over (order by r.n) end as place
          from ranked r
      )
      select coalesce(jsonb_agg(jsonb_build_object('n', p.n, 'v', p.v, 'seq', p.last + p.nth, 'place', p.place) order by p.n), '[]')
        into v_asks from placed p;

      -- In code mode upload WeChat can send only as many coupons as codes were uploaded.
      select case when o.state = 'running'
                  then greatest(0, least(o.max_coupons, case when o.code_mode = 'upload' then o.uploaded_count else o.max_coupons end) - o.claimed_count)
                  else 0 end
        into v_room from ${s}.coupons o where o.tenant_id = v_tenant and o.id = p_coupon for update;
      select least(coalesce(v_room, 0), count(*)::integer) into v_taken from jsonb_array_elements(v_asks) a where a->>'place' is not null;
      if v_taken > 0 then
        update ${s}.coupons o set claimed_count = o.claimed_count + v_taken where o.tenant_id = v_tenant and o.id = p_coupon;
        insert into ${s}.claims (tenant_id, id, coupon_id, customer_id, seq, openid, out_request_no, coupon_code, state)
          select v_tenant, (a->'v'->>'claim')::uuid, p_coupon, (a->'v'->>'customer')::uuid, (a->>'seq')::integer,
                 a->'v'->>'openid', a->'v'->>'outRequestNo', a->'v'->>'code', 'pending'
            from jsonb_array_elements(v_asks) a where (a->>'place')::integer <= v_taken;
      end if;

      return query
        select (a->>'n')::integer,
               case when a->>'place' is null then 'limit-reached' when (a->>'place')::integer <= v_taken then 'reserved' else 'sold-out' end,
               case when (a->>'place')::integer <= v_taken then (a->>'seq')::integer end
          from jsonb_array_elements(v_asks) a order by (a->>'n')::integer;
    end
    $$`);
  // One way to reserve: the batch's.
  await knex.raw('drop function reserve_claim(uuid, uuid, integer, uuid, text, text, text)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop function reserve_claims(uuid, integer, jsonb)');
  await createReserveClaim(knex);
}
