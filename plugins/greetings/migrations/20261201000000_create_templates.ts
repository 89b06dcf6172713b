import { protectTenantTable, tenantKeyColumns, timestamps, type Knex } from '@lingshou/plugin-sdk';

/**
 * 祝福语模板 (seed 2.4.3.9.1). The table lives in the plugin's own schema (plugin_greetings):
 * the host sets the search path, so the name needs no prefix.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('templates', (t) => {
    tenantKeyColumns(t);
    t.string('text', 60).notNullable();
    t.string('category', 20).notNullable().defaultTo('');
    t.boolean('enabled').notNullable().defaultTo(true);
    t.integer('sort').notNullable().defaultTo(0);
    timestamps(t, knex);
  });
  await protectTenantTable(knex, 'templates');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('templates');
}
