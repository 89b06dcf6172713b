import type { Knex } from 'knex';

/**
 * products.has_active_sku, kept by a trigger on skus: the mall lists only products with an
 * active SKU, and its page counts every product that matches. Checked through skus, that count
 * probed the SKU index once per product of the catalog on every page (issue 9's catalog
 * scenario, docs/performance.md); as a column it is read from the listing index, which also
 * holds the newest-first order with its tie-break (created_at, id) so the page needs no sort. A trigger
 * rather than the catalog service, so that every writer of skus (imports, bulk SQL) keeps it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('products', (t) => {
    t.boolean('has_active_sku').notNullable().defaultTo(false);
  });
  await knex.raw(`update products p set has_active_sku = exists (
    select 1 from skus s where s.tenant_id = p.tenant_id and s.product_id = p.id and s.active)`);
  // Only a change can clear the flag, so an insert sets it without looking; an update or a
  // delete recounts the one product it touched (both, when a SKU moves between products).
  await knex.raw(`
    create function products_keep_has_active_sku() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        if new.active then
          update products set has_active_sku = true
            where tenant_id = new.tenant_id and id = new.product_id and not has_active_sku;
        end if;
        return null;
      end if;
      update products p set has_active_sku = x.has
        from (select exists (select 1 from skus s where s.tenant_id = old.tenant_id and s.product_id = old.product_id and s.active) as has) x
        where p.tenant_id = old.tenant_id and p.id = old.product_id and p.has_active_sku <> x.has;
      if tg_op = 'UPDATE' and new.product_id <> old.product_id then
        update products p set has_active_sku = x.has
          from (select exists (select 1 from skus s where s.tenant_id = new.tenant_id and s.product_id = new.product_id and s.active) as has) x
          where p.tenant_id = new.tenant_id and p.id = new.product_id and p.has_active_sku <> x.has;
      end if;
      return null;
    end
    $$`);
  await knex.raw(`create trigger skus_keep_has_active_sku after insert or delete or update of active, product_id on skus
    for each row execute function products_keep_has_active_sku()`);
  await knex.raw('drop index products_mall_listing');
  await knex.raw('create index products_mall_listing on products (tenant_id, status, has_active_sku, created_at desc, id desc)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index products_mall_listing');
  await knex.raw('create index products_mall_listing on products (tenant_id, status, created_at desc)');
  await knex.raw('drop trigger skus_keep_has_active_sku on skus');
  await knex.raw('drop function products_keep_has_active_sku()');
  await knex.schema.alterTable('products', (t) => {
    t.dropColumn('has_active_sku');
  });
}
