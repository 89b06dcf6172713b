import type { Knex } from '@lingshou/plugin-sdk';

/**
 * reserve_claim: a claim's reservation as one call (db.call), the hot path of a coupon everyone
 * wants at once. Its statements are those reserveClaim sent one by one: a round trip each, and
 * each parsed and planned again; in a function they go in one round trip with plans the
 * connection keeps. Each statement takes a fresh snapshot (read committed), so the count after
 * the claimant's lock sees every claim committed before it.
 *
 * Order: the customer's claimant row (one customer's claims queue), the count against the
 * per-customer limit, then the budget's conditional increment, and only then the claim's insert:
 * its foreign-key check finds the coupon's row already locked by this transaction, rather than
 * adding a share lock of its own to the row every claim is updating.
 *
 * Answers one row: outcome 'reserved' (with the claim's seq), 'limit-reached' or 'sold-out'; a
 * refusal changed nothing the caller's rollback does not undo. Tables are named with the schema
 * the migration runs in (the caller's search_path is not the plugin's), and each statement names
 * the tenant as well as row-level security does, so a sharded deployment routes it by tenant_id.
 */
export async function up(knex: Knex): Promise<void> {
  const { rows } = await knex.raw('select current_schema() as schema') as { rows: { schema: string }[] };
  const s = `"${rows[0]!.schema}"`;
  await knex.raw(`
    create function reserve_claim(
      p_coupon uuid, p_customer uuid, p_per_user_limit integer, p_claim uuid, p_openid text, p_out_request_no text, p_code text
    ) returns table (outcome text, seq integer) language plpgsql as $$
    #variable_conflict use_column
    declare
      v_tenant uuid := nullif(current_setting('app.tenant_id', true), '')::uuid;
      v_held integer;
      v_last integer;
    begin
      insert into ${s}.claimants (tenant_id, coupon_id, customer_id) values (v_tenant, p_coupon, p_customer)
        on conflict (tenant_id, coupon_id, customer_id) do update set last_claim_at = now();
      select count(*), max(c.seq) into v_held, v_last from ${s}.claims c
        where c.tenant_id = v_tenant and c.coupon_id = p_coupon and c.customer_id = p_customer and c.state <> 'released';
      if v_held >= p_per_user_limit then
        return query select 'limit-reached'::text, null::integer;
        return;
      end if;
      -- In code mode upload WeChat can send only as many coupons as codes were uploaded.
      update ${s}.coupons o set claimed_count = o.claimed_count + 1
        where o.tenant_id = v_tenant and o.id = p_coupon and o.state = 'running' and o.claimed_count < o.max_coupons
          and (o.code_mode <> 'upload' or o.claimed_count < o.uploaded_count);
      if not found then
        return query select 'sold-out'::text, null::integer;
        return;
      end if;
      -- seq follows the highest one held: a released reservation gives its seq up (null).
      insert into ${s}.claims (tenant_id, id, coupon_id, customer_id, seq, openid, out_request_no, coupon_code, state)
        values (v_tenant, p_claim, p_coupon, p_customer, coalesce(v_last, 0) + 1, p_openid, p_out_request_no, p_code, 'pending');
      return query select 'reserved'::text, coalesce(v_last, 0) + 1;
    end
    $$`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop function reserve_claim(uuid, uuid, integer, uuid, text, text, text)');
}
